import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineApi, EngineEvent } from '../contract.ts';
import { API_HEADERS } from './respond.ts';

export interface EventStreamOptions {
  heartbeatMs: number;
}

/** How far back a reconnecting client is caught up; further behind, it is told to reload instead. */
const REPLAY_LIMIT = 2000;
/** A client this far behind in reading is cut off; it reconnects with Last-Event-ID and catches up. */
const BACKLOG_LIMIT = 1024 * 1024;

/** Events after `after`, oldest first, or null when more than REPLAY_LIMIT were missed. */
async function missedSince(api: EngineApi, after: number): Promise<EngineEvent[] | null> {
  const missed: EngineEvent[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await api.activity({ limit: 500, ...(before === undefined ? {} : { before }) });
    for (const event of page.items) {
      if (event.id <= after) return missed.reverse();
      missed.push(event);
    }
    if (page.nextBefore === null) return missed.reverse();
    if (missed.length >= REPLAY_LIMIT) return null;
    before = page.nextBefore;
  }
}

function frame(event: EngineEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The id the client saw last: EventSource's Last-Event-ID header on a reconnect, else `after`. */
export function resumeFrom(req: IncomingMessage, after: number | undefined): number | undefined {
  const header = req.headers['last-event-id'];
  const id = typeof header === 'string' && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
  return id ?? after;
}

/**
 * Server-Sent Events: each engine event as `id`, `event` (its type) and
 * `data` (the event as JSON). A client that resumes gets what it missed
 * first, from the activity log, then live events, with none lost or doubled
 * in between. `event: reset` means it missed too much and should reload.
 * Comment lines keep proxies and idle timers from closing the stream.
 */
export async function streamEvents(res: ServerResponse, api: EngineApi, after: number | undefined, options: EventStreamOptions): Promise<void> {
  const early: EngineEvent[] = [];
  let live = false;
  let lastSent = after ?? 0;
  const write = (text: string) => {
    if (res.destroyed) return;
    res.write(text);
    if (res.writableLength > BACKLOG_LIMIT) res.destroy();
  };
  const send = (event: EngineEvent) => {
    if (event.id <= lastSent) return;
    lastSent = event.id;
    write(frame(event));
  };
  // Subscribed before reading the log, so nothing that commits in between is lost.
  const unsubscribe = api.subscribe((event) => (live ? send(event) : early.push(event)));
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs);
  res.once('close', () => {
    unsubscribe();
    clearInterval(heartbeat);
  });
  res.writeHead(200, { ...API_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
  write('retry: 2000\n\n');
  if (after !== undefined) {
    const missed = await missedSince(api, after);
    if (missed === null) write(`event: reset\ndata: ${JSON.stringify({ reason: 'too many events were missed; reload' })}\n\n`);
    for (const event of missed ?? []) send(event);
  }
  for (const event of early) send(event);
  live = true;
  write(': connected\n\n');
}
