import type { Logger } from '../log.ts';
import { damagedDatabaseAdvice } from './storage-error.ts';
import { storageFault } from './storage-fault.ts';

export interface StorageSnapshot {
  state: 'ok' | 'failing';
  /** What failed, in plain words with the system's own message; null while ok. */
  error: string | null;
  /** When it started failing; null while ok. */
  since: Date | null;
}

interface Failure {
  error: string;
  since: Date;
  lasting: boolean;
}

/**
 * Whether the data folder takes writes. Every write path reports its storage
 * faults here (the disk full, a read-only or failing disk, a damaged
 * database); while one lasts new mail is refused with a temporary reply and
 * status says so. Only a successful re-check (storage-check.ts) clears it,
 * and a damaged database never clears by itself.
 */
export class StorageHealth {
  private failure: Failure | null = null;
  private readonly logger: Logger;
  private readonly dataDir: string;

  constructor(logger: Logger, dataDir: string) {
    this.logger = logger;
    this.dataDir = dataDir;
  }

  /** Records `error` if it is a storage fault; says whether it was one. */
  report(error: unknown): boolean {
    const fault = storageFault(error);
    if (!fault) return false;
    const current = this.failure;
    if (current && (current.lasting || !fault.lasting)) return true;
    const advice = fault.lasting ? `: stop MX Standby, then ${damagedDatabaseAdvice(this.dataDir)}` : '';
    const text = `${fault.meaning} (${fault.where}: ${fault.detail})${advice}`;
    this.failure = { error: text, since: current?.since ?? new Date(), lasting: fault.lasting };
    this.logger.error({ code: fault.code, error: text }, 'storage failing: new mail is refused until it works again');
    return true;
  }

  /** A re-check wrote to the database and the spool: storage works again, unless the database is damaged. */
  recovered(): void {
    if (!this.failure || this.failure.lasting) return;
    this.logger.info({ since: this.failure.since }, 'storage works again: accepting mail');
    this.failure = null;
  }

  failing(): boolean {
    return this.failure !== null;
  }

  /** True when only repair (a restore, or a rebuild from the spool) can clear it. */
  lasting(): boolean {
    return this.failure?.lasting ?? false;
  }

  snapshot(): StorageSnapshot {
    const failure = this.failure;
    return failure ? { state: 'failing', error: failure.error, since: failure.since } : { state: 'ok', error: null, since: null };
  }
}
