import type { MessageListItem, MessagePage } from '../../../core/api/contract.ts';
import { ApiFailure } from '../api/transport.ts';
import { listInput } from './messages-query.ts';
import { withoutIds } from './messages-selection.ts';
import { remember, type Bookkeeping, type GetState, type MessagesDeps, type SetState } from './messages-types.ts';

/** Newest-first pages read to find what arrived; more than this at once and the list starts over. */
const HEAD_PAGE = 50;
const HEAD_PAGES = 20;
/** Per run, at most this many pages refetched and single messages asked for; the rest wait for the next run. */
const MAX_PAGES = 8;
const MAX_SINGLE = 24;
const SINGLE_AT_ONCE = 4;

/** The list-item part of a message's detail: the row the table shows. */
export function toListItem(detail: MessageListItem): MessageListItem {
  const { id, kind, receivedAt, from, headerFrom, subject, size, state, recipients, attempts, lastResponse, nextAttemptAt } = detail;
  return { id, kind, receivedAt, from, headerFrom, subject, size, state, recipients, attempts, lastResponse, nextAttemptAt };
}

/**
 * New mail at the top, newest first: reads the head of the listing until it
 * meets a row already shown. Whether a new message matches the filter is the
 * server's answer, not the table's guess.
 */
export async function refreshHead(deps: MessagesDeps, book: Bookkeeping, set: SetState, get: GetState, generation: number): Promise<void> {
  const { rows, query } = get();
  if (rows.length === 0) return get().load();
  const known = book.pageOf;
  const fresh: { item: MessageListItem; cursor: string | null }[] = [];
  let cursor: string | null = null;
  for (let read = 0; read < HEAD_PAGES; read++) {
    const page: MessagePage = await deps.client().call('listMessages', listInput(query, cursor, HEAD_PAGE));
    if (generation !== book.generation) return;
    const at = page.items.findIndex((item) => known.has(item.id));
    for (const item of at === -1 ? page.items : page.items.slice(0, at)) fresh.push({ item, cursor });
    if (at !== -1) {
      const seen = new Map(page.items.slice(at).filter((item) => known.has(item.id)).map((item) => [item.id, item]));
      const current = get().rows;
      const added = fresh.filter(({ item }) => !book.pageOf.has(item.id));
      for (const { item, cursor: from } of added) remember(book, [item], from);
      set({ rows: [...added.map(({ item }) => item), ...current.map((row) => seen.get(row.id) ?? row)] });
      return;
    }
    // Nothing shown is in the listing any more, or too much arrived at once: start over.
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return get().load();
}

async function fetchSingles(deps: MessagesDeps, ids: string[], found: Map<string, MessageListItem | null>): Promise<void> {
  for (let start = 0; start < ids.length; start += SINGLE_AT_ONCE) {
    await Promise.all(
      ids.slice(start, start + SINGLE_AT_ONCE).map(async (id) => {
        try {
          found.set(id, toListItem(await deps.client().call('getMessage', { id })));
        } catch (error) {
          if (error instanceof ApiFailure && error.status === 404) found.set(id, null);
          else throw error;
        }
      }),
    );
  }
}

/**
 * Brings changed rows up to date: each loaded row is refetched with the page
 * it came from (one listing call for many rows); a row its page no longer
 * holds (it left the filter, or is gone) is asked for by id. Rows come first
 * in `ids` order; returns the ids left for a later run.
 */
export async function refreshRows(deps: MessagesDeps, book: Bookkeeping, set: SetState, get: GetState, generation: number, ids: string[]): Promise<string[]> {
  const { query } = get();
  const loaded = book.pageOf;
  const byPage = new Map<number, string[]>();
  const singles: string[] = [];
  for (const id of ids) {
    if (!loaded.has(id)) continue;
    const page = book.pageOf.get(id);
    if (page === undefined) singles.push(id);
    else byPage.set(page, [...(byPage.get(page) ?? []), id]);
  }
  const pages = [...byPage.keys()].slice(0, MAX_PAGES);
  const left = [...byPage.keys()].slice(MAX_PAGES).flatMap((page) => byPage.get(page)!);
  const found = new Map<string, MessageListItem | null>();
  await Promise.all(
    pages.map(async (page) => {
      const answer = await deps.client().call('listMessages', listInput(query, book.pages[page] ?? null));
      for (const item of answer.items) if (loaded.has(item.id)) found.set(item.id, item);
    }),
  );
  if (generation !== book.generation) return [];
  const missing = [...pages.flatMap((page) => byPage.get(page)!), ...singles].filter((id) => !found.has(id));
  await fetchSingles(deps, missing.slice(0, MAX_SINGLE), found);
  left.push(...missing.slice(MAX_SINGLE));
  if (generation !== book.generation) return [];
  const gone = new Set([...found].filter(([, item]) => item === null).map(([id]) => id));
  for (const id of gone) book.pageOf.delete(id);
  const current = get();
  const next = current.rows.filter((row) => !gone.has(row.id)).map((row) => found.get(row.id) ?? row);
  const removed = current.rows.length - next.length;
  set({
    rows: next,
    selection: withoutIds(current.selection, gone),
    ...(removed > 0 && current.total !== null ? { total: Math.max(0, current.total - removed) } : {}),
  });
  return left;
}
