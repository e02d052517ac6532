import { createReadStream, type ReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dsnEnvelope, dsnStream, type DsnInput, type DsnRecipient } from '../../core/delivery/dsn.ts';
import { headerSection } from '../../core/delivery/dsn-original.ts';

const MiB = 1024 * 1024;
const ORIGINAL_HEADERS =
  'Received: from client.sender.example ([192.0.2.7])\r\n\tby backup-mx.example.com; Tue, 05 Nov 2024 10:00:00 +0000\r\n' +
  'From: Alice <alice@sender.example>\r\nTo: Bob <bob@example.com>\r\nSubject: Quarterly figures\r\n' +
  'Message-ID: <orig-1@sender.example>\r\n';
const ORIGINAL = `${ORIGINAL_HEADERS}\r\nHello Bob,\r\n\r\n--not-a-boundary\r\nFrom here on, figures.\r\n`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mx-standby-dsn-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the original to a real spool-like file; `opened` collects every stream the builder opens. */
async function originalFile(content: Buffer | string): Promise<{ open: () => ReadStream; opened: ReadStream[] }> {
  const path = join(dir, 'original.eml');
  await writeFile(path, content);
  const opened: ReadStream[] = [];
  return {
    opened,
    open: () => {
      const stream = createReadStream(path);
      opened.push(stream);
      return stream;
    },
  };
}

function failedBob(overrides: Partial<DsnRecipient> = {}): DsnRecipient {
  return {
    address: 'bob@example.com',
    orcpt: null,
    action: 'failed',
    status: '5.1.1',
    diagnostic: '550 5.1.1 <bob@example.com>: user unknown',
    remoteMta: 'mx.example.com',
    lastAttemptAt: new Date('2024-11-06T09:30:00Z'),
    willRetryUntil: null,
    ...overrides,
  };
}

function dsnInput(original: () => Readable, overrides: Partial<DsnInput> = {}): DsnInput {
  return {
    reportingMta: 'backup-mx.example.com',
    originalSender: 'alice@sender.example',
    envid: null,
    ret: null,
    arrivalDate: new Date('2024-11-05T10:00:00Z'),
    queueId: 'Q42',
    recipients: [failedBob()],
    original,
    now: new Date('2024-11-06T10:00:00Z'),
    ...overrides,
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface RawPart {
  headers: string;
  body: Buffer;
}

/** Splits the raw DSN at its boundary, byte for byte (latin1 maps each byte to one character). */
function rawParts(raw: Buffer): RawPart[] {
  const text = raw.toString('latin1');
  const boundary = /boundary="([^"]+)"/.exec(text)?.[1];
  if (boundary === undefined) throw new Error('no boundary in the DSN');
  const pieces = text.split(`\r\n--${boundary}`);
  expect(pieces.at(-1)).toBe('--\r\n');
  return pieces.slice(1, -1).map((piece) => {
    expect(piece.startsWith('\r\n')).toBe(true);
    const blank = piece.indexOf('\r\n\r\n', 2);
    return { headers: piece.slice(2, blank), body: Buffer.from(piece.slice(blank + 4), 'latin1') };
  });
}

/** The message/delivery-status body as field blocks: [name, unfolded value] pairs in order. */
function statusBlocks(body: Buffer): Array<Array<[string, string]>> {
  const text = body.toString('latin1');
  expect(text.endsWith('\r\n')).toBe(true);
  return text
    .slice(0, -2)
    .split('\r\n\r\n')
    .map((block) =>
      block
        .replace(/\r\n(?=[ \t])/g, '')
        .split('\r\n')
        .map((line): [string, string] => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon), line.slice(colon + 1).trim()];
        }),
    );
}

