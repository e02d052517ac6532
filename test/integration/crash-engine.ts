import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { captureOutput, freePort, stopChild, waitForExit, waitForLine, type Exit } from '../bench/process-tools.ts';

const BIN = fileURLToPath(new URL('../../bin/mx-standby.js', import.meta.url));
const READY_TIMEOUT_MS = 20_000;
const EXIT_TIMEOUT_MS = 10_000;

/**
 * `mx-standby serve` as a child process on one data folder and fixed ports,
 * so that it can be killed outright and started again on the same state, as
 * a power cut and a reboot would. Run by the caller's Node (24 under vitest).
 */
export class CrashEngine {
  readonly smtpPort: number;
  private readonly args: string[];
  private child: ChildProcess | null = null;
  private captured: ReturnType<typeof captureOutput> | null = null;

  private constructor(dataDir: string, primaryPort: number, smtpPort: number, adminPort: number) {
    this.smtpPort = smtpPort;
    this.args = [
      BIN,
      'serve',
      ...['--data', dataDir, '--smtp-listen', `127.0.0.1:${smtpPort}`, '--admin-listen', `127.0.0.1:${adminPort}`],
      ...['--domain', 'example.test', '--primary', `127.0.0.1:${primaryPort}`, '--hostname', 'backup.test'],
      ...['--health-interval', '500ms', '--retry', '1s'],
    ];
  }

  static async create(dataDir: string, primaryPort: number): Promise<CrashEngine> {
    return new CrashEngine(dataDir, primaryPort, await freePort(), await freePort());
  }

  /** Starts it and resolves once it says it is listening. */
  async start(): Promise<void> {
    if (this.child) throw new Error('the engine is already running');
    const child = spawn(process.execPath, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.captured = captureOutput(child);
    await waitForLine(child, /listening/i, READY_TIMEOUT_MS, () => this.output());
  }

  /** SIGKILL: no handler runs, nothing is flushed or closed. */
  async kill(): Promise<void> {
    const child = this.running();
    child.kill('SIGKILL');
    const exit = await waitForExit(child, EXIT_TIMEOUT_MS);
    if (exit?.signal !== 'SIGKILL') throw new Error(`the engine did not die of SIGKILL: ${JSON.stringify(exit)}\n${this.output()}`);
    this.child = null;
  }

  /** SIGTERM, the clean stop; resolves with how it exited. */
  async stop(): Promise<Exit> {
    const exit = await stopChild(this.running(), 'SIGTERM', EXIT_TIMEOUT_MS);
    this.child = null;
    return exit;
  }

  /** Kills it if a failed test left it running. */
  async dispose(): Promise<void> {
    if (this.child) await this.kill();
  }

  /** The end of what the current (or last) run printed, for failure messages. */
  output(): string {
    if (!this.captured) return '';
    return `--- stdout\n${this.captured.stdout().slice(-4_000)}\n--- stderr\n${this.captured.stderr().slice(-4_000)}`;
  }

  private running(): ChildProcess {
    if (!this.child) throw new Error('the engine is not running');
    return this.child;
  }
}
