import { statement, type Db } from './open.ts';

/** What the owner can do to held mail, as single statements per message. */

export function holdMessage(db: Db, messageId: number): number {
  return statement(db, `UPDATE delivery SET state = 'held' WHERE message_id = ? AND state IN ('queued', 'deferred')`)
    .run(messageId).changes;
}

export function releaseMessage(db: Db, messageId: number, now: number): number {
  return statement(db, `UPDATE delivery SET state = 'queued', next_attempt_at = ? WHERE message_id = ? AND state = 'held'`)
    .run(now, messageId).changes;
}

/**
 * Due now, whatever the schedule said; failed, expired and damaged recipients
 * get a fresh lifetime (a damaged body restored from a backup passes its
 * check again; one still damaged is found so again). Delivered recipients
 * are left alone: sending them again would duplicate mail the primary
 * already has.
 */
export function redeliverMessage(db: Db, messageId: number, now: number, lifetimeMs: number): number {
  return statement(db, 
      `UPDATE delivery SET state = 'queued', next_attempt_at = @now, dsn_due = NULL,
         expires_at = CASE WHEN state IN ('failed', 'expired', 'damaged') THEN @now + @lifetime ELSE expires_at END
       WHERE message_id = @id AND state IN ('queued', 'deferred', 'held', 'failed', 'expired', 'damaged')`,
    )
    .run({ now, lifetime: lifetimeMs, id: messageId }).changes;
}

/** Deletes a message unless a handover of it is under way; returns its spool file when deleted. */
export function deleteMessage(db: Db, messageId: number): { spoolFile: string; recipients: number } | null {
  const busy = statement(db, `SELECT 1 FROM delivery WHERE message_id = ? AND state = 'delivering'`).get(messageId);
  if (busy) return null;
  const row = statement(db, 
      `SELECT spool_file AS spoolFile, (SELECT COUNT(*) FROM delivery WHERE message_id = message.id) AS recipients
       FROM message WHERE id = ?`,
    )
    .get(messageId) as { spoolFile: string; recipients: number } | undefined;
  if (!row) return null;
  statement(db, 'DELETE FROM message WHERE id = ?').run(messageId);
  return row;
}

/** Like `postqueue -f`: every waiting recipient is due now. */
export function flushQueue(db: Db, now: number): { changed: number; messages: number } {
  const messages = statement(db, `SELECT COUNT(DISTINCT message_id) FROM delivery WHERE state IN ('queued', 'deferred') AND next_attempt_at > ?`)
    .pluck()
    .get(now) as number;
  const changed = statement(db, `UPDATE delivery SET next_attempt_at = ? WHERE state IN ('queued', 'deferred') AND next_attempt_at > ?`)
    .run(now, now).changes;
  return { changed, messages };
}

export function qidOf(db: Db, messageId: number): string {
  return statement(db, 'SELECT qid FROM message WHERE id = ?').pluck().get(messageId) as string;
}

/** Messages every recipient of which was handed over before `cutoff`: their time in the queue is up. */
export function deliveredBefore(db: Db, cutoff: number, limit: number): number[] {
  return statement(
    db,
    `SELECT m.id FROM message m
     WHERE NOT EXISTS (SELECT 1 FROM delivery d WHERE d.message_id = m.id AND d.state != 'delivered')
       AND (SELECT MAX(delivered_at) FROM delivery d WHERE d.message_id = m.id) < ?
     ORDER BY m.id LIMIT ?`,
  )
    .pluck()
    .all(cutoff, limit) as number[];
}
