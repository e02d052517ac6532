import net from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import SMTPConnection, { type SMTPEnvelope } from 'nodemailer/lib/smtp-connection';
import { start, type Engine } from '../../core/app.ts';
import { toEngineConfig, type EngineConfig } from '../../core/config/runtime.ts';
import { settingsSchema, type Settings } from '../../core/config/schema.ts';
import { silentLogger } from '../../core/log.ts';
import { parseHeaderFields } from '../../core/smtp/data-inspector.ts';

export interface RunningEngine {
  engine: Engine;
  port: number;
  dataDir: string;
  config: EngineConfig;
  stop: () => Promise<void>;
}

/** A real engine on 127.0.0.1 with a real data folder; settings are the schema's, overridden. */
export async function startEngine(overrides: Partial<Settings> & { primaryPort?: number }, dataDir?: string): Promise<RunningEngine> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'mx-standby-test-')));
  const { primaryPort, ...rest } = overrides;
  const settings = settingsSchema.parse({
    domains: ['example.test'],
    hostname: 'backup.test',
    smtpListen: '127.0.0.1:0',
    healthInterval: '500ms',
    retry: ['300ms'],
    ...(primaryPort ? { primary: `127.0.0.1:${primaryPort}` } : {}),
    ...rest,
  });
  const config = toEngineConfig(settings, dir, true);
  const engine = await start(config, { logger: silentLogger(), configPath: join(dir, 'config.json') });
  return {
    engine,
    port: engine.smtpAddress.port,
    dataDir: dir,
    config,
    stop: async () => {
      await engine.stop();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface SendResult {
  ok: boolean;
  code: number | null;
  response: string;
}

/** Sends one message over a fresh connection, as a sending MTA would. */
export function sendMail(
  port: number,
  mail: { from: string; to: string[]; raw: string | Buffer; dsn?: SMTPEnvelope['dsn'] },
  options: { localAddress?: string } = {},
): Promise<SendResult> {
  const connection = new SMTPConnection({ host: '127.0.0.1', port, ignoreTLS: true, name: 'sender.test', logger: false, ...options });
  return new Promise((resolve) => {
    connection.once('error', (error: Error & { responseCode?: number; response?: string }) =>
      resolve({ ok: false, code: error.responseCode ?? null, response: error.response ?? error.message }),
    );
    connection.connect(() => {
      connection.send({ from: mail.from, to: mail.to, ...(mail.dsn ? { dsn: mail.dsn } : {}) }, mail.raw, (error, info) => {
        connection.quit();
        if (error) {
          const failure = error as Error & { responseCode?: number; response?: string };
          return resolve({ ok: false, code: failure.responseCode ?? null, response: failure.response ?? failure.message });
        }
        resolve({ ok: true, code: 250, response: info.response });
      });
    });
  });
}

/** A plain message with CRLF line endings. */
export function plainMessage(subject: string, body = 'Hello.\r\n', extraHeaders = ''): string {
  return (
    `From: Sender <sender@origin.test>\r\nTo: User <user@example.test>\r\nSubject: ${subject}\r\n` +
    `Date: Sun, 29 Nov 2026 10:00:00 +0000\r\nMessage-ID: <${subject.replace(/\W/g, '')}@origin.test>\r\n` +
    `${extraHeaders}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`
  );
}

/** The bytes the primary got, minus the one Received header this server adds on top. */
export function withoutOurReceived(raw: Buffer, hostname = 'backup.test'): string {
  const text = raw.toString('utf8');
  const match = /^Received: [^\r\n]*\r\n(?:[ \t][^\r\n]*\r\n)*/.exec(text);
  if (!match || !match[0].includes(`by ${hostname}`)) throw new Error('the message does not start with our Received header');
  return text.slice(match[0].length);
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface RawReply {
  code: number;
  /** The reply's lines without their codes, joined with LF. */
  text: string;
}

const REPLY_GUARD_MS = 10_000;

/**
 * An SMTP client on a plain socket that writes exactly the bytes it is given.
 * nodemailer rewrites bare LF and lone dots, so smuggling and early-talker
 * tests need this one.
 */
export class RawSmtp {
  private readonly socket: net.Socket;
  private buffer = '';
  private lines: string[] = [];
  private readonly replies: RawReply[] = [];
  private readonly waiting: { resolve: (reply: RawReply) => void; reject: (error: Error) => void }[] = [];
  private ended = false;
  readonly closed: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.take(chunk.toString('latin1')));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.ended = true;
        for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('the server closed the connection'));
        resolve();
      }),
    );
  }

  /** Connects without reading anything: the greeting is the first reply. */
  static connect(port: number, onConnect?: (socket: net.Socket) => void, localAddress?: string): Promise<RawSmtp> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port, ...(localAddress ? { localAddress } : {}) });
      const client = new RawSmtp(socket);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        onConnect?.(socket);
        resolve(client);
      });
    });
  }

  /** Connects, reads the greeting and says EHLO. */
  static async session(port: number, localAddress?: string): Promise<RawSmtp> {
    const client = await RawSmtp.connect(port, undefined, localAddress);
    const greeting = await client.reply();
    if (greeting.code !== 220) throw new Error(`expected a 220 greeting, got ${greeting.code} ${greeting.text}`);
    const ehlo = await client.command('EHLO sender.test');
    if (ehlo.code !== 250) throw new Error(`expected 250 to EHLO, got ${ehlo.code} ${ehlo.text}`);
    return client;
  }

  write(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** The next reply; rejects if the connection closes first, or after `guardMs` without one. */
  reply(guardMs = REPLY_GUARD_MS): Promise<RawReply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.ended) return Promise.reject(new Error('the server closed the connection'));
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => reject(new Error(`no reply within ${guardMs} ms`)), guardMs);
      this.waiting.push({
        resolve: (reply) => {
          clearTimeout(guard);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(guard);
          reject(error);
        },
      });
    });
  }

  command(line: string, guardMs?: number): Promise<RawReply> {
    this.write(`${line}\r\n`);
    return this.reply(guardMs);
  }

  async close(): Promise<void> {
    this.socket.destroy();
    await this.closed;
  }

  /** Ends the connection with a TCP reset, as a crashed or unplugged client does. */
  async reset(): Promise<void> {
    this.socket.resetAndDestroy();
    await this.closed;
  }

  private take(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\r\n')) !== -1) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.lines.push(line);
      if (/^\d{3}-/.test(line)) continue;
      const reply = { code: Number(line.slice(0, 3)), text: this.lines.map((part) => part.slice(4)).join('\n') };
      this.lines = [];
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(reply);
      else this.replies.push(reply);
    }
  }
}

