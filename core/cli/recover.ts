import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../config/data-dir.ts';
import { lockDataFolder } from '../data-lock.ts';
import { silentLogger } from '../log.ts';
import { Spool } from '../spool/spool.ts';
import { sweepSpool, type SweepReport } from '../spool/sweep.ts';
import { openDatabase } from '../store/open.ts';
import { printJson } from './admin-args.ts';
import { CommandError } from './client-errors.ts';

const usage = (dataDir: string) => `Usage: mx-standby recover [options]

Rebuilds the queue from the spool, with the server stopped: every body in
DATA/spool/messages (and in DATA/quarantine) whose envelope record can be read
and that the queue database does not know is added to the queue, in the order
it arrived. Bodies without a readable record are moved to DATA/quarantine.
Nothing is deleted. Start serve afterwards to hand the mail over.

Options:
  --data DIR   the data folder (default: ${dataDir})
  --json       print the result as JSON, stable for scripts
  --help       show this help
`;

/** `mx-standby recover`: offline, under the data-folder lock, so it refuses while serve runs. */
export async function recover(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { data: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new CommandError(`${(error as Error).message.replace(/\.$/, '')}; see mx-standby recover --help`);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(usage(defaultDataDir()));
    return 0;
  }
  const dataDir = resolve(values.data ?? defaultDataDir());
  if (!existsSync(join(dataDir, 'spool', 'messages'))) {
    throw new CommandError(`${dataDir} has no spool/messages folder: is it an MX Standby data folder? (--data DIR)`);
  }
  const report = await rebuild(dataDir);
  const quarantineFolder = join(dataDir, 'quarantine');
  if (values.json) printJson({ dataDir, ...report, at: report.at.toISOString(), quarantineFolder });
  else process.stdout.write(describe(dataDir, report, quarantineFolder));
  return 0;
}

async function rebuild(dataDir: string): Promise<SweepReport> {
  const unlock = await lockDataFolder(dataDir);
  try {
    const db = openDatabase(join(dataDir, 'queue.sqlite'));
    const spool = new Spool(join(dataDir, 'spool'));
    try {
      await spool.init();
      return await sweepSpool(spool, db, 'rebuild', silentLogger());
    } finally {
      await spool.close();
      db.close();
    }
  } finally {
    await unlock();
  }
}

function describe(dataDir: string, report: SweepReport, quarantineFolder: string): string {
  const { known, recovered, fromQuarantine, quarantined } = report;
  const lines = [`Recovered the queue of ${dataDir} from its spool:`];
  lines.push(`  ${recovered.length} message${recovered.length === 1 ? '' : 's'} taken back into the queue, oldest first` +
    (fromQuarantine > 0 ? ` (${fromQuarantine} of them out of quarantine)` : ''));
  lines.push(`  ${known} already in the queue database`);
  lines.push(`  ${quarantined.length} moved to ${quarantineFolder}`);
  for (const body of quarantined) lines.push(`    ${body.file}: ${body.reason}`);
  if (known > 0 && recovered.length > 0) {
    lines.push(
      'The queue database already held mail: the bodies it did not know were added beside it. One that was handed over',
      'before the database was restored from an older copy will be handed over again.',
    );
  }
  if (recovered.length > 0) lines.push('Start serve to hand them over.');
  return `${lines.join('\n')}\n`;
}
