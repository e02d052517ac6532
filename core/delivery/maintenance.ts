import type { EngineConfig } from '../config/runtime.ts';
import type { EventBus } from '../events/bus.ts';
import type { Logger } from '../log.ts';
import { expireDue, recoverLeases } from '../store/deliveries.ts';
import { markDelayNotices } from '../store/notices.ts';
import { deleteMessage, deliveredBefore } from '../store/queue-commands.ts';
import type { Spool } from '../spool/spool.ts';
import type { WriteBatcher } from '../store/write-batcher.ts';

const EVERY_MS = 30_000;
/** Purging reads every message row, so it runs less often than the rest. */
const PURGE_EVERY = 20;
const PURGE_BATCH = 1000;

export interface MaintenanceDeps {
  batcher: WriteBatcher;
  spool: Spool;
  events: EventBus;
  config: () => EngineConfig;
  logger: Logger;
  /** Something changed that the bouncer or the scheduler should look at. */
  changed: () => void;
}

/** Periodic queue care: lifetimes ending, delay notices falling due, leases that overran. */
export class Maintenance {
  private timer: NodeJS.Timeout | null = null;
  private runs = 0;
  private running: Promise<void> | null = null;
  private readonly deps: MaintenanceDeps;

  constructor(deps: MaintenanceDeps) {
    this.deps = deps;
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), EVERY_MS);
    this.timer.unref();
  }

  /** One round of care; a call while one runs joins it. Never rejects: a failed round is logged and tried again at the next. */
  runOnce(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(): Promise<void> {
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
      if (this.runs++ % PURGE_EVERY === 0) await this.purgeDelivered(now);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'queue maintenance failed');
    }
  }

  /** Handed-over mail leaves after `keepDelivered`: rows first, then the bodies nobody points to. */
  private async purgeDelivered(now: number): Promise<void> {
    const cutoff = now - this.deps.config().keepDeliveredMs;
    for (;;) {
      const files = await this.deps.batcher.write((db) =>
        deliveredBefore(db, cutoff, PURGE_BATCH)
          .map((id) => deleteMessage(db, id)?.spoolFile)
          .filter((file): file is string => file !== undefined),
      );
      await Promise.all(files.map((file) => this.deps.spool.remove(file)));
      if (files.length < PURGE_BATCH) return;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
