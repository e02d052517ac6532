import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import Database from 'better-sqlite3';
import { Spool } from '../../core/spool/spool.ts';
import { sha256 } from './crash-load.ts';

export interface StoredMessage {
  /** The test id, from the Subject. */
  id: string;
  sha256: string;
  spoolFile: string;
  states: string[];
}

/** Reads the engine's queue database without writing to it: safe while the engine runs, and leaves a crashed one as it was. */
function query<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'queue.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Ids whose delivery was claimed for handover and has no recorded outcome: the ones a kill may make the engine hand over twice. */
export function inHandover(dataDir: string): string[] {
  return query(dataDir, (db) =>
    db
      .prepare(`SELECT m.subject FROM delivery d JOIN message m ON m.id = d.message_id WHERE d.state = 'delivering'`)
      .pluck()
      .all() as string[],
  );
}

export function undeliveredCount(dataDir: string): number {
  return query(dataDir, (db) => db.prepare(`SELECT COUNT(*) FROM delivery WHERE state <> 'delivered'`).pluck().get() as number);
}

/** Ids of messages with a recipient not yet delivered: what a restart must still hand over. */
export function heldIds(dataDir: string): string[] {
  return query(dataDir, (db) =>
    db
      .prepare(`SELECT DISTINCT m.subject FROM delivery d JOIN message m ON m.id = d.message_id WHERE d.state <> 'delivered'`)
      .pluck()
      .all() as string[],
  );
}

/** What a lost disk or a backup without the database leaves: the spool and nothing that indexes it. */
export async function removeDatabase(dataDir: string): Promise<void> {
  for (const file of ['queue.sqlite', 'queue.sqlite-wal', 'queue.sqlite-shm']) await rm(join(dataDir, file), { force: true });
}

export function storedMessages(dataDir: string): StoredMessage[] {
  const rows = query(dataDir, (db) =>
    db
      .prepare(
        `SELECT m.subject AS id, m.sha256, m.spool_file AS spoolFile, group_concat(d.state) AS states
         FROM message m LEFT JOIN delivery d ON d.message_id = m.id GROUP BY m.id ORDER BY m.id`,
      )
      .all() as { id: string; sha256: string; spoolFile: string; states: string | null }[],
  );
  return rows.map((row) => ({ ...row, states: row.states ? row.states.split(',') : [] }));
}

/**
 * What is wrong between the database and the spool folder: a body missing or
 * not what the database says it is, a body no message owns, a temp file left.
 */
export async function spoolProblems(dataDir: string, stored: StoredMessage[]): Promise<string[]> {
  const problems: string[] = [];
  const messagesDir = join(dataDir, 'spool', 'messages');
  const spool = new Spool(join(dataDir, 'spool'));
  const files = new Set(await readdir(messagesDir));
  for (const message of stored) {
    if (!files.delete(message.spoolFile)) {
      problems.push(`${message.id}: body ${message.spoolFile} is missing`);
      continue;
    }
    // The sender's bytes, without the envelope record stored in front of them.
    const digest = sha256(await buffer(spool.read(message.spoolFile)));
    if (digest !== message.sha256) problems.push(`${message.id}: body ${message.spoolFile} does not match its sha256`);
  }
  for (const file of files) problems.push(`spool/messages/${file} belongs to no message`);
  for (const file of await readdir(join(dataDir, 'spool', 'tmp'))) problems.push(`spool/tmp/${file} was left behind`);
  return problems;
}
