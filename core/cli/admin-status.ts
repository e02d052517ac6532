import { parseAdminArgs, printJson, type AdminCommandSpec } from './admin-args.ts';
import { formatStatus } from './output-status.ts';

const spec: AdminCommandSpec = {
  name: 'status',
  operands: '',
  summary: 'How the running MX Standby is doing: mail listener, primary, queue and disk.',
  operandCount: { min: 0, max: 0 },
};

export async function status(argv: string[]): Promise<number> {
  const invocation = await parseAdminArgs(spec, argv);
  if (!invocation) return 0;
  const result = await invocation.client.call('status', {});
  if (invocation.json) printJson(result);
  else process.stdout.write(formatStatus(result));
  return 0;
}
