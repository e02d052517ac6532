import type { EngineConfig } from '../config/runtime.ts';
import type { EventBus } from '../events/bus.ts';
import type { PrimaryWatch } from '../health/primary-watch.ts';
import type { Logger } from '../log.ts';
import type { Spool } from '../spool/spool.ts';
import { claimDue, makeDueNow, pendingScopes, type ClaimScope, type Overtaking } from '../store/deliveries.ts';
import type { Db } from '../store/open.ts';
import { HandoverPool } from './handover-pool.ts';
import { handOverDue } from './handover-batch.ts';
import { Nudge } from './nudge.ts';
import type { OutcomeWriter } from './outcome-writer.ts';
import type { MessageKind } from '../store/rows.ts';
import type { Router, ScopeWork } from './router.ts';

const LEASE_MS = 10 * 60_000;
const IDLE_RECHECK_MS = 60_000;

export interface SchedulerDeps {
  db: Db;
  config: () => EngineConfig;
  spool: Spool;
  router: Router;
  watch: PrimaryWatch;
  outcomes: OutcomeWriter;
  events: EventBus;
  logger: Logger;
  owner: string;
}

export interface WaitingScope {
  key: string;
  reason: string;
  until: number;
}

/**
 * Hands due mail over, per destination, over several connections at once and
 * in the order it was received per recipient mailbox. Sleeps until the next
 * retry is due, or until woken by new mail or a primary coming back.
 */
export class Scheduler {
  private readonly running = new Map<string, Promise<void>>();
  /** Per running destination: tells its handover that new mail came. */
  private readonly newMail = new Map<string, Nudge>();
  /** Scopes with waiting mail and when each is next due; rescanned from the database only when needed. */
  private known = new Map<string, ScopeWork>();
  private rescanQueued = true;
  private readonly waiting = new Map<string, WaitingScope>();
  private readonly pool: HandoverPool;
  private timer: NodeJS.Timeout | null = null;
  private wakeQueued = false;
  private stopped = false;
  private readonly deps: SchedulerDeps;

  constructor(deps: SchedulerDeps) {
    this.deps = deps;
    this.pool = new HandoverPool(
      () => ({ heloName: deps.config().hostname, tls: deps.config().settings.outboundTls }),
      () => deps.config().maxConnectionsPerDestination,
    );
  }

  start(): void {
    this.wake();
  }

  /** Something changed in the queue: look at it afresh, soon; many calls in one turn cost one look. */
  wake(): void {
    this.rescanQueued = true;
    for (const newMail of this.newMail.values()) newMail.poke();
    this.tickSoon();
  }

  /**
   * New mail for these domains is due now. Known without asking the database,
   * so receiving stays cheap however much mail is held.
   */
  messageQueued(kind: MessageKind, domains: string[]): void {
    const now = Date.now();
    for (const domain of domains) {
      const work = this.deps.router.scopeFor(kind, domain, now);
      const current = this.known.get(work.key);
      if (current) current.nextAt = Math.min(current.nextAt, now);
      else this.known.set(work.key, work);
      this.newMail.get(work.key)?.poke();
    }
    this.tickSoon();
  }

