import type { EngineEvent } from '../../../core/api/contract.ts';
import { messageOf } from './messages-list.ts';
import { filterOf, hasFilter, newestFirst } from './messages-query.ts';
import { refreshHead, refreshRows } from './messages-refresh.ts';
import { withoutIds } from './messages-selection.ts';
import type { Bookkeeping, GetState, LiveSlice, MessagesDeps, SetState } from './messages-types.ts';

interface Pending {
  head: boolean;
  recount: boolean;
  stale: Set<string>;
  removed: Set<string>;
}

const nothing = (): Pending => ({ head: false, recount: false, stale: new Set(), removed: new Set() });

/** What one event asks of the table; the table never works out a message's new state itself, it asks the server. */
function note(pending: Pending, event: EngineEvent, filtered: boolean): boolean {
  const { qid } = event;
  switch (event.type) {
    case 'message.received':
      pending.head = true;
      pending.recount = true;
      return true;
    case 'dsn.queued':
      // The bounce is a new message of its own; the message it is about changed too.
      pending.head = true;
      pending.recount = true;
      if (qid) pending.stale.add(qid);
      return true;
    case 'message.deleted':
      if (qid) pending.removed.add(qid);
      pending.recount = true;
      return true;
    case 'delivery.attempt':
    case 'delivery.delivered':
    case 'delivery.deferred':
    case 'delivery.failed':
    case 'delivery.expired':
    case 'delivery.out-of-order':
    case 'message.damaged':
    case 'message.held':
    case 'message.released':
    case 'message.redeliver':
      if (qid) pending.stale.add(qid);
      // A state filter may now match more or fewer messages.
      if (filtered) pending.recount = true;
      return qid !== null || filtered;
    default:
      return false;
  }
}

/** Folds pushed events into the table: a burst of events costs a few fetches, not one per event. */
export function liveSlice(deps: MessagesDeps, book: Bookkeeping, set: SetState, get: GetState): LiveSlice {
  let pending = nothing();
  let scheduled = false;
  let running: Promise<void> | null = null;
  let visible = { start: 0, end: 0 };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    deps.schedule(() => void get().flushLive());
  };

  const removeRows = (gone: Set<string>) => {
    if (gone.size === 0) return;
    for (const id of gone) book.pageOf.delete(id);
    const { rows, selection, total } = get();
    const kept = rows.filter((row) => !gone.has(row.id));
    if (kept.length === rows.length) return;
    set({ rows: kept, selection: withoutIds(selection, gone), total: total === null ? null : Math.max(0, total - (rows.length - kept.length)) });
  };

  const recount = async (generation: number) => {
    const { count } = await deps.client().call('countMessages', filterOf(get().query));
    if (generation !== book.generation) return;
    const { total, query } = get();
    const grew = total !== null && count > total;
    set({ total: count, ...(grew && !newestFirst(query) ? { newMailUnseen: true } : {}) });
  };

  const run = async () => {
    const work = pending;
    pending = nothing();
    const generation = book.generation;
    removeRows(work.removed);
    for (const id of work.removed) work.stale.delete(id);
    const { query } = get();
    const tasks: Promise<unknown>[] = [];
    if (work.head && newestFirst(query)) tasks.push(refreshHead(deps, book, set, get, generation));
    if (work.stale.size > 0) {
      const ids = get().rows.slice(visible.start, visible.end + 1).map((row) => row.id);
      const first = new Set(ids.filter((id) => work.stale.has(id)));
      tasks.push(
        refreshRows(deps, book, set, get, generation, [...first, ...[...work.stale].filter((id) => !first.has(id))]).then((left) => {
          for (const id of left) pending.stale.add(id);
        }),
      );
    }
    if (work.recount) tasks.push(recount(generation));
    const results = await Promise.allSettled(tasks);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed && generation === book.generation) set({ error: `The list could not be brought up to date: ${messageOf(failed.reason)}` });
    else if (!failed && get().error?.startsWith('The list could not')) set({ error: null });
    if (pending.head || pending.recount || pending.stale.size > 0 || pending.removed.size > 0) schedule();
  };

  return {
    applyEvent: (event) => {
      // A table nobody has opened has nothing to keep up to date.
      if (get().phase === 'idle') return;
      if (note(pending, event, hasFilter(get().query))) schedule();
    },

    flushLive: async () => {
      scheduled = false;
      while (running) await running;
      // While a load is under way its answer will be fresher than any refresh: try again after it.
      if (get().phase === 'loading') return schedule();
      if (get().phase !== 'ready') {
        pending = nothing();
        return;
      }
      running = run().finally(() => {
        running = null;
      });
      await running;
    },

    setVisibleRange: (start, end) => {
      visible = { start, end };
    },

    refresh: (ids) => {
      if (get().phase === 'idle') return;
      for (const id of ids ?? get().rows.slice(visible.start, visible.end + 1).map((row) => row.id)) pending.stale.add(id);
      schedule();
    },
  };
}
