import { statement, type Db } from './open.ts';
import type { ClaimedDelivery, DeliveryOutcome, MessageKind } from './rows.ts';

type ClaimRow = {
  id: number;
  message_id: number;
  kind: MessageKind;
  recipient: string;
  domain: string;
  rcpt_params: string;
  attempts: number;
  expires_at: number;
};

type MessageRow = {
  id: number;
  qid: string;
  mail_from: string;
  mail_params: string;
  received_at: number;
  spool_file: string;
  size: number;
  sha256: string;
  client_address: string | null;
  client_hostname: string | null;
  helo: string | null;
  tls: string | null;
};

export interface ClaimScope {
  kind: MessageKind;
  /** Only this recipient domain; null for every domain of the kind (one fixed primary). */
  domain: string | null;
}

/** A delivery handed over ahead of an earlier one for the same mailbox, because orderHold ran out. */
export interface Overtaking {
  qid: string;
  recipient: string;
  /** The earlier message still waiting, since when the primary has deferred it, and its last answer. */
  aheadOf: string;
  deferredSince: number | null;
  response: string | null;
}

/**
 * Takes due deliveries in received order and leases them to `owner`. The
 * select and the update are one statement inside BEGIN IMMEDIATE, so two
 * workers can never claim the same row.
 *
 * Order per recipient mailbox: a delivery is not taken while an earlier one
 * for the same mailbox still waits and is not due itself (deferred for
 * later, or being handed over), so a deferred message is not overtaken.
 * Mailboxes are compared on the whole address lower-cased (ASCII, as SQLite's
 * lower()): domains are case-insensitive, and primaries treat local parts so
 * in practice; taking two spellings for one mailbox only keeps them in order.
 * The wait ends orderHoldMs after the primary first deferred the earlier
 * delivery (first_deferred_at: a 4xx answer or a connection lost mid-way, not
 * an unreachable primary, when all mail waits and is due again together).
 * An earlier delivery the primary never answered (it was unreachable) holds
 * later ones only until it is due again, and all mail waiting for a primary
 * is due at once when it comes back. Each delivery taken ahead of an earlier
 * one goes to `record`, inside the same transaction.
 */
export function claimDue(
  db: Db,
  scope: ClaimScope,
  options: { now: number; owner: string; leaseMs: number; limit: number; orderHoldMs: number },
  record: (overtaking: Overtaking[]) => void,
): ClaimedDelivery[] {
  const claim = db.transaction(() => {
    const rows = statement(db, 
        `UPDATE delivery SET state = 'delivering', attempts = attempts + 1,
           lease_owner = @owner, lease_expires_at = @leaseUntil
         WHERE id IN (
           SELECT id FROM delivery AS later
           WHERE state IN ('queued', 'deferred') AND kind = @kind
             AND (@domain IS NULL OR domain = @domain) AND next_attempt_at <= @now
             AND NOT EXISTS (
               SELECT 1 FROM delivery AS earlier
               WHERE earlier.kind = later.kind AND lower(earlier.recipient) = lower(later.recipient)
                 AND earlier.message_id < later.message_id
                 AND earlier.state IN ('queued', 'deferred', 'delivering')
                 AND (earlier.state = 'delivering' OR earlier.next_attempt_at > @now)
                 AND (earlier.first_deferred_at IS NULL OR earlier.first_deferred_at > @holdStart))
           ORDER BY message_id, id LIMIT @limit)
         RETURNING id, message_id, kind, recipient, domain, rcpt_params, attempts, expires_at`,
      )
      .all({
        owner: options.owner,
        leaseUntil: options.now + options.leaseMs,
        kind: scope.kind,
        domain: scope.domain,
        now: options.now,
        holdStart: options.now - options.orderHoldMs,
        limit: options.limit,
      }) as ClaimRow[];
    const claimed = withMessages(db, rows);
    const overtaking = overtakingIn(db, claimed);
    if (overtaking.length > 0) record(overtaking);
    return claimed;
  });
  return claim.immediate();
}

/** The claimed deliveries that go ahead of an earlier one for their mailbox, not itself claimed now. */
function overtakingIn(db: Db, claimed: ClaimedDelivery[]): Overtaking[] {
  const claimedIds = JSON.stringify(claimed.map((delivery) => delivery.id));
  const earliestWaiting = statement(
    db,
    `SELECT message.qid AS aheadOf, earlier.first_deferred_at AS deferredSince, earlier.last_response AS response
     FROM delivery AS earlier JOIN message ON message.id = earlier.message_id
     WHERE earlier.kind = @kind AND lower(earlier.recipient) = lower(@recipient) AND earlier.message_id < @messageId
       AND earlier.state IN ('queued', 'deferred', 'delivering')
       AND earlier.id NOT IN (SELECT value FROM json_each(@claimedIds))
     ORDER BY earlier.message_id LIMIT 1`,
  );
  const found: Overtaking[] = [];
  for (const delivery of claimed) {
    const earlier = earliestWaiting.get({ kind: delivery.kind, recipient: delivery.recipient, messageId: delivery.messageId, claimedIds }) as
      | Omit<Overtaking, 'qid' | 'recipient'>
      | undefined;
    if (earlier) found.push({ qid: delivery.qid, recipient: delivery.recipient, ...earlier });
  }
  return found;
}

