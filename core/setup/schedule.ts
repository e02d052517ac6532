/** Timers the schedule arms; tests pass their own to fire a round when they choose. */
export interface ScheduleTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: ScheduleTimers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ScheduleOptions {
  /** Time between rounds; null turns the schedule off. Read again before each round. */
  intervalMs: () => number | null;
  /** One round: the checks of every configured domain. Must not throw. */
  round: () => Promise<void>;
  timers?: ScheduleTimers;
}

/**
 * Runs the setup checks again every interval after setup. One round at a
 * time; the next is armed only when the last has finished.
 */
export class SetupSchedule {
  private readonly options: ScheduleOptions;
  private readonly timers: ScheduleTimers;
  private handle: unknown = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(options: ScheduleOptions) {
    this.options = options;
    this.timers = options.timers ?? realTimers;
  }

  start(): void {
    this.stopped = false;
    this.arm();
  }

  /** The interval changed: count it from now. */
  reschedule(): void {
    if (this.stopped) return;
    this.disarm();
    if (!this.running) this.arm();
  }

  /** Resolves when the round under way, if any, has finished. */
  async idle(): Promise<void> {
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.disarm();
    await this.running;
  }

  private arm(): void {
    const interval = this.options.intervalMs();
    if (this.stopped || interval === null) return;
    this.handle = this.timers.set(() => this.fire(), interval);
  }

  private disarm(): void {
    if (this.handle !== null) this.timers.clear(this.handle);
    this.handle = null;
  }

  private fire(): void {
    this.handle = null;
    if (this.stopped || this.running) return;
    this.running = this.options.round().catch(() => undefined).finally(() => {
      this.running = null;
      this.arm();
    });
  }
}
