import type { Db } from '../store/open.ts';
import { addEvent } from '../store/events.ts';
import type { EngineEvent, NewEvent } from './types.ts';

export type EventListener = (event: EngineEvent) => void;

/**
 * Events are written in the same transaction as the change they describe and
 * pushed to listeners only once that transaction has committed: a listener
 * never hears of mail that is not safely stored.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private pending: EngineEvent[] = [];

  /** Call inside a write transaction. */
  record(db: Db, event: NewEvent): void {
    const stored = addEvent(db, { ...event, at: Date.now() });
    this.pending.push(stored as EngineEvent);
  }

  /** The transaction that recorded the pending events has committed. */
  committed(): void {
    const events = this.pending;
    this.pending = [];
    for (const event of events) {
      for (const listener of this.listeners) listener(event);
    }
  }

  /** The transaction rolled back: its events never happened. */
  rolledBack(): void {
    this.pending = [];
  }

  /** Returns the unsubscribe. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
