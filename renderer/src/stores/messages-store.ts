import { create } from 'zustand';
import { client } from './client-ref.ts';
import { commandSlice } from './messages-commands.ts';
import { listSlice } from './messages-list.ts';
import { liveSlice } from './messages-live.ts';
import * as pick from './messages-selection.ts';
import type { Bookkeeping, MessagesDeps, MessagesState, SelectionSlice, GetState, SetState } from './messages-types.ts';

export type { MessagesState } from './messages-types.ts';

/** Events that come in a burst are folded in together this long after the first. */
const LIVE_DELAY_MS = 300;

function selectionSlice(set: SetState, get: GetState): SelectionSlice {
  return {
    selection: pick.NO_SELECTION,
    toggle: (id) => set({ selection: pick.toggleId(get().selection, get().rows, id) }),
    selectRange: (id) => set({ selection: pick.selectRange(get().selection, get().rows, id) }),
    selectAllLoaded: () => set({ selection: pick.selectAllLoaded(get().rows) }),
    selectAllMatching: () => set({ selection: pick.selectAllMatching(get().selection) }),
    clearSelection: () => set({ selection: pick.NO_SELECTION }),
  };
}

/**
 * The held-mail table's store: the loaded pages of listMessages with their
 * count, the owner's selection, the commands, and the pushed events folded
 * in. Each instance has its own client, so tests give it an in-memory server.
 */
export function createMessagesStore(deps: MessagesDeps) {
  const book: Bookkeeping = { generation: 0, pages: [], pageOf: new Map() };
  return create<MessagesState>()((set, get) => ({
    ...listSlice(deps, book, set, get),
    ...selectionSlice(set, get),
    ...liveSlice(deps, book, set, get),
    ...commandSlice(deps, set, get),
  }));
}

export const useMessages = createMessagesStore({
  client,
  schedule: (task) => setTimeout(task, LIVE_DELAY_MS),
});
