import type { MessageListItem } from '../api/contract.ts';
import { clip, formatTable, localTime, plural } from './output-table.ts';

const HEADER = ['ID', 'RECEIVED', 'STATE', 'TRIES', 'FROM', 'TO', 'SUBJECT'];

function row(item: MessageListItem): string[] {
  const to = item.recipients.map((recipient) => recipient.address);
  return [
    item.id,
    localTime(item.receivedAt),
    item.state,
    String(item.attempts),
    clip(item.from || '<>', 30),
    clip(to.length > 1 ? `${to[0]} +${to.length - 1}` : (to[0] ?? ''), 34),
    clip(item.subject ?? '', 40),
  ];
}

/** What was found for each damaged message, and what the owner can do. */
function damagedNote(items: MessageListItem[]): string {
  const damaged = items.filter((item) => item.state === 'damaged');
  if (damaged.length === 0) return '';
  const found = damaged.map((item) => `${item.id}: ${item.lastResponse ?? 'the stored body is damaged'}\n`).join('');
  return (
    `\nDamaged: the stored body is not the one received, so it is not handed over, retried or bounced.\n${found}` +
    'Restore the body file from a backup and redeliver, or export or delete the message.\n'
  );
}

/** `mx-standby queue` for a person: one line per message, oldest first, like `postqueue -p`. */
export function formatQueue(items: MessageListItem[], state: string | undefined): string {
  if (items.length === 0) return state ? `No messages with recipients in state ${state}.\n` : 'No messages.\n';
  return `${formatTable(items.map(row), HEADER)}${plural(items.length, 'message')}\n${damagedNote(items)}`;
}
