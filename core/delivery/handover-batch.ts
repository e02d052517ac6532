import type { ClaimedDelivery } from '../store/rows.ts';
import { deferLanes, deliveryIds, handOverLane, type Destination, type HandoverContext, type LaneResult } from './handover-lane.ts';
import { splitLanes } from './lanes.ts';
import { planTransactions, type Transaction } from './transactions.ts';

export type { HandoverContext } from './handover-lane.ts';

export type BatchResult = { kind: 'done' } | { kind: 'unreachable'; reason: string };

/** At most this many deliveries are claimed and not yet committed as settled, at any time: what a kill can find in handover. */
export const CLAIM_LIMIT = 100;

/**
 * Hands due mail over to one destination until none is left. Each claimed
 * batch is split into lanes (all mail for a mailbox in one lane, in received
 * order) that go side by side, each on its own connection, as many at once
 * as the destination's connection window allows; the window widens as
 * connections open. Whenever a connection is free and no lane waits (a lane
 * ended, or new mail came), the next batch is claimed, so one long lane (a
 * big mailbox) does not hold up mail for others: the claim leaves out mail for a mailbox that is being
 * handed over. If nothing answers, what is left waits for its next try, and
 * the caller backs off.
 */
export async function handOverDue(
  claim: (limit: number) => ClaimedDelivery[],
  destination: Destination,
  context: HandoverContext,
): Promise<BatchResult> {
  const pending: Transaction[][] = [];
  const running = new Set<Promise<void>>();
  // Claimed and not yet recorded or given back; recorded or given back and perhaps not yet committed.
  let unsettled = 0;
  let uncommitted = 0;
  // Set by lanes as they end: no new lane starts once either is known.
  const ended: { unreachable: string | null; failures: unknown[] } = { unreachable: null, failures: [] };
  const mayStart = () => ended.unreachable === null && ended.failures.length === 0 && !context.stopping();
  const freeConnection = () => running.size < context.pool.limit(destination.key);
  const progress = {
    connected: () => startLanes(),
    settled: (deliveries: number) => {
      unsettled -= deliveries;
      uncommitted += deliveries;
    },
  };

  const settle = (result: LaneResult) => {
    if (result.kind === 'refused' && result.rest.length > 0) pending.unshift(result.rest);
    if (result.kind === 'unreachable') ended.unreachable ??= result.reason;
  };
  const startLanes = () => {
    while (pending.length > 0 && mayStart() && freeConnection()) {
      const run: Promise<void> = handOverLane(pending.shift()!, destination, context, progress)
        .then(settle, (error: unknown) => {
          ended.failures.push(error);
        })
        .finally(() => {
          running.delete(run);
          startLanes();
        });
      running.add(run);
    }
  };

  try {
    for (;;) {
      if (pending.length === 0 && mayStart() && freeConnection() && unsettled < CLAIM_LIMIT) {
        // Results first, so that mailboxes whose lanes have ended are free to be claimed again.
        const committing = uncommitted;
        await context.outcomes.flush();
        uncommitted -= committing;
        const room = CLAIM_LIMIT - unsettled - uncommitted;
        const claimed = room > 0 ? claim(room) : [];
        if (claimed.length === 0 && running.size === 0) break;
        unsettled += claimed.length;
        pending.push(...splitLanes(planTransactions(claimed, context.config.hostname)));
      }
      startLanes();
      if (running.size === 0) {
        if (pending.length === 0 || !mayStart()) break;
        continue;
      }
      await Promise.race([...running, context.newMail()]);
    }
    if (ended.failures.length > 0) throw ended.failures[0];
    if (ended.unreachable !== null) {
      await deferLanes(pending, ended.unreachable, context);
      return { kind: 'unreachable', reason: ended.unreachable };
    }
    // Lanes not started because the engine is stopping go back to the queue as they were.
    await context.outcomes.release(deliveryIds(pending.flat()));
    return { kind: 'done' };
  } finally {
    await context.outcomes.flush();
  }
}
