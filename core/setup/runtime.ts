import { join } from 'node:path';
import { parseDuration } from '../config/duration.ts';
import { lookupDomain, type DomainReport } from '../dns/domain-report.ts';
import type { Logger } from '../log.ts';
import type { SetupCheck, SetupRun } from './check.ts';
import { backupHostFor } from './context.ts';
import { loadGuides, type DnsGuide } from './guides.ts';
import { propose, type Proposal } from './proposal.ts';
import { SetupRecord } from './record.ts';
import { engineResolver, runSetupChecks, type RunInput, type SetupEnvironment } from './run-checks.ts';
import { SetupSchedule, type ScheduleTimers } from './schedule.ts';

export interface SetupRuntimeOptions extends SetupEnvironment {
  logger: Logger;
  /** A check that passed last time fails now: record it as an event. */
  onCheckFailed: (domain: string, check: SetupCheck) => Promise<void>;
  timers?: ScheduleTimers;
}

/** The setup module of a running engine: look-ups, proposals, guides, and the checks, by hand and on a schedule. */
export class SetupRuntime {
  private readonly options: SetupRuntimeOptions;
  private readonly record: SetupRecord;
  private readonly schedule: SetupSchedule;
  private guideList: Promise<DnsGuide[]> | null = null;
  /** Runs one at a time, so two runs never interleave their records. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: SetupRuntimeOptions) {
    this.options = options;
    this.record = new SetupRecord(join(options.config().dataDir, 'setup-checks.json'));
    this.schedule = new SetupSchedule({
      intervalMs: () => this.intervalMs(),
      round: () => this.round(),
      ...(options.timers ? { timers: options.timers } : {}),
    });
  }

  private intervalMs(): number | null {
    const text = this.options.config().settings.setupCheckInterval;
    return text === null ? null : (parseDuration(text) ?? null);
  }

  private backupHost(domain: string, hostname?: string): string {
    return backupHostFor(hostname ?? this.options.config().settings.hostname, domain);
  }

  lookup(domain: string): Promise<DomainReport> {
    return lookupDomain(engineResolver(this.options), domain, [this.backupHost(domain)]);
  }

  async proposal(input: RunInput): Promise<Proposal> {
    const hostname = this.backupHost(input.domain, input.hostname);
    const report = await lookupDomain(engineResolver(this.options), input.domain, [hostname]);
    return propose(report, hostname, input.publicAddress ?? this.options.config().settings.publicAddress ?? null);
  }

  guides(): Promise<DnsGuide[]> {
    this.guideList ??= loadGuides().catch((error: unknown) => {
      this.guideList = null;
      throw error;
    });
    return this.guideList;
  }

  /** Runs every check of a domain, keeps the result, and reports checks that turned from pass to fail. */
  run(input: RunInput): Promise<SetupRun> {
    const next = this.queue.then(async () => {
      const run = await runSetupChecks(this.options, input);
      const failed = await this.record.save(run);
      for (const item of failed) await this.options.onCheckFailed(run.domain, item);
      return run;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  last(domain: string): Promise<SetupRun | null> {
    return this.record.last(domain.toLowerCase());
  }

  /** One scheduled round: every configured domain. */
  private async round(): Promise<void> {
    for (const domain of [...this.options.config().domains].sort()) {
      try {
        await this.run({ domain });
      } catch (error) {
        this.options.logger.warn({ err: error, domain }, 'scheduled setup checks failed');
      }
    }
  }

  start(): void {
    this.schedule.start();
  }

  /** The settings changed: the interval counts from now. */
  reschedule(): void {
    this.schedule.reschedule();
  }

  /** Resolves when a scheduled round under way has finished. */
  idle(): Promise<void> {
    return this.schedule.idle();
  }

  async stop(): Promise<void> {
    await this.schedule.stop();
    await this.queue;
  }
}
