import type { Outcome } from '../../stores/messages-types.ts';
import { plural } from './format.ts';

const FAILED: Record<Extract<Outcome, { kind: 'failed' }>['action'], string> = {
  redeliver: 'Could not redeliver',
  hold: 'Could not hold',
  release: 'Could not release',
  delete: 'Could not delete',
  flush: 'Could not redeliver all',
  export: 'Could not export',
};

/** What the last action did, in words: the server's counts, never silence. */
export function outcomeText(outcome: Outcome): string {
  if (outcome.kind === 'failed') return `${FAILED[outcome.action]}: ${outcome.message}`;
  const { messages, changed } = outcome.result;
  const recipients = changed === messages ? '' : ` (${plural(changed, 'recipient')})`;
  switch (outcome.action) {
    case 'flush':
      return messages === 0
        ? 'Nothing was waiting: no message had a retry to bring forward.'
        : `Handing ${plural(messages, 'message')}${recipients} to the primary now; the table shows how it goes.`;
    case 'redeliver':
      return messages === 0
        ? 'Nothing to redeliver: those messages are delivered or already on their way.'
        : `Redelivering ${plural(messages, 'message')}${recipients} now.`;
    case 'hold':
      return messages === 0 ? 'Nothing to hold: no recipient of those messages was waiting.' : `Held ${plural(messages, 'message')}${recipients}: they wait until you release them.`;
    case 'release':
      return messages === 0 ? 'Nothing to release: none of those messages was held.' : `Released ${plural(messages, 'message')}${recipients}: they are due for delivery again.`;
    case 'delete': {
      const skipped = outcome.byFilter ? 0 : outcome.asked - messages;
      const done = `Deleted ${plural(messages, 'message')} for good.`;
      return skipped > 0 ? `${done} ${plural(skipped, 'message was', 'messages were')} being handed over and stayed.` : done;
    }
  }
}
