import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { captureOutput, isListening, stopChild, waitForExit, waitUntil } from './process-tools.ts';
import { onExit } from './exit-cleanup.ts';

/** Postfix's load generator and test server (Debian package postfix), and swaks (package swaks). */
export const SMTP_SOURCE = '/usr/sbin/smtp-source';
export const SMTP_SINK = '/usr/sbin/smtp-sink';
export const SWAKS = '/usr/bin/swaks';

const PACKAGE_OF: Record<string, string> = { [SMTP_SOURCE]: 'postfix', [SMTP_SINK]: 'postfix', [SWAKS]: 'swaks' };

/** Throws, naming each missing program and its Debian package, so a suite fails instead of skipping. */
export function requirePrograms(paths: string[]): void {
  const missing = paths.filter((path) => !existsSync(path));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((path) => PACKAGE_OF[path] ?? path))];
  throw new Error(`missing peer program(s): ${missing.join(', ')}; install with: apt-get install ${packages.join(' ')}`);
}

/** smtp-sink and Postfix refuse to keep root privileges; they need an account to switch to. */
export const runningAsRoot = process.getuid?.() === 0;

export interface Sink {
  port: number;
  /** Messages whose final "." the sink has received so far. */
  delivered(): number;
  /** Resolves with the count once it reaches `count`, or with what arrived when timeoutMs runs out. */
  waitForDelivered(count: number, timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Plays the primary. Counting uses smtp-sink's own -c counters: it rewrites
 * "sess=N quit=N mesg=N\r" on stdout, unbuffered, each time a message's final
 * "." arrives, so the last mesg= seen is the number delivered. That needs no
 * disk, unlike -d/-D dumps, so the sink never slows the sender down.
 * With dumpFile, each message is also appended there (for content checks).
 */
export async function startSink(port: number, options: { dumpFile?: string } = {}): Promise<Sink> {
  const args = ['-c', ...(runningAsRoot ? ['-u', 'nobody'] : [])];
  // The dump name is a strftime(3) template: a literal % must be doubled.
  if (options.dumpFile) args.push('-D', options.dumpFile.replaceAll('%', '%%'));
  args.push(`127.0.0.1:${port}`, '1000');
  const child = spawn(SMTP_SINK, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const forget = onExit(() => child.kill('SIGKILL'));
  let delivered = 0;
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    for (const match of text.matchAll(/mesg=(\d+)/g)) delivered = Math.max(delivered, Number(match[1]));
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const up = await waitUntil(async () => child.exitCode !== null || (await isListening(port)), 10_000);
  if (!up || child.exitCode !== null) {
    await stopChild(child, 'SIGKILL');
    forget();
    throw new Error(`smtp-sink did not start on 127.0.0.1:${port}: ${stderr.trim() || 'no output'}`);
  }
  return {
    port,
    delivered: () => delivered,
    waitForDelivered: async (count, timeoutMs) => {
      await waitUntil(() => delivered >= count || child.exitCode !== null, timeoutMs, 20);
      return delivered;
    },
    stop: async () => {
      await stopChild(child, 'SIGTERM', 5_000);
      forget();
    },
  };
}

export interface SourceOptions {
  port: number;
  sessions: number;
  messages: number;
  /** Payload size in bytes, headers not included. */
  bytes: number;
  timeoutMs: number;
  from?: string;
  to?: string;
}

export interface SourceResult {
  /** True when every message got its 250 and smtp-source exited 0. */
  ok: boolean;
  /** smtp-source's -c counter: DATA commands completed, so at most `sessions` ahead of the 250s. */
  counted: number;
  elapsedMs: number;
  timedOut: boolean;
  /** Why it is not ok: smtp-source's last complaint (e.g. "fatal: ... 451 ...") or the time limit; null when ok. */
  error: string | null;
}

/** One message per connection, `sessions` connections at a time, stopped after timeoutMs. */
export async function runSource(options: SourceOptions): Promise<SourceResult> {
  const args = [
    '-c',
    ...['-s', String(options.sessions), '-m', String(options.messages), '-l', String(options.bytes)],
    ...['-M', 'bench-client.test', '-f', options.from ?? 'from@sender.test', '-t', options.to ?? 'to@example.test'],
    `127.0.0.1:${options.port}`,
  ];
  const started = performance.now();
  const child = spawn(SMTP_SOURCE, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const forget = onExit(() => child.kill('SIGKILL'));
  const output = captureOutput(child);
  let exit = await waitForExit(child, options.timeoutMs);
  const elapsedMs = performance.now() - started;
  const timedOut = exit === null;
  if (timedOut) exit = await stopChild(child, 'SIGTERM', 2_000);
  forget();
  const counts = [...output.stdout().matchAll(/(\d+)\r/g)];
  const ok = !timedOut && exit?.code === 0;
  const lastComplaint = output.stderr().trim().split('\n').at(-1) || `exit ${exit?.code ?? exit?.signal}`;
  return {
    ok,
    counted: counts.length > 0 ? Number(counts.at(-1)![1]) : 0,
    elapsedMs,
    timedOut,
    error: ok ? null : timedOut ? `time limit of ${options.timeoutMs} ms` : lastComplaint,
  };
}
