import type { Logger } from '../log.ts';
import type { Spool } from '../spool/spool.ts';
import { statement, type Db } from './open.ts';
import type { StorageHealth } from './storage-health.ts';
import type { WriteBatcher } from './write-batcher.ts';

const EVERY_MS = 5_000;

export interface StorageCheckDeps {
  health: StorageHealth;
  spool: Spool;
  batcher: WriteBatcher;
  logger: Logger;
}

function markChecked(db: Db, now: number): void {
  statement(db, 'INSERT OR REPLACE INTO storage_check (id, checked_at) VALUES (1, ?)').run(now);
}

/**
 * While storage is failing, tries a small real write to the spool and to the
 * database every few seconds; when both succeed, mail is taken again with no
 * restart. Idle while storage is fine, after one check at start.
 */
export class StorageCheck {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly deps: StorageCheckDeps;

  constructor(deps: StorageCheckDeps) {
    this.deps = deps;
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Tries the writes now, failing or not: at start, so that a disk already full is known before mail comes. Never rejects. */
  checkNow(): Promise<void> {
    this.running ??= this.check().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private tick(): void {
    const { health } = this.deps;
    if (health.failing() && !health.lasting()) void this.checkNow();
  }

  /** Never rejects: a failure is the state it already reports. */
  private async check(): Promise<void> {
    const { health, spool, batcher, logger } = this.deps;
    try {
      await spool.probe();
      await batcher.write((db) => markChecked(db, Date.now()));
    } catch (error) {
      if (!health.report(error)) logger.error({ err: error }, 'storage re-check failed');
      return;
    }
    health.recovered();
  }
}
