import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { start, type Engine } from '../../core/app.ts';
import { toEngineConfig, type EngineConfig } from '../../core/config/runtime.ts';
import { settingsSchema, type Settings } from '../../core/config/schema.ts';
import { silentLogger } from '../../core/log.ts';

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
  mail: { from: string; to: string[]; raw: string | Buffer; dsn?: SMTPConnection.SMTPEnvelope['dsn'] },
): Promise<SendResult> {
  const connection = new SMTPConnection({ host: '127.0.0.1', port, ignoreTLS: true, name: 'sender.test', logger: false });
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
