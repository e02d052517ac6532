import type { CommandResult } from '../api/contract.ts';
import { parseAdminArgs, printJson, type AdminCommandSpec } from './admin-args.ts';
import { plural } from './output-table.ts';

type Action = 'redeliver' | 'hold' | 'release' | 'delete';

const ACTIONS: Record<Action, { summary: string; done: string }> = {
  redeliver: { summary: 'Delivers the messages now, whatever their schedule; failed, expired and damaged ones get a fresh lifetime.', done: 'Queued for delivery now' },
  hold: { summary: 'Keeps the messages from being delivered until they are released.', done: 'Held' },
  release: { summary: 'Lets held messages be delivered again.', done: 'Released' },
  delete: { summary: 'Deletes the messages for good (export them first to keep a copy).', done: 'Deleted' },
};

function report(done: string, result: CommandResult): string {
  if (result.changed === 0) return 'Nothing changed: no recipient of those messages was in a state this applies to.\n';
  return `${done}: ${plural(result.changed, 'recipient')} of ${plural(result.messages, 'message')}.\n`;
}

/** `mx-standby redeliver|hold|release|delete ID...` */
export function queueAction(action: Action): (argv: string[]) => Promise<number> {
  const spec: AdminCommandSpec = { name: action, operands: 'ID...', summary: ACTIONS[action].summary, operandCount: { min: 1, max: 10_000 } };
  return async (argv) => {
    const invocation = await parseAdminArgs(spec, argv);
    if (!invocation) return 0;
    const result = await invocation.client.call(action, { ids: invocation.operands });
    if (invocation.json) printJson(result);
    else process.stdout.write(report(ACTIONS[action].done, result));
    return 0;
  };
}

const flushSpec: AdminCommandSpec = {
  name: 'flush',
  operands: '',
  summary: 'Makes every waiting recipient due now, like postqueue -f.',
  operandCount: { min: 0, max: 0 },
};

export async function flush(argv: string[]): Promise<number> {
  const invocation = await parseAdminArgs(flushSpec, argv);
  if (!invocation) return 0;
  const result = await invocation.client.call('flush', {});
  if (invocation.json) printJson(result);
  else process.stdout.write(result.changed === 0 ? 'Nothing to flush: every waiting recipient is already due.\n' : report('Due now', result));
  return 0;
}