/** What the engine holds: message rows, and body files in the spool (kept and half-written). */
export async function stored(running: RunningEngine): Promise<{ messages: number; files: number }> {
  const { messages } = await running.engine.api.status({});
  const spool = join(running.dataDir, 'spool');
  const files = (await readdir(join(spool, 'messages'))).length + (await readdir(join(spool, 'tmp'))).length;
  return { messages, files };
}

/** The queue id from a 250 reply to DATA ("2.0.0 Ok: queued as <id>"). */
export function queueIdOf(response: string): string {
  const match = /queued as ([a-z0-9]+)/.exec(response);
  if (!match) throw new Error(`no queue id in "${response}"`);
  return match[1]!;
}

export interface DsnReport {
  from: string;
  contentType: string;
  reportType: string | undefined;
  autoSubmitted: string | undefined;
  /** Fields of the message/delivery-status part: the per-message block, then one per recipient; names lower case. */
  perMessage: Record<string, string>;
  recipients: Record<string, string>[];
  /** The third part: the returned headers or message, as sent. */
  returned: { contentType: string; body: string };
}

/** Reads a delivery status notification (RFC 3464) as a receiving server got it. */
export async function readDsn(raw: Buffer): Promise<DsnReport> {
  const parsed = await simpleParser(raw);
  const contentType = parsed.headers.get('content-type') as { value: string; params: Record<string, string> };
  const boundary = contentType.params.boundary;
  if (!boundary) throw new Error('the notice has no MIME boundary');
  const parts = raw
    .toString('utf8')
    .split(`\r\n--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const text = part.replace(/^\r\n/, '');
      const split = text.indexOf('\r\n\r\n');
      const headers = parseHeaderFields(text.slice(0, split + 2));
      const type = headers.find((header) => header.name === 'content-type')?.value ?? '';
      return { contentType: type, body: text.slice(split + 4) };
    });
  const status = parts.find((part) => part.contentType.startsWith('message/delivery-status'));
  if (!status || parts.length !== 3) {
    throw new Error(`expected 3 parts, one of them delivery-status; got ${parts.map((part) => part.contentType).join(', ')}`);
  }
  const blocks = status.body
    .split('\r\n\r\n')
    .filter((block) => block.trim() !== '')
    .map((block) => Object.fromEntries(parseHeaderFields(`${block}\r\n`).map((field) => [field.name, field.value])));
  return {
    from: parsed.from?.text ?? '',
    contentType: contentType.value,
    reportType: contentType.params['report-type'],
    autoSubmitted: parsed.headers.get('auto-submitted') as string | undefined,
    perMessage: blocks[0] ?? {},
    recipients: blocks.slice(1),
    returned: parts[2]!,
  };
}

/** One session: MAIL FROM, then RCPT TO for each address; the RCPT replies in order. */
export async function rcptReplies(port: number, addresses: string[]): Promise<RawReply[]> {
  const client = await RawSmtp.session(port);
  try {
    const mail = await client.command('MAIL FROM:<sender@origin.test>');
    if (mail.code !== 250) throw new Error(`expected 250 to MAIL FROM, got ${mail.code} ${mail.text}`);
    const replies: RawReply[] = [];
    for (const address of addresses) replies.push(await client.command(`RCPT TO:<${address}>`));
    return replies;
  } finally {
    await client.close();
  }
}
