import { statement, type Db } from './open.ts';

export interface StoredEvent {
  id: number;
  at: number;
  type: string;
  qid: string | null;
  data: Record<string, unknown>;
}

export function addEvent(db: Db, event: Omit<StoredEvent, 'id'>): StoredEvent {
  const { id } = statement(db, 'INSERT INTO event (at, type, qid, data) VALUES (?, ?, ?, ?) RETURNING id')
    .get(event.at, event.type, event.qid, JSON.stringify(event.data)) as { id: number };
  return { id, ...event };
}

type EventRow = { id: number; at: number; type: string; qid: string | null; data: string };

function toEvent(row: EventRow): StoredEvent {
  return { ...row, data: JSON.parse(row.data) as Record<string, unknown> };
}

/** Newest first; `before` is an event id for paging back in time. */
export function listEvents(db: Db, options: { limit: number; before?: number; qid?: string }): StoredEvent[] {
  const rows = statement(db, 
      `SELECT id, at, type, qid, data FROM event
       WHERE (@before IS NULL OR id < @before) AND (@qid IS NULL OR qid = @qid)
       ORDER BY id DESC LIMIT @limit`,
    )
    .all({ before: options.before ?? null, qid: options.qid ?? null, limit: options.limit }) as EventRow[];
  return rows.map(toEvent);
}
