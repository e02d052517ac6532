// `npm run bench`: prints how MX Standby compares with Postfix as a backup MX
// on this machine. It reports, it does not assert: numbers depend on the disk.
// Everything listens on 127.0.0.1; every run has a message count and a time limit.
import os from 'node:os';
import { formatListing, measureListing } from './listing.ts';
import { measureAcceptRate, measureBigMessageMemory, measureRedelivery, type Reading } from './measurements.ts';
import { mxStandbyKind } from './mx-standby-target.ts';
import { FULL_PLAN, QUICK_PLAN, type BenchPlan } from './plan.ts';
import { postfixKind } from './postfix-backup.ts';
import { formatTable, type Row } from './report.ts';
import { measureSlowDrain } from './slow-drain.ts';
import { requirePrograms, SMTP_SINK, SMTP_SOURCE } from './smtp-tools.ts';
import type { TargetKind } from './target.ts';

/** One measurement run per target, giving one reading per label. */
type RowPlan = { labels: string[]; measure: (kind: TargetKind) => Promise<Reading[]> };

function rowPlans(plan: BenchPlan): RowPlan[] {
  const accept = plan.acceptSessions.map((sessions) => ({
    labels: [`accept rate, ${sessions} session${sessions === 1 ? '' : 's'} (msg/s)`],
    measure: async (kind: TargetKind) => [await measureAcceptRate(kind, plan, sessions)],
  }));
  const big = `${plan.bigSessions} x ${plan.bigMessageBytes / 1e6} MB at once`;
  return [
    ...accept,
    { labels: ['redelivery once the primary is back (msg/s)'], measure: async (kind) => [await measureRedelivery(kind, plan)] },
    {
      labels: [`drain into a slow primary (${plan.slowReplyMs / 1000} s per message), ${plan.slowMessages} for ${plan.slowMailboxes} mailboxes (msg/s)`],
      measure: async (kind) => [await measureSlowDrain(kind, plan)],
    },
    {
      labels: [`peak RSS, ${big} (MiB)`, 'peak PSS, same run, sampled every 100 ms (MiB)'],
      measure: (kind) => measureBigMessageMemory(kind, plan),
    },
  ];
}

function describeReading(reading: Reading): string {
  const value = reading.value === null ? 'failed' : reading.value.toFixed(1);
  return reading.note ? `${value} (${reading.note})` : value;
}

/**
 * Runs each measurement on every available target in turn, so slow drift of
 * the machine hits both alike. With `only`, just the measurements whose label
 * contains it.
 */
async function measureAll(kinds: TargetKind[], plan: BenchPlan, only: string | null): Promise<Row[]> {
  const rows: Row[] = [];
  for (const rowPlan of rowPlans(plan).filter((candidate) => only === null || candidate.labels.some((label) => label.includes(only)))) {
    const labels = rowPlan.labels;
    const columns: (Reading[] | undefined)[] = [];
    for (const kind of kinds) {
      if (kind.unavailable() !== null) {
        columns.push(undefined);
        continue;
      }
      const readings = await rowPlan.measure(kind);
      labels.forEach((label, index) => console.error(`[${kind.name}] ${label}: ${describeReading(readings[index]!)}`));
      columns.push(readings);
    }
    labels.forEach((label, index) => rows.push({ label, readings: columns.map((readings) => readings?.[index]) }));
  }
  return rows;
}

function printHeader(kinds: TargetKind[], plan: BenchPlan): void {
  console.log(`MX Standby bench, ${new Date().toISOString()}`);
  console.log(`${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${os.release()}, Node ${process.versions.node}`);
  console.log(
    `${plan.messageBytes / 1024} KB messages, one per connection (smtp-source); ${plan.acceptMessages} per accept run, ` +
      `${plan.redeliveryMessages} for redelivery; limits ${plan.acceptLimitMs / 1000} s / ${plan.redeliveryLimitMs / 1000} s / ${plan.bigLimitMs / 1000} s`,
  );
  console.log('The primary (smtp-sink) is down while mail is accepted; each measurement starts a fresh server.');
  console.log(
    `The slow primary is the test fixture (smtp-server, with STARTTLS, which MX Standby uses and this Postfix does not), ` +
      `answering each message ${plan.slowReplyMs} ms after its final "."; in-order handover needs at least ` +
      `${Math.ceil(plan.slowMessages / plan.slowMailboxes)} replies in a row per mailbox.`,
  );
  for (const kind of kinds) {
    const why = kind.unavailable();
    if (why !== null) console.log(`${kind.name}: not measured, ${why}`);
  }
  console.log('');
}

async function main(): Promise<number> {
  const plan = process.argv.includes('--quick') ? QUICK_PLAN : FULL_PLAN;
  // `npm run bench -- --only "slow primary"` runs just the measurements whose label contains those words.
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt === -1 ? null : (process.argv[onlyAt + 1] ?? '');
  requirePrograms([SMTP_SOURCE, SMTP_SINK]);
  const kinds = [mxStandbyKind, postfixKind];
  printHeader(kinds, plan);
  const rows = await measureAll(kinds, plan, only);
  console.log(formatTable(kinds.map((kind) => kind.name), rows));
  console.log('\nFor rates, a ratio above 1 means MX Standby is faster; for memory, below 1 means it uses less.');
  for (const kind of kinds) if (kind.unavailable() === null) console.log(kind.notes.join('\n'));
  if (only !== null) return 0;
  console.log('\nListing held mail through the API, 100,000 messages in the queue:');
  console.log(formatListing(await measureListing(plan === QUICK_PLAN ? 10_000 : 100_000)));
  return 0;
}

// process.exit runs the exit-cleanup hooks, which stop any server still running.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  return 1;
});
