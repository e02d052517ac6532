import type { MessageListItem } from '../api/contract.ts';
import type { AdminClient } from './client.ts';
import { parseAdminArgs, printJson, type AdminCommandSpec } from './admin-args.ts';
import { formatQueue } from './output-queue.ts';

const spec: AdminCommandSpec = {
  name: 'queue',
  operands: '',
  summary: 'Lists the messages MX Standby holds, oldest first.',
  options: { state: { value: 'STATE', help: 'only messages with a recipient in this state (queued, deferred, held, failed, ...)' } },
  operandCount: { min: 0, max: 0 },
};

/** Every page, following the cursor: the whole queue, as `postqueue -p` shows it. */
async function allMessages(client: AdminClient, state: string | undefined): Promise<MessageListItem[]> {
  const items: MessageListItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.call('listMessages', {
      order: 'asc',
      limit: 500,
      ...(state === undefined ? {} : { state: state as MessageListItem['state'] }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

export async function queue(argv: string[]): Promise<number> {
  const invocation = await parseAdminArgs(spec, argv);
  if (!invocation) return 0;
  const state = invocation.values.state;
  const items = await allMessages(invocation.client, state);
  // The shape of one page of listMessages, holding all of them, so scripts parse one thing.
  if (invocation.json) printJson({ items, nextCursor: null });
  else process.stdout.write(formatQueue(items, state));
  return 0;
}
