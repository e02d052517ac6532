import { statement, type Db } from './open.ts';
import type { NewMessage } from './rows.ts';

/**
 * Records an accepted message and one delivery row per recipient. Runs inside
 * the caller's transaction (the write batcher's), so the message and its
 * deliveries appear together or not at all.
 */
export function insertMessage(db: Db, message: NewMessage): number {
  const { id } = statement(db, 
      `INSERT INTO message (qid, kind, received_at, mail_from, mail_params, client_address, client_hostname, helo,
         tls, size, sha256, spool_file, subject, header_from, header_to, header_date, header_message_id)
       VALUES (@qid, @kind, @receivedAt, @mailFrom, @mailParams, @clientAddress, @clientHostname, @helo,
         @tls, @size, @sha256, @spoolFile, @subject, @from, @to, @date, @messageId)
       RETURNING id`,
    )
    .get({
      qid: message.qid,
      kind: message.kind,
      receivedAt: message.receivedAt,
      mailFrom: message.mailFrom,
      mailParams: JSON.stringify(message.mailParams),
      clientAddress: message.clientAddress,
      clientHostname: message.clientHostname,
      helo: message.helo,
      tls: message.tls === null ? null : JSON.stringify(message.tls),
      size: message.size,
      sha256: message.sha256,
      spoolFile: message.spoolFile,
      ...message.summary,
    }) as { id: number };

  const insertDelivery = statement(db, 
    `INSERT INTO delivery (message_id, kind, recipient, domain, rcpt_params, state, next_attempt_at, expires_at)
     VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)`,
  );
  for (const recipient of message.recipients) {
    insertDelivery.run(
      id,
      message.kind,
      recipient.address,
      domainOf(recipient.address),
      JSON.stringify(recipient.params),
      message.receivedAt,
      message.expiresAt,
    );
  }
  return id;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** Spool files the database knows: any other body in the spool is re-imported or quarantined at start. */
export function knownSpoolFiles(db: Db): Set<string> {
  const rows = statement(db, 'SELECT spool_file FROM message').pluck().all() as string[];
  return new Set(rows);
}

/** Whether a queue id is taken: a body whose id is, cannot be imported beside it. */
export function qidKnown(db: Db, qid: string): boolean {
  return statement(db, 'SELECT 1 FROM message WHERE qid = ?').get(qid) !== undefined;
}

/** Adds messages rebuilt from their spool records, in the order given (arrival order), in one transaction. */
export function importMessages(db: Db, messages: NewMessage[]): void {
  db.transaction(() => {
    for (const message of messages) insertMessage(db, message);
  })();
}
