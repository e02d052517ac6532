import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Resolves when the child exits, or with null once timeoutMs has passed. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<Exit | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(null);
    }, timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      resolve({ code, signal });
    };
    child.once('exit', onExit);
  });
}

/** Asks the child to stop with `signal`; a child that ignores it for graceMs is killed outright. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<Exit> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  const exit = await waitForExit(child, graceMs);
  if (exit) return exit;
  child.kill('SIGKILL');
  return (await waitForExit(child, 5_000)) ?? { code: null, signal: 'SIGKILL' };
}

/** Collects a child's stdout and stderr as text, keeping only the last `limit` characters of each. */
export function captureOutput(child: ChildProcess, limit = 64_000): { stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout = (stdout + text).slice(-limit);
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-limit);
  });
  return { stdout: () => stdout, stderr: () => stderr };
}

/**
 * Resolves with the first stdout line matching `pattern`. Rejects if the child
 * exits first or nothing matches within timeoutMs, with its output in the message.
 */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, describe: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let pending = '';
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      settle();
    };
    const onData = (chunk: Buffer | string) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      const hit = lines.find((line) => pattern.test(line));
      if (hit !== undefined) finish(() => resolve(hit));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      finish(() => reject(new Error(`exited (${signal ?? `code ${code}`}) before printing ${pattern}\n${describe()}`)));
    const timer = setTimeout(
      () => finish(() => reject(new Error(`printed nothing matching ${pattern} within ${timeoutMs} ms\n${describe()}`))),
      timeoutMs,
    );
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Polls `check` every intervalMs until it returns true; false if timeoutMs passes first. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True if something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
