import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueIdOf, RawSmtp, startEngine, stored, type RawReply, type RunningEngine } from './engine-harness.ts';

const HEADERS = 'From: <sender@origin.test>\r\nTo: <user@example.test>\r\nSubject: smuggling\r\n\r\n';
const SMUGGLED =
  'MAIL FROM:<smuggler@evil.test>\r\nRCPT TO:<victim@example.test>\r\nDATA\r\n' +
  'From: <ceo@example.test>\r\nSubject: smuggled\r\n\r\nPay this invoice.\r\n.\r\n';

/** Line endings that some servers take for the end of DATA; only CRLF.CRLF may end it (RFC 5321 4.1.1.4). */
const FALSE_ENDS = [
  ['<LF>.<LF>', '\n.\n'],
  ['<CR>.<CR>', '\r.\r'],
  ['<LF>.<CR><LF>', '\n.\r\n'],
  ['<CR><LF>.<LF>', '\r\n.\n'],
  ['<CR>.<CR><LF>', '\r.\r\n'],
] as const;

describe('SMTP smuggling', () => {
  let running: RunningEngine;
  let client: RawSmtp;

  beforeEach(async () => {
    // No primary: whatever is accepted stays in the queue, where the test can see it.
    running = await startEngine({});
    client = await RawSmtp.session(running.port);
  });

  afterEach(async () => {
    await client?.close();
    await running?.stop();
  });

  /** MAIL, RCPT and DATA, then the given bytes; returns the reply that ends the DATA phase. */
  async function transaction(data: string): Promise<RawReply> {
    expect(await client.command('MAIL FROM:<sender@origin.test>')).toMatchObject({ code: 250 });
    expect(await client.command('RCPT TO:<user@example.test>')).toMatchObject({ code: 250 });
    expect(await client.command('DATA')).toMatchObject({ code: 354 });
    client.write(data);
    return client.reply();
  }

  it('refuses a message with bare LF line endings with a clear 5xx and stores nothing', async () => {
    const answer = await transaction('From: <sender@origin.test>\nSubject: unix endings\n\nHello.\r\n.\r\n');

    expect(answer.code).toBe(550);
    expect(answer.text).toContain('5.6.11');
    expect(answer.text).toContain('bare LF');
    expect(await stored(running)).toEqual({ messages: 0, files: 0 });
    // The session goes on: the refusal ended only that transaction.
    expect(await client.command('NOOP')).toMatchObject({ code: 250 });
  });

  it.each(FALSE_ENDS)('%s does not end DATA, and the command smuggled after it never runs', async (_name, falseEnd) => {
    const answer = await transaction(`${HEADERS}Hello.${falseEnd}${SMUGGLED}`);

    // One reply for everything: the smuggled MAIL, RCPT and DATA were message text, not commands.
    expect(answer.code).toBe(550);
    expect(answer.text).toContain('5.6.11');
    expect(await client.command('QUIT')).toMatchObject({ code: 221 });
    expect(await stored(running)).toEqual({ messages: 0, files: 0 });
    const fromSmuggler = await running.engine.api.listMessages({ sender: 'smuggler@evil.test' });
    expect(fromSmuggler.items).toEqual([]);
  });

  it('keeps a proper CRLF message with dot-stuffed lines byte for byte', async () => {
    // As the sender means it, and as it goes on the wire: a leading dot is doubled (RFC 5321 4.5.2).
    const message = `${HEADERS}.\r\n..two dots\r\n.leading dot\r\nlast line\r\n`;
    const wire = message.replace(/^\./gm, '..');

    const answer = await transaction(`${wire}.\r\n`);

    expect(answer.code).toBe(250);
    const id = queueIdOf(answer.text);
    expect(await text(await running.engine.api.rawMessage(id))).toBe(message);
    expect(await stored(running)).toEqual({ messages: 1, files: 1 });
  });
});
