import type { EngineConfig } from '../config/runtime.ts';
import type { EventBus } from '../events/bus.ts';
import type { Logger } from '../log.ts';
import { expireDue, recoverLeases } from '../store/deliveries.ts';
import { markDelayNotices } from '../store/notices.ts';
import type { WriteBatcher } from '../store/write-batcher.ts';

const EVERY_MS = 30_000;

export interface MaintenanceDeps {
  batcher: WriteBatcher;
  events: EventBus;
  config: () => EngineConfig;
  logger: Logger;
  /** Something changed that the bouncer or the scheduler should look at. */
  changed: () => void;
}

/** Periodic queue care: lifetimes ending, delay notices falling due, leases that overran. */
export class Maintenance {
  private timer: NodeJS.Timeout | null = null;
  private readonly deps: MaintenanceDeps;

  constructor(deps: MaintenanceDeps) {
    this.deps = deps;
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), EVERY_MS);
    this.timer.unref();
  }

  async runOnce(): Promise<void> {
    const { config, events } = this.deps;
    const now = Date.now();
    try {
      const changes = await this.deps.batcher.write((db) => {
        const expired = expireDue(db, now);
        for (const { qid, recipient } of expired) events.record(db, { type: 'delivery.expired', qid, data: { recipient } });
        const delayMs = config().delayNoticeMs;
        const delays = delayMs === null ? 0 : markDelayNotices(db, delayMs, now);
        const recovered = recoverLeases(db, { now, anyOwner: false });
        return expired.length + delays + recovered;
      });
      if (changes > 0) this.deps.changed();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'queue maintenance failed');
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
