import type { ClaimedDelivery, DeliveryOutcome } from '../store/rows.ts';
import type { RecipientReply } from './handover-connection.ts';
import { nextAttemptAt } from './retry.ts';

/** 2xx delivered, 5xx failed, anything else (4xx, no answer) waits for its next try. */
export function outcomeFor(
  delivery: ClaimedDelivery,
  reply: Pick<RecipientReply, 'code' | 'response' | 'accepted'>,
  remoteHost: string | null,
  retryMs: readonly number[],
  now: number,
): DeliveryOutcome {
  const base = { id: delivery.id, qid: delivery.qid, response: reply.response };
  if (reply.accepted && reply.code !== null) {
    return { ...base, result: 'delivered', code: reply.code, remoteHost: remoteHost ?? '' };
  }
  if (reply.code !== null && reply.code >= 500) {
    return { ...base, result: 'failed', code: reply.code, remoteHost };
  }
  return {
    ...base,
    result: 'deferred',
    code: reply.code,
    remoteHost,
    nextAttemptAt: nextAttemptAt(delivery.attempts, retryMs, now),
  };
}

/** Every claimed delivery waits, with the same reason: the destination could not be reached. */
export function allDeferred(
  claimed: ClaimedDelivery[],
  reason: string,
  retryMs: readonly number[],
  now: number,
): DeliveryOutcome[] {
  return claimed.map((delivery) =>
    outcomeFor(delivery, { code: null, response: reason, accepted: false }, null, retryMs, now),
  );
}

/** The body is not the one received: every claimed delivery of it is damaged, with what was found. */
export function allDamaged(claimed: ClaimedDelivery[], problem: string): DeliveryOutcome[] {
  return claimed.map((delivery) => ({ id: delivery.id, qid: delivery.qid, result: 'damaged', code: null, response: problem, remoteHost: null }));
}
