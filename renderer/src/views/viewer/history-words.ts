import type { EngineEvent } from '../../../../core/api/contract.ts';
import { formatTime } from './format.ts';

/** What an event of this message's history says, in words. */
export function historyWords(event: EngineEvent): string {
  switch (event.type) {
    case 'message.received':
      return `Received from ${event.data.from || 'the null sender'} for ${event.data.to.join(', ')}`;
    case 'delivery.attempt':
      return `Delivery tried to ${event.data.host}`;
    case 'delivery.delivered':
      return `Delivered to ${event.data.host}: ${event.data.response}`;
    case 'delivery.deferred':
      return `Not delivered yet: ${event.data.response}. Next try ${formatTime(event.data.nextAttemptAt)}`;
    case 'delivery.failed':
      return `Refused for good: ${event.data.response}`;
    case 'delivery.expired':
      return 'Expired: could not be delivered in its lifetime';
    case 'delivery.out-of-order':
      return `Went ahead of the earlier message ${event.data.aheadOf}${event.data.response ? ` (the primary said: ${event.data.response})` : ''}: the order hold of ${event.data.orderHold} ran out`;
    case 'message.held':
      return `Held by the owner (${event.data.recipients} recipients)`;
    case 'message.released':
      return `Released by the owner (${event.data.recipients} recipients)`;
    case 'message.redeliver':
      return `Redelivery asked by the owner (${event.data.recipients} recipients)`;
    case 'message.deleted':
      return 'Deleted';
    case 'message.damaged':
      return `Not handed over, the stored body is damaged: ${event.data.problem}`;
    case 'dsn.queued':
      return `A ${event.data.action === 'failed' ? 'bounce' : 'delay notice'} was sent to ${event.data.to}`;
    default:
      return event.type;
  }
}

/** Whether an event is about one recipient's delivery (and which), or about the whole message. */
export function recipientsOf(event: EngineEvent): string[] | null {
  switch (event.type) {
    case 'delivery.attempt':
    case 'dsn.queued':
    case 'message.damaged':
      return event.data.recipients;
    case 'delivery.delivered':
    case 'delivery.deferred':
    case 'delivery.failed':
    case 'delivery.expired':
    case 'delivery.out-of-order':
      return [event.data.recipient];
    default:
      return null;
  }
}

/** The history of one recipient (its own events and the message's), oldest first. */
export function historyFor(history: readonly EngineEvent[], recipient: string): EngineEvent[] {
  const lower = recipient.toLowerCase();
  return history
    .filter((event) => {
      const about = recipientsOf(event);
      return about === null || about.some((address) => address.toLowerCase() === lower);
    })
    .sort((a, b) => a.id - b.id);
}
