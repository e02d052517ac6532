import { statement, type Db } from './open.ts';
import { deliveryStates, type DeliveryState, type MessageFacts, type RcptParams } from './rows.ts';
import { FILTER_SQL, filterParams, type MessageFilterRow } from './selection.ts';

/** A stored message as the views read it: its facts, its row id and the summary's columns. */
export interface MessageRow extends MessageFacts {
  id: number;
  subject: string | null;
  headerFrom: string | null;
  headerTo: string | null;
  headerDate: string | null;
  headerMessageId: string | null;
}

export interface DeliveryRow {
  messageId: number;
  recipient: string;
  rcptParams: RcptParams;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  expiresAt: number;
  lastAttemptAt: number | null;
  lastCode: number | null;
  lastResponse: string | null;
  remoteHost: string | null;
  deliveredAt: number | null;
}

const MESSAGE_COLUMNS = `m.id, m.qid, m.kind, m.received_at AS receivedAt, m.mail_from AS mailFrom, m.mail_params AS mailParams,
  m.client_address AS clientAddress, m.client_hostname AS clientHostname, m.helo, m.tls, m.size, m.sha256,
  m.spool_file AS spoolFile, m.subject, m.header_from AS headerFrom, m.header_to AS headerTo,
  m.header_date AS headerDate, m.header_message_id AS headerMessageId`;

type RawMessage = Omit<MessageRow, 'mailParams' | 'tls'> & { mailParams: string; tls: string | null };

function toMessage(raw: RawMessage): MessageRow {
  return { ...raw, mailParams: JSON.parse(raw.mailParams), tls: raw.tls === null ? null : JSON.parse(raw.tls) };
}

export interface PageRequest extends MessageFilterRow {
  sort: 'received' | 'size';
  order: 'asc' | 'desc';
  after: { key: number; id: number } | null;
  limit: number;
}

/** One page in keyset order: fast at any depth, unlike OFFSET. */
export function pageOfMessages(db: Db, request: PageRequest): MessageRow[] {
  const column = request.sort === 'size' ? 'm.size' : 'm.id';
  const direction = request.order === 'asc' ? 'ASC' : 'DESC';
  const comparison = request.order === 'asc' ? '>' : '<';
  const keyset = request.after ? `AND (${column}, m.id) ${comparison} (@afterKey, @afterId)` : '';
  const rows = statement(db, 
      `SELECT ${MESSAGE_COLUMNS} FROM message m WHERE ${FILTER_SQL} ${keyset}
       ORDER BY ${column} ${direction}, m.id ${direction} LIMIT @limit`,
    )
    .all({
      ...filterParams(request),
      afterKey: request.after?.key ?? null,
      afterId: request.after?.id ?? null,
      limit: request.limit,
    }) as RawMessage[];
  return rows.map(toMessage);
}

/** How many messages match a filter, as pageOfMessages and the actions see them. */
export function countMessages(db: Db, filter: MessageFilterRow): number {
  return statement(db, `SELECT COUNT(*) FROM message m WHERE ${FILTER_SQL}`).pluck().get(filterParams(filter)) as number;
}

export function messageByQid(db: Db, qid: string): MessageRow | null {
  const raw = statement(db, `SELECT ${MESSAGE_COLUMNS} FROM message m WHERE m.qid = ?`).get(qid) as RawMessage | undefined;
  return raw ? toMessage(raw) : null;
}

type RawDelivery = Omit<DeliveryRow, 'rcptParams'> & { rcptParams: string };

export function deliveriesOf(db: Db, messageIds: number[]): DeliveryRow[] {
  if (messageIds.length === 0) return [];
  const placeholders = messageIds.map(() => '?').join(',');
  const rows = statement(db, 
      `SELECT message_id AS messageId, recipient, rcpt_params AS rcptParams, state, attempts,
         next_attempt_at AS nextAttemptAt, expires_at AS expiresAt, last_attempt_at AS lastAttemptAt,
         last_code AS lastCode, last_response AS lastResponse, remote_host AS remoteHost, delivered_at AS deliveredAt
       FROM delivery WHERE message_id IN (${placeholders}) ORDER BY message_id, id`,
    )
    .all(...messageIds) as RawDelivery[];
  return rows.map((row) => ({ ...row, rcptParams: JSON.parse(row.rcptParams) }));
}

export function queueCounts(db: Db): Record<DeliveryState, number> {
  const counts = Object.fromEntries(deliveryStates.map((state) => [state, 0])) as Record<DeliveryState, number>;
  const rows = statement(db, 'SELECT state, COUNT(*) AS count FROM delivery GROUP BY state').all() as {
    state: DeliveryState;
    count: number;
  }[];
  for (const row of rows) counts[row.state] = row.count;
  return counts;
}

export function messageCount(db: Db): number {
  return statement(db, 'SELECT COUNT(*) FROM message').pluck().get() as number;
}
