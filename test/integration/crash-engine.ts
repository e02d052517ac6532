import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { captureOutput, freePort, waitForExit, waitForLine, type Exit } from '../bench/process-tools.ts';
import { tracedCommand } from './syscall-trace.ts';

const BIN = fileURLToPath(new URL('../../bin/mx-standby.js', import.meta.url));
const READY_TIMEOUT_MS = 20_000;
const EXIT_TIMEOUT_MS = 10_000;

export interface CrashEngineOptions {
  /** Runs serve under strace, writing the trace to this file (see syscall-trace.ts). */
  traceFile?: string;
}

/**
 * `mx-standby serve` as a child process on one data folder and fixed ports,
 * so that it can be killed outright and started again on the same state, as
 * a power cut and a reboot would. Run by the caller's Node (24 under vitest).
 */
export class CrashEngine {
  readonly smtpPort: number;
  private readonly args: string[];
  private readonly traceFile: string | undefined;
  private child: ChildProcess | null = null;
  private captured: ReturnType<typeof captureOutput> | null = null;

  private constructor(dataDir: string, primaryPort: number, smtpPort: number, adminPort: number, options: CrashEngineOptions) {
    this.smtpPort = smtpPort;
    this.traceFile = options.traceFile;
    this.args = [
      BIN,
      'serve',
      ...['--data', dataDir, '--smtp-listen', `127.0.0.1:${smtpPort}`, '--admin-listen', `127.0.0.1:${adminPort}`],
      ...['--domain', 'example.test', '--primary', `127.0.0.1:${primaryPort}`, '--hostname', 'backup.test'],
      ...['--health-interval', '500ms', '--retry', '1s'],
    ];
  }

  static async create(dataDir: string, primaryPort: number, options: CrashEngineOptions = {}): Promise<CrashEngine> {
    return new CrashEngine(dataDir, primaryPort, await freePort(), await freePort(), options);
  }

  /** Starts it and resolves once it says it is listening. */
  async start(): Promise<void> {
    if (this.child) throw new Error('the engine is already running');
    const { command, args } = this.traceFile
      ? tracedCommand(this.traceFile, process.execPath, this.args)
      : { command: process.execPath, args: this.args };
    // libuv may hand file work to io_uring, where strace cannot see it; keep it on the thread pool when traced.
    const env = this.traceFile ? { ...process.env, UV_USE_IO_URING: '0' } : process.env;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    this.child = child;
    this.captured = captureOutput(child);
    await waitForLine(child, /listening/i, READY_TIMEOUT_MS, () => this.output());
  }

  /** SIGKILL: no handler runs, nothing is flushed or closed. */
  async kill(): Promise<void> {
    const child = this.running();
    this.signal(child, 'SIGKILL');
    const exit = await waitForExit(child, EXIT_TIMEOUT_MS);
    if (exit?.signal !== 'SIGKILL') throw new Error(`the engine did not die of SIGKILL: ${JSON.stringify(exit)}\n${this.output()}`);
    this.child = null;
  }

  /** SIGTERM, the clean stop; resolves with how it exited (killed if it ignores it). */
  async stop(): Promise<Exit> {
    const child = this.running();
    this.signal(child, 'SIGTERM');
    let exit = await waitForExit(child, EXIT_TIMEOUT_MS);
    if (!exit) {
      this.signal(child, 'SIGKILL');
      exit = (await waitForExit(child, EXIT_TIMEOUT_MS)) ?? { code: null, signal: 'SIGKILL' };
    }
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

  /**
   * Signals serve itself. Under strace that is strace's child: a signal meant
   * for the engine must reach the engine, and strace exits as its child did.
   */
  private signal(child: ChildProcess, signal: NodeJS.Signals): void {
    if (!this.traceFile) {
      child.kill(signal);
      return;
    }
    const serve = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0];
    if (serve) process.kill(Number(serve), signal);
    else child.kill('SIGKILL');
  }

  private running(): ChildProcess {
    if (!this.child) throw new Error('the engine is not running');
    return this.child;
  }
}
