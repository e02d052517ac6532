import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../config/data-dir.ts';
import { AdminClient } from './client.ts';
import { CommandError } from './client-errors.ts';

export interface AdminCommandSpec {
  name: string;
  /** e.g. "ID..." */
  operands: string;
  summary: string;
  /** Extra options beyond --data, --json and --help, with their help lines. */
  options?: Record<string, { value: string; help: string }>;
  json?: boolean;
  operandCount: { min: number; max: number };
}

export interface AdminInvocation {
  client: AdminClient;
  json: boolean;
  values: Record<string, string | undefined>;
  operands: string[];
}

function adminUsage(spec: AdminCommandSpec): string {
  const rows: [string, string][] = [
    ['--data DIR', `the data folder of the running instance (default: ${defaultDataDir()})`],
    ...Object.entries(spec.options ?? {}).map(([name, option]): [string, string] => [`--${name} ${option.value}`, option.help]),
    ...(spec.json === false ? [] : [['--json', 'print the API\'s JSON, stable for scripts'] as [string, string]]),
    ['--help', 'show this help'],
  ];
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const synopsis = `mx-standby ${spec.name} [options]${spec.operands ? ` ${spec.operands}` : ''}`;
  return [`Usage: ${synopsis}`, '', spec.summary, '', 'Options:', ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`), ''].join('\n');
}

/** Parses an admin command's argv and opens the client; null means --help was printed. */
export async function parseAdminArgs(spec: AdminCommandSpec, argv: string[]): Promise<AdminInvocation | null> {
  const extra = Object.fromEntries(Object.keys(spec.options ?? {}).map((name) => [name, { type: 'string' as const }]));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { data: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...extra },
    });
  } catch (error) {
    throw new CommandError(`${(error as Error).message.replace(/\.$/, '')}; see mx-standby ${spec.name} --help`);
  }
  const { positionals } = parsed;
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    process.stdout.write(adminUsage(spec));
    return null;
  }
  if (values.json && spec.json === false) throw new CommandError(`${spec.name} has no --json; see mx-standby ${spec.name} --help`);
  const { min, max } = spec.operandCount;
  if (positionals.length < min || positionals.length > max) {
    throw new CommandError(`usage: mx-standby ${spec.name}${spec.operands ? ` ${spec.operands}` : ''} [options]`);
  }
  const dataGiven = typeof values.data === 'string';
  const dataDir = resolve(dataGiven ? (values.data as string) : defaultDataDir());
  return {
    client: await AdminClient.open({ dataDir, dataGiven }),
    json: values.json === true,
    values: Object.fromEntries(Object.keys(spec.options ?? {}).map((name) => [name, values[name] as string | undefined])),
    operands: positionals,
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
