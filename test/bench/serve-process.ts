import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onExit } from './exit-cleanup.ts';
import { captureOutput, freePort, stopChild, waitForLine, type Exit } from './process-tools.ts';

const BIN = fileURLToPath(new URL('../../bin/mx-standby.js', import.meta.url));
const READY_TIMEOUT_MS = 30_000;

export interface ServeOptions {
  /** Where the primary (an smtp-sink or a fixture) listens, or will listen, on 127.0.0.1. */
  primaryPort: number;
  domain?: string;
}

export interface ServeProcess {
  pid: number;
  smtpPort: number;
  adminPort: number;
  dataDir: string;
  /** The last of what it printed, stdout then stderr, for failure messages. */
  output(): string;
  /** SIGTERM, then the data folder is removed. Resolves with how it exited. */
  stop(): Promise<Exit>;
}

/** A `serve` child in its own temp data folder, running until stopped. */
export interface ServeChild {
  pid: number;
  dataDir: string;
  /** Everything it printed on stdout so far. */
  stdout(): string;
  /** The last of what it printed, stdout then stderr, for failure messages. */
  output(): string;
  /** SIGTERM, then the data folder is removed. Resolves with how it exited. */
  stop(): Promise<Exit>;
}

/**
 * `mx-standby serve --data TMP ...flags` as a child process, run by the same
 * Node as the caller (Node 24 from node_modules under npm). Resolves once a
 * line matching `ready` is printed; the process and its folder go away at exit
 * whatever happens.
 */
export async function spawnServe(
  flags: string[],
  options: { ready: RegExp; env?: Record<string, string>; folderPrefix?: string; settings?: Record<string, unknown> },
): Promise<ServeChild> {
  const dataDir = await mkdtemp(join(tmpdir(), options.folderPrefix ?? 'mx-standby-serve-'));
  if (options.settings) await writeFile(join(dataDir, 'config.json'), JSON.stringify(options.settings));
  const child = spawn(process.execPath, [BIN, 'serve', '--data', dataDir, ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const forget = onExit(() => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  const captured = captureOutput(child);
  const output = () => `--- stdout\n${captured.stdout().slice(-4_000)}\n--- stderr\n${captured.stderr().slice(-4_000)}`;
  let stopping: Promise<Exit> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      try {
        return await stopChild(child, 'SIGTERM', 15_000);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
        forget();
      }
    })());
  try {
    await waitForLine(child, options.ready, READY_TIMEOUT_MS, output);
  } catch (error) {
    await stop();
    throw new Error(`mx-standby serve did not start: ${(error as Error).message}`, { cause: error });
  }
  return { pid: child.pid!, dataDir, stdout: captured.stdout, output, stop };
}

/** serve for the bench: free loopback ports, the primary at `primaryPort`, quick probes and retries. */
export async function startServe(options: ServeOptions): Promise<ServeProcess> {
  const [smtpPort, adminPort] = [await freePort(), await freePort()];
  const serve = await spawnServe(
    [
      ...['--smtp-listen', `127.0.0.1:${smtpPort}`, '--admin-listen', `127.0.0.1:${adminPort}`],
      ...['--domain', options.domain ?? 'example.test', '--primary', `127.0.0.1:${options.primaryPort}`],
      ...['--hostname', 'backup.test', '--health-interval', '500ms', '--retry', '1s'],
    ],
    // Every load session comes from 127.0.0.1 (up to 50 at once), where real senders come from many addresses.
    { ready: /listening/i, settings: { maxConnectionsPerClient: 100 } },
  );
  return { pid: serve.pid, smtpPort, adminPort, dataDir: serve.dataDir, output: serve.output, stop: serve.stop };
}
