import { formatHostPort, type HostPort } from '../config/runtime.ts';
import type { Logger } from '../log.ts';
import { HealthMonitor, type HealthChange, type HealthSnapshot, type PrimaryState } from './monitor.ts';

export interface WatchOptions {
  intervalMs: () => number;
  heloName: () => string;
  logger: Logger;
  onChange: (key: string, change: HealthChange) => void;
}

/**
 * One health monitor per destination the engine hands mail to (the primary,
 * or each domain's best MX), made when a destination is first used.
 */
export class PrimaryWatch {
  private readonly monitors = new Map<string, HealthMonitor>();
  private readonly options: WatchOptions;

  constructor(options: WatchOptions) {
    this.options = options;
  }

  /** Starts watching `target` under `key`; a new target for the same key replaces the old watch. */
  watch(key: string, target: HostPort): void {
    const current = this.monitors.get(key);
    if (current && formatHostPort(current.snapshot().target) === formatHostPort(target)) return;
    void current?.stop();
    const monitor = new HealthMonitor({
      target,
      intervalMs: this.options.intervalMs(),
      heloName: this.options.heloName(),
      logger: this.options.logger,
      onChange: (change) => this.options.onChange(key, change),
    });
    this.monitors.set(key, monitor);
    monitor.start();
  }

  state(key: string): PrimaryState {
    return this.monitors.get(key)?.snapshot().state ?? 'unknown';
  }

  checkNow(key: string): void {
    void this.monitors.get(key)?.checkNow();
  }

  snapshots(): { key: string; snapshot: HealthSnapshot }[] {
    return [...this.monitors].map(([key, monitor]) => ({ key, snapshot: monitor.snapshot() }));
  }

  /** Settings changed (interval, target): watch afresh. */
  async reset(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    const monitors = [...this.monitors.values()];
    this.monitors.clear();
    await Promise.all(monitors.map((monitor) => monitor.stop()));
  }
}
