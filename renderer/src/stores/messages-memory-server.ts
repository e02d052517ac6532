import type { CommandResult, EngineEvent, MessageDetail, MessageListItem } from '../../../core/api/contract.ts';
import { createClient, type Client } from '../api/client.ts';
import { ApiFailure, type Transport } from '../api/transport.ts';

/**
 * A stand-in for the server in the UI's tests: a Transport holding messages
 * in memory and answering the held-mail operations with contract-shaped
 * answers (keyset cursors, filters, counts, commands), plus a way to push
 * events. It is the test double for MX Standby, not for the store under test.
 */

type Input = Record<string, unknown>;

export function message(n: number, overrides: Partial<MessageListItem> = {}): MessageListItem {
  return {
    id: `msg${String(n).padStart(6, '0')}`,
    kind: 'inbound',
    receivedAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    from: `sender${n}@origin.test`,
    headerFrom: `Sender ${n} <sender${n}@origin.test>`,
    subject: `Order ${n} confirmed`,
    size: 1000 + ((n * 7919) % 50_000),
    state: 'deferred',
    recipients: [{ address: 'user@example.test', state: 'deferred' }],
    attempts: 1,
    lastResponse: '421 4.3.2 primary down',
    nextAttemptAt: new Date(Date.UTC(2026, 0, 2)).toISOString(),
    ...overrides,
  };
}

export class MemoryServer implements Transport {
  /** Oldest first, as received; `seq` is the received order the keyset cursors use. */
  private items: { seq: number; item: MessageListItem }[] = [];
  private nextSeq = 1;
  private listeners = new Set<(event: EngineEvent) => void>();
  private resets = new Set<() => void>();
  private eventId = 1;
  private failures = new Map<string, ApiFailure>();
  /** Every operation called, in order, with its input. */
  readonly calls: { operation: string; input: Input }[] = [];
  flushResult: CommandResult = { changed: 0, messages: 0 };
  readonly client: Client = createClient(this);

  constructor(items: MessageListItem[] = []) {
    for (const item of items) this.add(item);
  }

  add(item: MessageListItem): void {
    this.items.push({ seq: this.nextSeq++, item });
  }

  update(id: string, change: Partial<MessageListItem>): void {
    const entry = this.items.find((candidate) => candidate.item.id === id);
    if (entry) entry.item = { ...entry.item, ...change };
  }

  remove(id: string): void {
    this.items = this.items.filter((entry) => entry.item.id !== id);
  }

  /** The next call of `operation` fails with this. */
  failNext(operation: string, failure: ApiFailure): void {
    this.failures.set(operation, failure);
  }

  push(type: EngineEvent['type'], qid: string | null, data: object = {}): void {
    const event = { id: this.eventId++, at: Date.now(), type, qid, data } as EngineEvent;
    for (const listener of this.listeners) listener(event);
  }

  count(operation: string): number {
    return this.calls.filter((call) => call.operation === operation).length;
  }

  private matching(input: Input): { seq: number; item: MessageListItem }[] {
    const has = (value: string | null, part: unknown) => typeof part !== 'string' || (value ?? '').toLowerCase().includes(part.toLowerCase());
    return this.items.filter(({ item }) =>
      (input.state === undefined || item.recipients.some((recipient) => recipient.state === input.state)) &&
      has(item.from, input.sender) &&
      (input.recipient === undefined || item.recipients.some((recipient) => has(recipient.address, input.recipient))) &&
      (input.text === undefined || has(item.subject, input.text) || has(item.headerFrom, input.text)),
    );
  }

  private list(input: Input) {
    const bySize = input.sort === 'size';
    const key = (entry: { seq: number; item: MessageListItem }) => [bySize ? entry.item.size : entry.seq, entry.seq] as const;
    const sign = input.order === 'asc' ? 1 : -1;
    const compare = (a: readonly [number, number], b: readonly [number, number]) => sign * (a[0] - b[0] || a[1] - b[1]);
    const sorted = this.matching(input).sort((a, b) => compare(key(a), key(b)));
    const after = typeof input.cursor === 'string' ? (input.cursor.split(':').map(Number) as [number, number]) : null;
    const rest = after ? sorted.filter((entry) => compare(key(entry), after) > 0) : sorted;
    const limit = Number(input.limit ?? 50);
    const page = rest.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map((entry) => entry.item), nextCursor: rest.length > limit && last ? key(last).join(':') : null };
  }

  private detail(id: string): MessageDetail {
    const entry = this.items.find((candidate) => candidate.item.id === id);
    if (!entry) throw new ApiFailure(404, 'not_found', `no message with id ${id}`, 'id');
    const { item } = entry;
    return {
      ...item,
      envelope: { from: item.from, params: { ret: null, envid: null, body: null, smtputf8: false } },
      client: { address: '192.0.2.1', hostname: null, helo: 'origin.test', tls: null },
      sha256: '0'.repeat(64),
      summary: { subject: item.subject, from: item.headerFrom, to: null, date: null, messageId: null },
      headers: [],
      deliveries: [],
      history: [],
    };
  }

  private command(operation: string, input: Input): CommandResult {
    const ids = input.ids as string[] | undefined;
    const targets = ids ? this.items.filter((entry) => ids.includes(entry.item.id)) : this.matching((input.filter ?? {}) as Input);
    if (ids && targets.length < ids.length) throw new ApiFailure(404, 'not_found', 'no message with that id', 'ids');
    if (operation === 'delete') {
      const gone = new Set(targets.map((entry) => entry.item.id));
      this.items = this.items.filter((entry) => !gone.has(entry.item.id));
    } else {
      const state = operation === 'hold' ? 'held' : 'queued';
      for (const entry of targets) {
        entry.item = { ...entry.item, state, recipients: entry.item.recipients.map((recipient) => ({ ...recipient, state })) };
      }
    }
    const changed = targets.reduce((sum, entry) => sum + entry.item.recipients.length, 0);
    return { changed, messages: targets.length };
  }

  async call(operation: string, input: unknown): Promise<unknown> {
    const fields = (input ?? {}) as Input;
    this.calls.push({ operation, input: fields });
    const failure = this.failures.get(operation);
    if (failure) {
      this.failures.delete(operation);
      throw failure;
    }
    switch (operation) {
      case 'listMessages':
        return this.list(fields);
      case 'countMessages':
        return { count: this.matching(fields).length };
      case 'getMessage':
        return this.detail(String(fields.id));
      case 'redeliver':
      case 'hold':
      case 'release':
      case 'delete':
        return this.command(operation, fields);
      case 'flush':
        return this.flushResult;
      default:
        throw new ApiFailure(404, 'not_found', `the test server has no ${operation}`, null);
    }
  }

  subscribe(listener: (event: EngineEvent) => void, onReset: () => void): () => void {
    this.listeners.add(listener);
    this.resets.add(onReset);
    return () => {
      this.listeners.delete(listener);
      this.resets.delete(onReset);
    };
  }

  async messageBytes(id: string): Promise<Blob> {
    const { item } = this.items.find((entry) => entry.item.id === id) ?? {};
    if (!item) throw new ApiFailure(404, 'not_found', `no message with id ${id}`, 'id');
    return new Blob([`Subject: ${item.subject}\r\n\r\nHello\r\n`], { type: 'message/rfc822' });
  }
}
