import type { EngineParts } from '../engine-parts.ts';
import { listEvents } from '../store/events.ts';
import { deliveriesOf, messageByQid, pageOfMessages, type DeliveryRow, type MessageRow } from '../store/queries.ts';
import type { DeliveryState } from '../store/rows.ts';
import { parseHeaderFields } from '../smtp/data-inspector.ts';
import type { EngineEvent } from '../events/types.ts';
import type { ListMessagesInput } from './schemas.ts';
import type { MessageDetail, MessageListItem, MessagePage } from './contract.ts';
import { InvalidInput, NotFound } from './errors.ts';
import { readHeaderSection } from './header-section.ts';

/** Which state stands for a message with recipients in several: the one that needs attention first. */
const PRECEDENCE: DeliveryState[] = ['delivering', 'deferred', 'queued', 'held', 'damaged', 'failed', 'expired', 'delivered'];

export function messageState(deliveries: DeliveryRow[]): DeliveryState {
  for (const state of PRECEDENCE) if (deliveries.some((delivery) => delivery.state === state)) return state;
  return 'delivered';
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

// A loop, not Math.min(...list): a sender decides how many recipients a message has, and a spread of that many arguments overflows the stack.
function waitingAt(deliveries: DeliveryRow[]): number | null {
  let earliest: number | null = null;
  for (const delivery of deliveries) {
    if (delivery.state !== 'queued' && delivery.state !== 'deferred') continue;
    if (earliest === null || delivery.nextAttemptAt < earliest) earliest = delivery.nextAttemptAt;
  }
  return earliest;
}

function mostAttempts(deliveries: DeliveryRow[]): number {
  let most = 0;
  for (const delivery of deliveries) if (delivery.attempts > most) most = delivery.attempts;
  return most;
}

function listItem(message: MessageRow, deliveries: DeliveryRow[]): MessageListItem {
  const latest = deliveries.filter((delivery) => delivery.lastAttemptAt !== null).sort((a, b) => b.lastAttemptAt! - a.lastAttemptAt!)[0];
  return {
    id: message.qid,
    kind: message.kind,
    receivedAt: new Date(message.receivedAt).toISOString(),
    from: message.mailFrom,
    headerFrom: message.headerFrom,
    subject: message.subject,
    size: message.size,
    state: messageState(deliveries),
    recipients: deliveries.map((delivery) => ({ address: delivery.recipient, state: delivery.state })),
    attempts: mostAttempts(deliveries),
    lastResponse: latest?.lastResponse ?? null,
    nextAttemptAt: iso(waitingAt(deliveries)),
  };
}

function encodeCursor(message: MessageRow, sort: ListMessagesInput['sort']): string {
  const key = sort === 'size' ? message.size : message.id;
  return Buffer.from(JSON.stringify([key, message.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { key: number; id: number } | null {
  if (!cursor) return null;
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (Number.isInteger(key) && Number.isInteger(id)) return { key: key as number, id: id as number };
  } catch {
    // falls through to the error below
  }
  throw new InvalidInput('cursor', 'that page cursor is not valid; start again from the first page');
}

export function listMessages(parts: EngineParts, input: ListMessagesInput): MessagePage {
  const rows = pageOfMessages(parts.db, { ...input, after: decodeCursor(input.cursor), limit: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  const deliveries = deliveriesOf(parts.db, page.map((message) => message.id));
  const byMessage = Map.groupBy(deliveries, (delivery) => delivery.messageId);
  return {
    items: page.map((message) => listItem(message, byMessage.get(message.id) ?? [])),
    nextCursor: rows.length > input.limit ? encodeCursor(page[page.length - 1]!, input.sort) : null,
  };
}

export function findMessage(parts: EngineParts, id: string): MessageRow {
  const message = messageByQid(parts.db, id);
  if (!message) throw new NotFound('id', `no message with id ${id}`);
  return message;
}

export async function messageDetail(parts: EngineParts, id: string): Promise<MessageDetail> {
  const message = findMessage(parts, id);
  const deliveries = deliveriesOf(parts.db, [message.id]);
  // A message whose body file is gone (it is 'damaged') is still shown, from what the database knows.
  const headerSection = await readHeaderSection(parts.spool.read(message.spoolFile)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return {
    ...listItem(message, deliveries),
    envelope: { from: message.mailFrom, params: message.mailParams },
    client: { address: message.clientAddress, hostname: message.clientHostname, helo: message.helo, tls: message.tls },
    sha256: message.sha256,
    summary: {
      subject: message.subject,
      from: message.headerFrom,
      to: message.headerTo,
      date: message.headerDate,
      messageId: message.headerMessageId,
    },
    headers: parseHeaderFields(headerSection),
    deliveries: deliveries.map((delivery) => ({
      recipient: delivery.recipient,
      params: delivery.rcptParams,
      state: delivery.state,
      attempts: delivery.attempts,
      lastAttemptAt: iso(delivery.lastAttemptAt),
      lastCode: delivery.lastCode,
      lastResponse: delivery.lastResponse,
      remoteHost: delivery.remoteHost,
      nextAttemptAt: delivery.state === 'queued' || delivery.state === 'deferred' ? iso(delivery.nextAttemptAt) : null,
      deliveredAt: iso(delivery.deliveredAt),
      expiresAt: new Date(delivery.expiresAt).toISOString(),
    })),
    history: listEvents(parts.db, { limit: 200, qid: id }) as EngineEvent[],
  };
}