  private tickSoon(): void {
    if (this.wakeQueued || this.stopped) return;
    this.wakeQueued = true;
    setImmediate(() => {
      this.wakeQueued = false;
      try {
        this.tick();
      } catch (error) {
        // A queue that cannot be read (a damaged database) must not end the process: look again later.
        this.deps.logger.error({ err: error }, 'could not read the queue; looking again in a minute');
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.wake(), IDLE_RECHECK_MS);
        this.timer.unref();
      }
    });
  }

  /** The destination `key` answers again: what waits for it is due now. */
  destinationUp(key: string): void {
    // A probe that ends while the engine stops may report after the database is closed.
    if (this.stopped) return;
    this.waiting.delete(key);
    const { db } = this.deps;
    const work = this.deps.router.scopes(pendingScopes(db)).find((candidate) => candidate.key === key);
    if (work) makeDueNow(db, work.scope, Date.now());
    this.wake();
  }

  /** The owner asked for delivery now: forget back-offs and look at once. */
  flushWaits(): void {
    this.waiting.clear();
    this.wake();
  }

  /** Why mail is not moving, per destination, for the status view. */
  waits(): WaitingScope[] {
    return [...this.waiting.values()];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all(this.running.values());
    this.pool.closeAll();
  }

  private rescan(): void {
    this.rescanQueued = false;
    this.known = new Map(this.deps.router.scopes(pendingScopes(this.deps.db)).map((work) => [work.key, work]));
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.rescanQueued) this.rescan();
    const now = Date.now();
    let nextAt = now + IDLE_RECHECK_MS;
    for (const work of this.known.values()) {
      const blocked = this.waiting.get(work.key);
      const dueAt = Math.max(work.nextAt, blocked?.until ?? 0);
      if (dueAt > now || this.running.has(work.key)) {
        if (!this.running.has(work.key)) nextAt = Math.min(nextAt, dueAt);
        continue;
      }
      const run = this.runScope(work)
        .catch((error: unknown) => {
          this.deps.logger.error({ err: error, scope: work.key }, 'delivery run failed');
          // Retried at once, a failure that lasts (a full disk) would spin for ever; status shows why mail waits.
          const reason = error instanceof Error ? error.message : String(error);
          this.holdBack(work.key, `Delivery stopped by an error (${reason}); it is tried again shortly`, this.deps.config().retryMs[0]!);
        })
        .finally(() => {
          this.running.delete(work.key);
          this.wake();
        });
      this.running.set(work.key, run);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), Math.max(nextAt - Date.now(), 10));
    this.timer.unref();
  }

  private async runScope(work: ScopeWork): Promise<void> {
    const { deps } = this;
    const resolution = await deps.router.resolve(work.scope);
    if (resolution.kind === 'wait') {
      this.holdBack(work.key, resolution.reason, IDLE_RECHECK_MS);
      return;
    }
    const { hosts } = resolution;
    if (work.scope.kind === 'inbound') {
      deps.watch.watch(work.key, hosts[0]!);
      if (deps.watch.state(work.key) === 'down') {
        this.holdBack(work.key, 'The primary mail server is down: mail waits here until it answers again', deps.config().healthIntervalMs);
        return;
      }
    }
    this.waiting.delete(work.key);
    const newMail = new Nudge();
    this.newMail.set(work.key, newMail);
    const result = await handOverDue((limit) => this.claim(work.scope, limit), { key: work.key, hosts }, {
      pool: this.pool,
      spool: deps.spool,
      outcomes: deps.outcomes,
      config: deps.config(),
      logger: deps.logger,
      stopping: () => this.stopped,
      newMail: () => newMail.next(),
    }).finally(() => this.newMail.delete(work.key));
    if (result.kind === 'unreachable') {
      this.holdBack(work.key, result.reason, deps.config().retryMs[0]!);
      if (work.scope.kind === 'inbound') deps.watch.checkNow(work.key);
    }
  }

  /** Claims the next batch; mail that goes ahead of a deferred message (orderHold ran out) is logged and recorded with it. */
  private claim(scope: ClaimScope, limit: number) {
    const { db, events, logger, owner } = this.deps;
    const config = this.deps.config();
    const overtook: Overtaking[] = [];
    const record = (overtaking: Overtaking[]) => {
      for (const { qid, recipient, aheadOf, deferredSince, response } of overtaking) {
        events.record(db, {
          type: 'delivery.out-of-order',
          qid,
          data: { recipient, aheadOf, deferredSince, response, orderHold: config.settings.orderHold },
        });
      }
      overtook.push(...overtaking);
    };
    try {
      const claimed = claimDue(db, scope, { now: Date.now(), owner, leaseMs: LEASE_MS, limit, orderHoldMs: config.orderHoldMs }, record);
      events.committed();
      for (const { qid, recipient, aheadOf } of overtook) {
        logger.warn({ msg_id: qid, rcpt: recipient, ahead_of: aheadOf }, 'handed over ahead of an earlier message: the order hold ran out');
      }
      return claimed;
    } catch (error) {
      events.rolledBack();
      throw error;
    }
  }

  private holdBack(key: string, reason: string, forMs: number): void {
    this.waiting.set(key, { key, reason, until: Date.now() + forMs });
  }
}
