import { createHash } from 'node:crypto';
import { readHeaderSection } from '../api/header-section.ts';
import type { Logger } from '../log.ts';
import { parseHeaderFields } from '../smtp/data-inspector.ts';
import { summarize } from '../smtp/summary.ts';
import { importMessages, knownSpoolFiles, qidKnown } from '../store/messages.ts';
import type { Db } from '../store/open.ts';
import { messageCount } from '../store/queries.ts';
import type { NewMessage } from '../store/rows.ts';
import { messageFromRecord, type SpoolRecord } from './record.ts';
import type { Spool } from './spool.ts';

export interface QuarantinedBody {
  file: string;
  /** From the body's record, when it could be read. */
  qid: string | null;
  reason: string;
}

export interface SweepReport {
  at: Date;
  /** Bodies the database already knew. */
  known: number;
  /** Queue ids re-imported from their records, in arrival order. */
  recovered: string[];
  /** Of those, how many were taken back out of quarantine/ (rebuild only). */
  fromQuarantine: number;
  quarantined: QuarantinedBody[];
}

/**
 * `start`: the start-up sweep. A body the database does not know is taken back
 * into the queue from its record when the database holds no message at all
 * (it is new, or was lost or restored without its -wal file); otherwise it is
 * moved to quarantine/, since it may be mail already handed over or deleted.
 * `rebuild`: `mx-standby recover`, the owner's decision: every body with a
 * readable record is taken in, quarantined ones too, whatever the database holds.
 * Nothing is ever deleted here.
 */
export async function sweepSpool(spool: Spool, db: Db, mode: 'start' | 'rebuild', logger: Logger): Promise<SweepReport> {
  const report: SweepReport = { at: new Date(), known: 0, recovered: [], fromQuarantine: 0, quarantined: [] };
  if (mode === 'rebuild') report.fromQuarantine = await restoreQuarantined(spool, db, logger);
  const known = knownSpoolFiles(db);
  const takeIn = mode === 'rebuild' || messageCount(db) === 0;
  const found: { file: string; record: SpoolRecord }[] = [];
  for (const file of await spool.list()) {
    if (known.has(file)) {
      report.known++;
      continue;
    }
    const read = await readRecord(spool, file);
    if (!takeIn) await quarantine(spool, report, logger, file, read.record?.qid ?? null, 'the queue database holds other mail and does not know this body');
    else if (!read.record) await quarantine(spool, report, logger, file, null, read.reason);
    else if (qidKnown(db, read.record.qid)) await quarantine(spool, report, logger, file, read.record.qid, 'its queue id belongs to another body');
    else found.push({ file, record: read.record });
  }
  found.sort((a, b) => a.record.seq - b.record.seq);
  const messages: NewMessage[] = [];
  for (const { file, record } of found) {
    try {
      messages.push(await rebuiltMessage(spool, file, record));
    } catch (error) {
      await quarantine(spool, report, logger, file, record.qid, `its bytes could not be read: ${(error as Error).message}`);
    }
  }
  importMessages(db, messages);
  for (const message of messages) {
    logger.warn({ msg_id: message.qid, file: message.spoolFile }, 'taken back into the queue from its envelope record');
    report.recovered.push(message.qid);
  }
  return report;
}

async function readRecord(spool: Spool, file: string): Promise<{ record: SpoolRecord; reason?: never } | { record: null; reason: string }> {
  try {
    return { record: await spool.record(file) };
  } catch (error) {
    return { record: null, reason: `its envelope record cannot be read: ${(error as Error).message}` };
  }
}

async function quarantine(spool: Spool, report: SweepReport, logger: Logger, file: string, qid: string | null, reason: string): Promise<void> {
  await spool.quarantine(file);
  report.quarantined.push({ file, qid, reason });
  logger.warn({ msg_id: qid, file, reason, folder: spool.quarantineDir }, 'a body the queue does not know was moved to quarantine');
}

/** Quarantined bodies with a readable record whose queue id is free go back to the spool, to be imported with the rest. */
async function restoreQuarantined(spool: Spool, db: Db, logger: Logger): Promise<number> {
  const present = new Set(await spool.list());
  let restored = 0;
  for (const file of await spool.listQuarantine()) {
    if (present.has(file)) continue;
    const record = await spool.record(file, 'quarantine').catch(() => null);
    if (!record || qidKnown(db, record.qid)) continue;
    await spool.restore(file);
    logger.info({ msg_id: record.qid, file }, 'taken out of quarantine to be imported');
    restored++;
  }
  return restored;
}

/** The database's view of a body: envelope from its record; size, hash and summary from the sender's bytes as stored. */
async function rebuiltMessage(spool: Spool, file: string, record: SpoolRecord): Promise<NewMessage> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of spool.read(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  const summary = summarize(parseHeaderFields(await readHeaderSection(spool.read(file))));
  return messageFromRecord(record, { file, size, sha256: hash.digest('hex') }, summary);
}