function expectWellFormedLines(raw: Buffer): void {
  const text = raw.toString('latin1');
  expect(text).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
  for (const line of text.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
}

describe('dsnStream', () => {
  it('reports one failed recipient with the original headers only', async () => {
    const original = await originalFile(ORIGINAL);
    const input = dsnInput(original.open);
    const raw = await readAll(dsnStream(input));
    expectWellFormedLines(raw);

    const parsed = await simpleParser(raw, { keepDeliveryStatus: true });
    expect(parsed.subject).toBe('Undelivered Mail Returned to Sender');
    expect(parsed.from?.value).toEqual([{ name: 'Mail Delivery System', address: 'MAILER-DAEMON@backup-mx.example.com' }]);
    expect(parsed.to).toMatchObject({ value: [{ address: 'alice@sender.example' }] });
    expect(parsed.date).toEqual(new Date('2024-11-06T10:00:00Z'));
    expect(parsed.messageId).toMatch(/^<[^@<>\s]+@backup-mx\.example\.com>$/);
    expect(parsed.headers.get('mime-version')).toBe('1.0');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(parsed.headers.get('x-mx-standby-queue-id')).toBe('Q42');
    expect(parsed.headers.get('content-type')).toMatchObject({
      value: 'multipart/report',
      params: { 'report-type': 'delivery-status', boundary: expect.stringMatching(/[0-9a-f]{32}$/) },
    });

    const text = parsed.text ?? '';
    expect(text).toContain('bob@example.com');
    expect(text).toContain('Their mail server (mx.example.com) answered:');
    expect(text).toContain('550 5.1.1 <bob@example.com>: user unknown');
    expect(text).toContain('backup-mx.example.com: it is the backup mail server for example.com');
    expect(text).toContain('message Q42');
    expect(text).not.toMatch(/\{\w+\}/);

    const parts = rawParts(raw);
    expect(parts.map((p) => /Content-Type: ([^;\r\n]+)/.exec(p.headers)?.[1])).toEqual([
      'text/plain',
      'message/delivery-status',
      'text/rfc822-headers',
    ]);
    expect(parts[0]?.headers).toContain('charset=utf-8');
    expect(statusBlocks(parts[1]!.body)).toEqual([
      [
        ['Reporting-MTA', 'dns; backup-mx.example.com'],
        ['Arrival-Date', 'Tue, 05 Nov 2024 10:00:00 +0000'],
      ],
      [
        ['Final-Recipient', 'rfc822; bob@example.com'],
        ['Action', 'failed'],
        ['Status', '5.1.1'],
        ['Remote-MTA', 'dns; mx.example.com'],
        ['Diagnostic-Code', 'smtp; 550 5.1.1 <bob@example.com>: user unknown'],
        ['Last-Attempt-Date', 'Wed, 06 Nov 2024 09:30:00 +0000'],
      ],
    ]);
    expect(parts[2]?.body.toString('latin1')).toBe(ORIGINAL_HEADERS);
    expect(original.opened).toHaveLength(1);
  });

  it('returns the whole original byte for byte with RET=FULL, for two recipients with ORCPT and ENVID', async () => {
    // 8-bit body bytes and a line that looks like a MIME delimiter must pass through untouched.
    const originalBytes = Buffer.concat([
      Buffer.from(ORIGINAL),
      Buffer.from('Grüße, Ünal\r\n', 'utf8'),
      Buffer.from([0xff, 0x0d, 0x0a]),
    ]);
    const original = await originalFile(originalBytes);
    const input = dsnInput(original.open, {
      envid: 'QQ314159',
      ret: 'FULL',
      originalBody: '8BITMIME',
      recipients: [
        failedBob({ orcpt: 'rfc822;Bob@Example.com' }),
        failedBob({
          address: 'carol@example.org',
          status: '5.2.2',
          diagnostic: '552-5.2.2 mailbox full\r\n552 5.2.2 try again next week',
          remoteMta: 'mail.example.org',
          lastAttemptAt: null,
        }),
      ],
    });
    const raw = await readAll(dsnStream(input));
    expectWellFormedLines(raw);

    const parts = rawParts(raw);
    expect(parts[2]?.headers.split('\r\n')).toEqual([
      'Content-Description: Undelivered message',
      'Content-Type: message/rfc822',
      'Content-Transfer-Encoding: 8bit',
    ]);
    expect(parts[2]?.body.equals(originalBytes)).toBe(true);
    expect(statusBlocks(parts[1]!.body)).toEqual([
      [
        ['Reporting-MTA', 'dns; backup-mx.example.com'],
        ['Original-Envelope-Id', 'QQ314159'],
        ['Arrival-Date', 'Tue, 05 Nov 2024 10:00:00 +0000'],
      ],
      [
        ['Original-Recipient', 'rfc822; Bob@Example.com'],
        ['Final-Recipient', 'rfc822; bob@example.com'],
        ['Action', 'failed'],
        ['Status', '5.1.1'],
        ['Remote-MTA', 'dns; mx.example.com'],
        ['Diagnostic-Code', 'smtp; 550 5.1.1 <bob@example.com>: user unknown'],
        ['Last-Attempt-Date', 'Wed, 06 Nov 2024 09:30:00 +0000'],
      ],
      [
        ['Final-Recipient', 'rfc822; carol@example.org'],
        ['Action', 'failed'],
        ['Status', '5.2.2'],
        ['Remote-MTA', 'dns; mail.example.org'],
        ['Diagnostic-Code', 'smtp; 552-5.2.2 mailbox full 552 5.2.2 try again next week'],
      ],
    ]);

    const parsed = await simpleParser(raw, { keepDeliveryStatus: true });
    expect(parsed.attachments.map((a) => a.contentType)).toEqual(['message/delivery-status', 'message/rfc822']);
    expect(parsed.attachments[1]?.content.equals(originalBytes)).toBe(true);
    expect(parsed.text).toContain('carol@example.org');
    expect(parsed.text).toContain('552 5.2.2 try again next week');
    expect(parsed.text).toContain('backup mail server for example.com, example.org');
    expect(parsed.text).toContain('A copy of your message is attached.');
    expect(dsnEnvelope(input)).toEqual({ from: '', to: 'alice@sender.example' });
  });

  it('sends a delay notice that says delivery is still being retried', async () => {
    const original = await originalFile(ORIGINAL);
    const delayed = failedBob({
      action: 'delayed',
      status: '4.4.1',
      diagnostic: '421 4.4.1 mx.example.com is busy, try later',
      willRetryUntil: new Date('2024-12-05T10:00:00Z'),
    });
    const raw = await readAll(dsnStream(dsnInput(original.open, { recipients: [delayed] })));
    expectWellFormedLines(raw);

    const parsed = await simpleParser(raw, { keepDeliveryStatus: true });
    expect(parsed.subject).toBe('Delayed Mail (still being retried)');
    expect(parsed.text).toContain('You do not need to do anything');
    expect(parsed.text).toContain('We will keep trying until Thu, 05 Dec 2024 10:00:00 +0000.');
    expect(parsed.text).not.toContain('stopped trying');
    expect(statusBlocks(rawParts(raw)[1]!.body)[1]).toEqual([
      ['Final-Recipient', 'rfc822; bob@example.com'],
      ['Action', 'delayed'],
      ['Status', '4.4.1'],
      ['Remote-MTA', 'dns; mx.example.com'],
      ['Diagnostic-Code', 'smtp; 421 4.4.1 mx.example.com is busy, try later'],
      ['Last-Attempt-Date', 'Wed, 06 Nov 2024 09:30:00 +0000'],
      ['Will-Retry-Until', 'Thu, 05 Dec 2024 10:00:00 +0000'],
    ]);
  });

  it('treats a report with failed and delayed recipients as a failure, and labels local reasons as ours', async () => {
    const original = await originalFile(ORIGINAL);
    const expired = failedBob({
      address: 'dora@example.com',
      status: '',
      diagnostic: 'message expired after 30 days: primary did not answer',
      remoteMta: null,
    });
    const waiting = failedBob({ address: 'erin@example.com', action: 'delayed', status: 'n/a', willRetryUntil: null });
    const raw = await readAll(dsnStream(dsnInput(original.open, { recipients: [waiting, expired] })));

    const parsed = await simpleParser(raw, { keepDeliveryStatus: true });
    expect(parsed.subject).toBe('Undelivered Mail Returned to Sender');
    const text = parsed.text ?? '';
    expect(text).toContain('Reason: message expired after 30 days: primary did not answer');
    // Failed recipients come first: that is the news the sender must not miss.
    expect(text.indexOf('dora@example.com')).toBeLessThan(text.indexOf('erin@example.com'));
    const [, waitingBlock, expiredBlock] = statusBlocks(rawParts(raw)[1]!.body);
    expect(waitingBlock).toContainEqual(['Status', '4.0.0']);
    expect(expiredBlock).toContainEqual(['Status', '5.0.0']);
    expect(expiredBlock).toContainEqual([
      'Diagnostic-Code',
      'X-MX-Standby; message expired after 30 days: primary did not answer',
    ]);
    expect(expiredBlock?.map(([name]) => name)).not.toContain('Remote-MTA');
  });

  it('keeps non-ASCII addresses: RFC 6533 utf-8 form in the ASCII-only report, letters for people', async () => {
    const original = await originalFile(ORIGINAL);
    const recipient = failedBob({ address: 'jörg@müller.example', orcpt: 'utf-8;jörg+1@müller.example' });
    const input = dsnInput(original.open, { originalSender: 'zoë@sender.example', recipients: [recipient] });
    const raw = await readAll(dsnStream(input));

    const [, block] = statusBlocks(rawParts(raw)[1]!.body);
    expect(block?.slice(0, 2)).toEqual([
      ['Original-Recipient', 'utf-8; j\\x{F6}rg\\x{2B}1@m\\x{FC}ller.example'],
      ['Final-Recipient', 'utf-8; j\\x{F6}rg@m\\x{FC}ller.example'],
    ]);
    const parsed = await simpleParser(raw);
    expect(parsed.text).toContain('jörg@müller.example');
    expect(parsed.to).toMatchObject({ value: [{ address: 'zoë@sender.example' }] });
  });

  it('turns CR/LF from the network into spaces so no header line can be injected', async () => {
    const original = await originalFile(ORIGINAL);
    const hostile = failedBob({
      orcpt: 'rfc822;bob@example.com\r\nX-Evil: orcpt',
      diagnostic: '550 no such user\r\nBcc: x@y',
      remoteMta: 'mx.example.com\r\nX-Evil: remote',
    });
    const input = dsnInput(original.open, {
      originalSender: 'alice@sender.example>\r\nBcc: x@y',
      envid: 'E1\r\nX-Evil: envid',
      queueId: 'Q42\nX-Evil: queue',
      recipients: [hostile],
    });
    const raw = await readAll(dsnStream(input));
    expectWellFormedLines(raw);

    const parsed = await simpleParser(raw, { keepDeliveryStatus: true });
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.headers.has('x-evil')).toBe(false);
    const parts = rawParts(raw);
    // Everything we generated: the top header section and the first two parts (the third is the sender's own).
    const topHeaders = raw.toString('latin1').split('\r\n\r\n')[0];
    const generated = [topHeaders, ...parts.slice(0, 2).map((p) => `${p.headers}\r\n\r\n${p.body.toString('latin1')}`)];
    for (const section of generated) expect(section).not.toMatch(/^(Bcc|X-Evil):/im);
    const fields = statusBlocks(parts[1]!.body).flat();
    expect(fields.map(([name]) => name)).not.toContain('Bcc');
    expect(fields).toContainEqual(['Diagnostic-Code', 'smtp; 550 no such user Bcc: x@y']);
    expect(fields).toContainEqual(['Original-Envelope-Id', 'E1 X-Evil: envid']);
  });

  it('reads only the header section of a 20 MB original when returning headers', async () => {
    const body = Buffer.alloc(20 * MiB, 'All work and no play makes a long message.\r\n');
    const original = await originalFile(Buffer.concat([Buffer.from(`${ORIGINAL_HEADERS}\r\n`), body]));
    const raw = await readAll(dsnStream(dsnInput(original.open, { ret: 'HDRS' })));

    expect(rawParts(raw)[2]?.body.toString('latin1')).toBe(ORIGINAL_HEADERS);
    const [stream] = original.opened;
    expect(stream?.bytesRead).toBeLessThanOrEqual(256 * 1024);
    expect(stream?.destroyed).toBe(true);
    expect(raw.length).toBeLessThan(16 * 1024);
  });

  it('streams a multi-megabyte original with RET=FULL without reading ahead of the consumer', async () => {
    const size = 8 * MiB;
    const originalBytes = Buffer.concat([Buffer.from(`${ORIGINAL_HEADERS}\r\n`), Buffer.alloc(size, 'line of body text\r\n')]);
    const original = await originalFile(originalBytes);
    const dsn = dsnStream(dsnInput(original.open, { ret: 'FULL' }));

    const chunks: Buffer[] = [];
    let delivered = 0;
    let readAtFirstChunk: number | undefined;
    let largestLead = 0;
    for await (const chunk of dsn) {
      const read = original.opened[0]?.bytesRead ?? 0;
      readAtFirstChunk ??= read;
      delivered += (chunk as Buffer).length;
      largestLead = Math.max(largestLead, read - delivered);
      chunks.push(chunk as Buffer);
    }
    expect(chunks.length).toBeGreaterThan(10);
    expect(readAtFirstChunk).toBeLessThan(MiB);
    // What has been read from the original but not yet handed on stays a few chunks, not the message.
    expect(largestLead).toBeLessThan(MiB);
    expect(rawParts(Buffer.concat(chunks))[2]?.body.equals(originalBytes)).toBe(true);
  });

  it('closes the original when the reader of the DSN gives up half way', async () => {
    const original = await originalFile(Buffer.alloc(4 * MiB, 'x'));
    const dsn = dsnStream(dsnInput(original.open, { ret: 'FULL' }));
    const reader = dsn[Symbol.asyncIterator]();
    let step = await reader.next();
    while (!step.done && (original.opened[0]?.bytesRead ?? 0) === 0) step = await reader.next();
    expect(step.done).toBe(false);
    await reader.return?.();
    const [stream] = original.opened;
    // Stopping early aborts the file stream, which closes its descriptor.
    await expect(finished(stream!)).rejects.toMatchObject({ name: 'AbortError' });
    expect(stream?.closed).toBe(true);
    expect(stream?.bytesRead).toBeLessThan(4 * MiB);
  });

  it('fails the DSN stream with the error of an original that cannot be read', async () => {
    const missing = () => createReadStream(join(dir, 'gone.eml'));
    await expect(readAll(dsnStream(dsnInput(missing, { ret: 'FULL' })))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a report without recipients', () => {
    expect(() => dsnStream(dsnInput(() => Readable.from([]), { recipients: [] }))).toThrow(/at least one recipient/);
  });
});

describe('headerSection', () => {
  async function headersOf(chunks: string[]): Promise<string> {
    const parts: Buffer[] = [];
    for await (const part of headerSection(Readable.from(chunks.map((c) => Buffer.from(c))))) parts.push(part);
    return Buffer.concat(parts).toString();
  }

  it('finds the empty line when it is split across chunks, one byte at a time', async () => {
    const message = 'A: 1\r\nB: 2\r\n\r\nbody\r\n';
    expect(await headersOf([...message])).toBe('A: 1\r\nB: 2\r\n');
  });

  it('returns everything when the message has no empty line', async () => {
    expect(await headersOf(['A: 1\r\n', 'B: 2'])).toBe('A: 1\r\nB: 2');
  });

  it('returns nothing when the message starts with the empty line', async () => {
    expect(await headersOf(['\r', '\nbody\r\n'])).toBe('');
  });
});
