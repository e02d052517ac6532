import { statement, type Db } from './open.ts';

export interface MailCounts {
  waiting: number;
  onHold: number;
  bounced: number;
}

/**
 * Messages for this server's domains (not bounces it sends) counted once
 * however many recipients they have: with a recipient still to hand over,
 * kept on hold, or that failed or expired. The state list keeps the scan on
 * the delivery_state index, away from the many delivered rows.
 */
export function mailCounts(db: Db): MailCounts {
  return statement(
    db,
    `SELECT
       COUNT(DISTINCT CASE WHEN state IN ('queued', 'deferred', 'delivering', 'held') THEN message_id END) AS waiting,
       COUNT(DISTINCT CASE WHEN state = 'held' THEN message_id END) AS onHold,
       COUNT(DISTINCT CASE WHEN state IN ('failed', 'expired') THEN message_id END) AS bounced
     FROM delivery
     WHERE state IN ('queued', 'deferred', 'delivering', 'held', 'failed', 'expired') AND kind = 'inbound'`,
  ).get() as MailCounts;
}
