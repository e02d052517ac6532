import type { EngineEvent, Status, TrafficBucket } from '../../../../core/api/contract.ts';
import { ApiFailure, type Transport } from '../../api/transport.ts';

/** For the ui tests: a status as the API answers it, with the primary down since 10:00 and some mail held. */
export function statusFixture(overrides: Partial<Status> = {}): Status {
  return {
    version: '0.1.0',
    hostname: 'backup.example.com',
    setupNeeded: false,
    domains: ['example.com'],
    uptimeSeconds: 7200,
    smtp: { listening: '0.0.0.0:25', tls: { source: 'self-signed', subject: 'CN=backup.example.com', validTo: 'Nov 26 12:01:23 2036 GMT' } },
    primary: {
      mode: 'host',
      destinations: [
        {
          key: 'primary',
          target: 'mail.example.com:25',
          state: 'down',
          since: '2026-11-29T10:00:00.000Z',
          lastCheckAt: '2026-11-29T10:40:00.000Z',
          lastError: 'connection refused',
          latencyMs: null,
        },
      ],
    },
    waiting: [],
    queue: { queued: 2, delivering: 0, deferred: 3, delivered: 10, failed: 1, held: 1, expired: 1, damaged: 0 },
    messages: 17,
    mail: { waiting: 5, onHold: 1, bounced: 2 },
    disk: { freeBytes: 50e9, floorBytes: 104857600 },
    storage: { state: 'ok', error: null, since: null },
    recovery: { at: '2026-11-29T08:00:00.000Z', recovered: 0, quarantined: 0, quarantineFolder: '/var/lib/mx-standby/quarantine' },
    ...overrides,
  };
}

/** 24 hourly buckets ending with the hour of `now`, all zero but those given (by hours before now's hour). */
export function bucketsFixture(now: number, counts: Record<number, { received: number; delivered: number }> = {}): TrafficBucket[] {
  const current = Math.floor(now / 3_600_000) * 3_600_000;
  return Array.from({ length: 24 }, (_, index) => {
    const ago = 23 - index;
    return { hour: new Date(current - ago * 3_600_000).toISOString(), received: counts[ago]?.received ?? 0, delivered: counts[ago]?.delivered ?? 0 };
  });
}

let nextId = 1;

/** An event as the engine pushes it. */
export function eventFixture<T extends EngineEvent['type']>(type: T, data: Extract<EngineEvent, { type: T }>['data'], qid: string | null = null, at = Date.parse('2026-11-29T10:30:00Z')): EngineEvent {
  return { id: nextId++, at, type, qid, data } as EngineEvent;
}

/** A transport answering the dashboard's queries from its fields; `failing` makes those operations fail. */
export class DashboardTestTransport implements Transport {
  status: Status = statusFixture();
  buckets: TrafficBucket[] = bucketsFixture(Date.now());
  events: EngineEvent[] = [];
  failing = new Set<string>();
  calls: string[] = [];

  async call(operation: string): Promise<unknown> {
    this.calls.push(operation);
    if (this.failing.has(operation)) throw new ApiFailure(0, 'unreachable', 'MX Standby does not answer: is it still running?', null);
    if (operation === 'status') return structuredClone(this.status);
    if (operation === 'traffic') return { buckets: structuredClone(this.buckets) };
    if (operation === 'activity') return { items: structuredClone(this.events), nextBefore: null };
    throw new ApiFailure(404, 'not_found', `no ${operation} here`, null);
  }

  private listeners = new Set<(event: EngineEvent) => void>();

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Pushes an event the way the engine does: into the log and to every subscriber. */
  push(event: EngineEvent): void {
    this.events = [event, ...this.events];
    for (const listener of this.listeners) listener(event);
  }

  async messageBytes(): Promise<Blob> {
    throw new ApiFailure(404, 'not_found', 'no messages here', null);
  }
}
