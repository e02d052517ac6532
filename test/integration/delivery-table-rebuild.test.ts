import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../core/store/migrations.ts';
import { openDatabase } from '../../core/store/open.ts';

const REBUILD = migrations.findIndex((sql) => sql.includes('CREATE TABLE delivery_new'));

/** A queue database as the version before the rebuild left it, with a message and deliveries in several states. */
function olderDatabase(path: string): void {
  const db = new Database(path);
  for (const sql of migrations.slice(0, REBUILD)) db.exec(sql);
  db.pragma(`user_version = ${REBUILD}`);
  db.prepare(
    `INSERT INTO message (id, qid, kind, received_at, mail_from, mail_params, size, sha256, spool_file)
     VALUES (1, 'q1', 'inbound', 1000, 'a@origin.test', '{}', 10, 'abc', 'q1.eml')`,
  ).run();
  const delivery = db.prepare(
    `INSERT INTO delivery (id, message_id, kind, recipient, domain, rcpt_params, state, attempts, next_attempt_at, expires_at,
       last_response, dsn_due, first_deferred_at)
     VALUES (?, 1, 'inbound', ?, 'example.test', '{}', ?, ?, 2000, 9000, ?, ?, ?)`,
  );
  delivery.run(1, 'one@example.test', 'deferred', 2, '451 busy', null, 1500);
  delivery.run(2, 'two@example.test', 'failed', 1, '550 no such user', 'failure', null);
  delivery.run(3, 'three@example.test', 'delivered', 1, '250 ok', null, null);
  db.close();
}

const rows = (db: Database.Database) => db.prepare('SELECT * FROM delivery ORDER BY id').all();
const indexes = (db: Database.Database) =>
  db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'delivery' ORDER BY name`).all();

describe('the delivery table rebuilt to allow the damaged state', () => {
  let dir: string | undefined;

  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every row, column and index of an older database, and takes damaged', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mx-standby-rebuild-'));
    const path = join(dir, 'queue.sqlite');
    olderDatabase(path);
    const before = new Database(path, { readonly: true });
    const [rowsBefore, indexesBefore] = [rows(before), indexes(before)];
    before.close();

    const db = openDatabase(path);
    try {
      expect(rows(db)).toEqual(rowsBefore);
      expect(indexes(db)).toEqual(indexesBefore);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.prepare(`UPDATE delivery SET state = 'damaged' WHERE id = 1`).run();
      expect(() => db.prepare(`UPDATE delivery SET state = 'lost' WHERE id = 1`).run()).toThrow(/CHECK constraint/);
      db.prepare('DELETE FROM message WHERE id = 1').run();
      expect(rows(db)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
