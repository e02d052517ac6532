import { spawn } from 'node:child_process';
import { captureOutput, stopChild, waitForExit } from '../bench/process-tools.ts';
import { startServe, type ServeProcess } from '../bench/serve-process.ts';
import { requirePrograms, SMTP_SINK, SMTP_SOURCE, SWAKS } from '../bench/smtp-tools.ts';

export { runSource, startSink, type Sink } from '../bench/smtp-tools.ts';
export { freePort } from '../bench/process-tools.ts';
export type { ServeProcess };

/**
 * Called first in every interop suite: a missing peer program is a failed
 * suite with a clear message, never a silent skip.
 */
export function requirePeerPrograms(): void {
  requirePrograms([SMTP_SOURCE, SMTP_SINK, SWAKS]);
}

/**
 * A real `mx-standby serve` for example.test in a temp data folder on free
 * loopback ports, holding mail for the primary at 127.0.0.1:primaryPort.
 * Stop it with its stop(), which sends SIGTERM and removes the folder.
 */
export function startMxStandby(primaryPort: number): Promise<ServeProcess> {
  return startServe({ primaryPort, domain: 'example.test' });
}

export interface SwaksResult {
  code: number | null;
  /** The whole SMTP conversation as swaks prints it (stdout and stderr). */
  output: string;
}

/** Runs swaks with `args` to completion; a run that outlives timeoutMs is killed and throws. */
export async function runSwaks(args: string[], timeoutMs = 60_000): Promise<SwaksResult> {
  const child = spawn(SWAKS, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child);
  const exit = await waitForExit(child, timeoutMs);
  const text = () => `${output.stdout()}${output.stderr()}`;
  if (exit === null) {
    await stopChild(child, 'SIGKILL');
    throw new Error(`swaks ${args.join(' ')} did not finish within ${timeoutMs} ms\n${text()}`);
  }
  return { code: exit.code, output: text() };
}
