import { statement, type Db } from './open.ts';
import type { MailParams, MessageKind, RcptParams } from './rows.ts';

/** A message whose sender is owed a notice, with the deliveries it is about. */
export interface DueNotice {
  messageId: number;
  qid: string;
  kind: MessageKind;
  mailFrom: string;
  mailParams: MailParams;
  receivedAt: number;
  spoolFile: string;
  deliveries: {
    id: number;
    recipient: string;
    rcptParams: RcptParams;
    state: string;
    due: 'failure' | 'delay';
    lastCode: number | null;
    lastResponse: string | null;
    remoteHost: string | null;
    lastAttemptAt: number | null;
    expiresAt: number;
  }[];
}

type Row = {
  message_id: number;
  qid: string;
  kind: MessageKind;
  mail_from: string;
  mail_params: string;
  received_at: number;
  spool_file: string;
  id: number;
  recipient: string;
  rcpt_params: string;
  state: string;
  dsn_due: 'failure' | 'delay';
  last_code: number | null;
  last_response: string | null;
  remote_host: string | null;
  last_attempt_at: number | null;
  expires_at: number;
};

export function dueNotices(db: Db, limit: number): DueNotice[] {
  const rows = statement(db, 
      `SELECT d.message_id, m.qid, m.kind, m.mail_from, m.mail_params, m.received_at, m.spool_file,
         d.id, d.recipient, d.rcpt_params, d.state, d.dsn_due, d.last_code, d.last_response, d.remote_host,
         d.last_attempt_at, d.expires_at
       FROM delivery d JOIN message m ON m.id = d.message_id
       WHERE d.message_id IN (SELECT DISTINCT message_id FROM delivery WHERE dsn_due IS NOT NULL ORDER BY message_id LIMIT ?)
         AND d.dsn_due IS NOT NULL
       ORDER BY d.message_id, d.id`,
    )
    .all(limit) as Row[];
  const notices = new Map<number, DueNotice>();
  for (const row of rows) {
    let notice = notices.get(row.message_id);
    if (!notice) {
      notice = {
        messageId: row.message_id,
        qid: row.qid,
        kind: row.kind,
        mailFrom: row.mail_from,
        mailParams: JSON.parse(row.mail_params),
        receivedAt: row.received_at,
        spoolFile: row.spool_file,
        deliveries: [],
      };
      notices.set(row.message_id, notice);
    }
    notice.deliveries.push({
      id: row.id,
      recipient: row.recipient,
      rcptParams: JSON.parse(row.rcpt_params),
      state: row.state,
      due: row.dsn_due,
      lastCode: row.last_code,
      lastResponse: row.last_response,
      remoteHost: row.remote_host,
      lastAttemptAt: row.last_attempt_at,
      expiresAt: row.expires_at,
    });
  }
  return [...notices.values()];
}

/** The notice is queued (or was not wanted): the deliveries owe nothing more. */
export function settleNotices(db: Db, deliveryIds: number[]): void {
  const settle = statement(db, 
    `UPDATE delivery SET delay_notified = CASE WHEN dsn_due = 'delay' THEN 1 ELSE delay_notified END, dsn_due = NULL
     WHERE id = ?`,
  );
  for (const id of deliveryIds) settle.run(id);
}

/** Deliveries still waiting after `delayMs` owe their sender one "still trying" notice. */
export function markDelayNotices(db: Db, delayMs: number, now: number): number {
  return statement(db, 
      `UPDATE delivery SET dsn_due = 'delay'
       WHERE state IN ('queued', 'deferred') AND kind = 'inbound' AND delay_notified = 0 AND dsn_due IS NULL
         AND message_id IN (SELECT id FROM message WHERE received_at <= @cutoff)`,
    )
    .run({ cutoff: now - delayMs }).changes;
}
