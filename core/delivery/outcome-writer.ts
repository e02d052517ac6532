import type { EventBus } from '../events/bus.ts';
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
export class OutcomeWriter {
  private pending: { outcome: DeliveryOutcome; recipient: string }[] = [];
  private firstAt = 0;
  private readonly batcher: WriteBatcher;
  private readonly events: EventBus;

  constructor(batcher: WriteBatcher, events: EventBus) {
    this.batcher = batcher;
    this.events = events;
  }

  async add(outcome: DeliveryOutcome, recipient: string): Promise<void> {
    if (this.pending.length === 0) this.firstAt = Date.now();
    this.pending.push({ outcome, recipient });
    if (this.pending.length >= MAX_PENDING || Date.now() - this.firstAt >= MAX_WAIT_MS) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    await this.batcher.write((db) => {
      const now = Date.now();
      for (const { outcome, recipient } of batch) {
        recordOutcome(db, outcome, now);
        this.events.record(db, eventFor(outcome, recipient));
      }
    });
  }

  /** Claimed deliveries that were not attempted go back to the queue as they were. */
  async release(ids: number[]): Promise<void> {
    if (ids.length > 0) await this.batcher.write((db) => releaseClaims(db, ids));
  }
}

function eventFor(outcome: DeliveryOutcome, recipient: string) {
  switch (outcome.result) {
    case 'delivered':
      return { type: 'delivery.delivered', qid: outcome.qid, data: { recipient, response: outcome.response, host: outcome.remoteHost } } as const;
    case 'deferred':
      return { type: 'delivery.deferred', qid: outcome.qid, data: { recipient, response: outcome.response, nextAttemptAt: outcome.nextAttemptAt } } as const;
    case 'failed':
      return { type: 'delivery.failed', qid: outcome.qid, data: { recipient, response: outcome.response } } as const;
  }
}
