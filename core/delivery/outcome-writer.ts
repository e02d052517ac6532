import type { EventBus } from '../events/bus.ts';
import type { EventDataByType } from '../events/types.ts';
import { recordOutcome, releaseClaims } from '../store/deliveries.ts';
import type { DeliveryOutcome } from '../store/rows.ts';
import type { WriteBatcher } from '../store/write-batcher.ts';

const MAX_PENDING = 100;
const MAX_WAIT_MS = 250;

/**
 * Collects delivery results and commits them together: one fsync for many
 * handovers. A crash before the commit means those messages are handed over
 * again (a duplicate at worst, never a loss), so the batch is kept small in
 * count and in time.
 */
/** One transaction's results; `host` is null when no server was reached at all. */
export interface Attempt {
  qid: string;
  host: string | null;
  results: { outcome: DeliveryOutcome; recipient: string }[];
  /** Set when the body was found damaged: what was found, and the size and hash it was received with. */
  damage?: Omit<EventDataByType['message.damaged'], 'recipients'>;
}

export class OutcomeWriter {
  private pending: Attempt[] = [];
  private pendingResults = 0;
  private firstAt = 0;
  private readonly batcher: WriteBatcher;
  private readonly events: EventBus;

  constructor(batcher: WriteBatcher, events: EventBus) {
    this.batcher = batcher;
    this.events = events;
  }

  async add(attempt: Attempt): Promise<void> {
    if (this.pending.length === 0) this.firstAt = Date.now();
    this.pending.push(attempt);
    this.pendingResults += attempt.results.length;
    if (this.pendingResults >= MAX_PENDING || Date.now() - this.firstAt >= MAX_WAIT_MS) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.pendingResults = 0;
    if (batch.length === 0) return;
    await this.batcher.write((db) => {
      const now = Date.now();
      for (const { qid, host, results, damage } of batch) {
        if (host !== null) {
          this.events.record(db, { type: 'delivery.attempt', qid, data: { recipients: results.map((r) => r.recipient), host } });
        }
        for (const { outcome, recipient } of results) {
          recordOutcome(db, outcome, now);
          if (outcome.result !== 'damaged') this.events.record(db, eventFor(outcome, recipient));
        }
        if (damage) {
          this.events.record(db, { type: 'message.damaged', qid, data: { recipients: results.map((r) => r.recipient), ...damage } });
        }
      }
    });
  }

  /** Claimed deliveries that were not attempted go back to the queue as they were. */
  async release(ids: number[]): Promise<void> {
    if (ids.length > 0) await this.batcher.write((db) => releaseClaims(db, ids));
  }
}

function eventFor(outcome: Exclude<DeliveryOutcome, { result: 'damaged' }>, recipient: string) {
  switch (outcome.result) {
    case 'delivered':
      return { type: 'delivery.delivered', qid: outcome.qid, data: { recipient, response: outcome.response, host: outcome.remoteHost } } as const;
    case 'deferred':
      return { type: 'delivery.deferred', qid: outcome.qid, data: { recipient, response: outcome.response, nextAttemptAt: outcome.nextAttemptAt } } as const;
    case 'failed':
      return { type: 'delivery.failed', qid: outcome.qid, data: { recipient, response: outcome.response } } as const;
  }
}
