import type { Db } from './open.ts';
import type { StorageHealth } from './storage-health.ts';

type Job = { run: (db: Db) => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/** Told after each transaction, so that side effects (pushed events) follow the commit, never precede it. */
export interface CommitObserver {
  committed(): void;
  rolledBack(): void;
}

/**
 * Group commit. Writes asked for in the same turn of the event loop share one
 * transaction, so many sessions pay for one fsync instead of one each. Every
 * caller's promise settles only after the commit that holds its write.
 * If the shared transaction fails, each job is retried alone, so one bad
 * write cannot take its neighbours down with it. A write that fails for a
 * storage reason (the disk full, a damaged file) is reported to `health`.
 */
export class WriteBatcher {
  private pending: Job[] = [];
  private scheduled = false;
  private readonly db: Db;
  private readonly observer: CommitObserver;
  private readonly health: StorageHealth;

  constructor(db: Db, observer: CommitObserver, health: StorageHealth) {
    this.db = db;
    this.observer = observer;
    this.health = health;
  }

  write<T>(run: (db: Db) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits whatever is pending now; used at shutdown. */
  flush(): void {
    this.scheduled = false;
    const jobs = this.pending;
    this.pending = [];
    if (jobs.length === 0) return;
    let results: unknown[];
    try {
      results = this.db.transaction(() => jobs.map((job) => job.run(this.db)))();
    } catch {
      this.observer.rolledBack();
      for (const job of jobs) this.runAlone(job);
      return;
    }
    this.observer.committed();
    jobs.forEach((job, index) => job.resolve(results[index]));
  }

  private runAlone(job: Job): void {
    let result: unknown;
    try {
      result = this.db.transaction(() => job.run(this.db))();
    } catch (error) {
      this.observer.rolledBack();
      this.health.report(error);
      job.reject(error);
      return;
    }
    this.observer.committed();
    job.resolve(result);
  }
}
