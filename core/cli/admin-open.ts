import { parseAdminArgs, printJson, type AdminCommandSpec } from './admin-args.ts';
import { localTime } from './output-table.ts';

const spec: AdminCommandSpec = {
  name: 'open',
  operands: '',
  summary: 'Prints a fresh link that signs you in to the web UI of the running MX Standby. It works once, for 15 minutes.',
  operandCount: { min: 0, max: 0 },
};

/** `mx-standby open`: a new sign-in link, the way `jupyter server list` shows its login URL. */
export async function open(argv: string[]): Promise<number> {
  const invocation = await parseAdminArgs(spec, argv);
  if (!invocation) return 0;
  const link = await invocation.client.call('createSignInLink', {});
  if (invocation.json) {
    printJson(link);
    return 0;
  }
  const port = new URL(link.url).port;
  process.stdout.write(
    [
      'Open this link in a web browser on this computer to sign in to MX Standby:',
      '',
      `  ${link.url}`,
      '',
      `It works once, until ${localTime(link.expiresAt)}. Copy it into the address bar, or ctrl-click it in your terminal.`,
      `From another computer, forward the port first (ssh -L ${port}:127.0.0.1:${port} THIS-MACHINE), then open the link there.`,
      '',
    ].join('\n'),
  );
  return 0;
}