function withMessages(db: Db, rows: ClaimRow[]): ClaimedDelivery[] {
  const getMessage = statement(db, 
    `SELECT id, qid, mail_from, mail_params, received_at, spool_file, size, sha256, client_address, client_hostname, helo, tls
     FROM message WHERE id = ?`,
  );
  const messages = new Map<number, MessageRow>();
  for (const row of rows) {
    if (!messages.has(row.message_id)) messages.set(row.message_id, getMessage.get(row.message_id) as MessageRow);
  }
  return rows
    .sort((a, b) => a.message_id - b.message_id || a.id - b.id)
    .map((row) => {
      const message = messages.get(row.message_id)!;
      return {
        id: row.id,
        messageId: row.message_id,
        qid: message.qid,
        kind: row.kind,
        recipient: row.recipient,
        domain: row.domain,
        rcptParams: JSON.parse(row.rcpt_params),
        attempts: row.attempts,
        expiresAt: row.expires_at,
        mailFrom: message.mail_from,
        mailParams: JSON.parse(message.mail_params),
        receivedAt: message.received_at,
        spoolFile: message.spool_file,
        size: message.size,
        sha256: message.sha256,
        clientAddress: message.client_address,
        clientHostname: message.client_hostname,
        helo: message.helo,
        tls: message.tls === null ? null : JSON.parse(message.tls),
      };
    });
}

/** Groups that have work due now or later: what the scheduler must route. */
export function pendingScopes(db: Db): { kind: MessageKind; domain: string; nextAt: number }[] {
  return statement(db, 
      `SELECT kind, domain, MIN(next_attempt_at) AS nextAt FROM delivery
       WHERE state IN ('queued', 'deferred') GROUP BY kind, domain`,
    )
    .all() as { kind: MessageKind; domain: string; nextAt: number }[];
}

export function recordOutcome(db: Db, outcome: DeliveryOutcome, now: number): void {
  const common = { id: outcome.id, now, code: outcome.code, response: outcome.response, host: outcome.remoteHost };
  if (outcome.result === 'delivered') {
    statement(db, 
      `UPDATE delivery SET state = 'delivered', delivered_at = @now, last_attempt_at = @now, last_code = @code,
         last_response = @response, remote_host = @host, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = @id`,
    ).run(common);
  } else if (outcome.result === 'deferred') {
    statement(db, 
      `UPDATE delivery SET state = 'deferred', next_attempt_at = @next, last_attempt_at = @now, last_code = @code,
         last_response = @response, remote_host = @host, lease_owner = NULL, lease_expires_at = NULL,
         first_deferred_at = CASE WHEN @host IS NULL THEN first_deferred_at ELSE COALESCE(first_deferred_at, @now) END
       WHERE id = @id AND state = 'delivering'`,
    ).run({ ...common, next: outcome.nextAttemptAt });
  } else if (outcome.result === 'damaged') {
    // Final: nothing of it reached the primary whole. Never due again nor expired, so no notice to the sender.
    statement(
      db,
      `UPDATE delivery SET state = 'damaged', last_attempt_at = @now, last_code = NULL, last_response = @response,
         remote_host = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = @id AND state = 'delivering'`,
    ).run({ id: outcome.id, now, response: outcome.response });
  } else {
    statement(db, 
      `UPDATE delivery SET state = 'failed', last_attempt_at = @now, last_code = @code, last_response = @response,
         remote_host = @host, lease_owner = NULL, lease_expires_at = NULL, dsn_due = 'failure'
       WHERE id = @id`,
    ).run(common);
  }
}

/** Gives back claimed deliveries that were never attempted (the engine is stopping): due again, no attempt counted. */
export function releaseClaims(db: Db, ids: number[]): void {
  const release = statement(
    db,
    `UPDATE delivery SET state = 'queued', attempts = MAX(attempts - 1, 0), lease_owner = NULL, lease_expires_at = NULL
     WHERE id = ? AND state = 'delivering'`,
  );
  for (const id of ids) release.run(id);
}

/** Puts back leases left by a process that is gone (at start) or that overran their expiry. */
export function recoverLeases(db: Db, options: { now: number; anyOwner: boolean }): number {
  return statement(db, 
      `UPDATE delivery SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL
       WHERE state = 'delivering' AND (@any OR lease_expires_at < @now)`,
    )
    .run({ any: options.anyOwner ? 1 : 0, now: options.now }).changes;
}

/** The primary is back: everything waiting for it becomes due at once. */
export function makeDueNow(db: Db, scope: ClaimScope, now: number): number {
  return statement(db, 
      `UPDATE delivery SET next_attempt_at = @now
       WHERE state IN ('queued', 'deferred') AND kind = @kind AND (@domain IS NULL OR domain = @domain)
         AND next_attempt_at > @now`,
    )
    .run({ now, kind: scope.kind, domain: scope.domain }).changes;
}

/** Waiting deliveries whose lifetime is over become 'expired' and owe their sender a notice. */
export function expireDue(db: Db, now: number): { id: number; qid: string; recipient: string }[] {
  return statement(db, 
      `UPDATE delivery SET state = 'expired', dsn_due = 'failure', lease_owner = NULL, lease_expires_at = NULL
       WHERE state IN ('queued', 'deferred') AND expires_at <= @now
       RETURNING id, recipient, (SELECT qid FROM message WHERE message.id = delivery.message_id) AS qid`,
    )
    .all({ now }) as { id: number; qid: string; recipient: string }[];
}

export function earliestDue(db: Db): number | null {
  const row = statement(db, `SELECT MIN(next_attempt_at) AS at FROM delivery WHERE state IN ('queued', 'deferred')`)
    .get() as { at: number | null };
  return row.at;
}
