import type { EngineConfig, HostPort } from './config/runtime.ts';
import type { Bouncer } from './delivery/bouncer.ts';
import type { Scheduler } from './delivery/scheduler.ts';
import type { EventBus } from './events/bus.ts';
import type { PrimaryWatch } from './health/primary-watch.ts';
import type { Logger } from './log.ts';
import type { SetupRuntime } from './setup/runtime.ts';
import type { TlsMaterial } from './smtp/tls.ts';
import type { Spool } from './spool/spool.ts';
import type { SweepReport } from './spool/sweep.ts';
import type { Db } from './store/open.ts';
import type { StorageHealth } from './store/storage-health.ts';
import type { WriteBatcher } from './store/write-batcher.ts';

/** The running engine's pieces, as the API service sees them. */
export interface EngineParts {
  db: Db;
  batcher: WriteBatcher;
  events: EventBus;
  spool: Spool;
  /** Whether the data folder takes writes (status shows it; SMTP refuses new mail while it does not). */
  storage: StorageHealth;
  scheduler: Scheduler;
  bouncer: Bouncer;
  watch: PrimaryWatch;
  logger: Logger;
  tls: TlsMaterial;
  startedAt: number;
  /** What the start-up sweep found in the spool: bodies taken back into the queue, and quarantined. */
  recovery: SweepReport;
  smtpAddress: HostPort;
  configPath: string;
  config: () => EngineConfig;
  /** Replaces the live settings (already validated and saved). */
  applyConfig: (next: EngineConfig) => Promise<void>;
  /** DNS look-ups, proposal, guides and checks of the setup wizard, and their schedule. */
  setup: SetupRuntime;
}
