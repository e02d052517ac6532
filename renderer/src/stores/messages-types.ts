import type { StoreApi } from 'zustand';
import type { CommandResult, EngineEvent, MessageListItem } from '../../../core/api/contract.ts';
import type { Client } from '../api/client.ts';
import type { MessageQuery } from './messages-query.ts';
import type { Selection } from './messages-selection.ts';

/** The owner's actions on selected messages, named as the contract names them. */
export type MessageCommand = 'redeliver' | 'hold' | 'release' | 'delete';

/** What the last action did, as the server answered it, for the view to put in words. */
export type Outcome =
  | { kind: 'done'; action: MessageCommand; result: CommandResult; asked: number; byFilter: boolean }
  | { kind: 'done'; action: 'flush'; result: CommandResult }
  | { kind: 'failed'; action: MessageCommand | 'flush' | 'export'; message: string };

export interface ListSlice {
  query: MessageQuery;
  /** The loaded rows, in the server's order. */
  rows: MessageListItem[];
  /** How many messages match the query (countMessages); null until known. */
  total: number | null;
  nextCursor: string | null;
  phase: 'idle' | 'loading' | 'ready' | 'error';
  loadingMore: boolean;
  error: string | null;
  /** New matching mail arrived while sorted another way than newest first, where it cannot be placed live. */
  newMailUnseen: boolean;
  /** Where the owner was, to come back to it from the viewer. */
  viewport: { offset: number; activeId: string | null };
  load: () => Promise<void>;
  loadMore: () => Promise<void>;
  setQuery: (change: Partial<MessageQuery>) => Promise<void>;
  rememberViewport: (viewport: { offset: number; activeId: string | null }) => void;
}

export interface SelectionSlice {
  selection: Selection;
  toggle: (id: string) => void;
  selectRange: (id: string) => void;
  selectAllLoaded: () => void;
  selectAllMatching: () => void;
  clearSelection: () => void;
}

export interface LiveSlice {
  /** Folds one pushed event in; the fetches it needs run together a moment later (flushLive). */
  applyEvent: (event: EngineEvent) => void;
  /** Runs what the events since the last run asked for: new rows at the top, changed rows, removals, the count. */
  flushLive: () => Promise<void>;
  /** The rows on screen, refreshed first when many changed at once. */
  setVisibleRange: (start: number, end: number) => void;
  /** Refetches these loaded rows soon, or the rows on screen. */
  refresh: (ids?: string[]) => void;
}

export interface CommandSlice {
  busy: MessageCommand | 'flush' | null;
  outcome: Outcome | null;
  act: (action: MessageCommand) => Promise<void>;
  flushAll: () => Promise<void>;
  exportMessage: (id: string) => Promise<Blob | null>;
  dismissOutcome: () => void;
}

export type MessagesState = ListSlice & SelectionSlice & LiveSlice & CommandSlice;

export type SetState = StoreApi<MessagesState>['setState'];
export type GetState = StoreApi<MessagesState>['getState'];

export interface MessagesDeps {
  client: () => Client;
  /** Runs `task` a little later, once; the app waits a few hundred milliseconds so bursts of events cost one fetch. */
  schedule: (task: () => void) => void;
}

/**
 * What the slices share and nobody renders: which page cursor each loaded
 * row came from (to refetch a changed row with its page; its keys are the
 * loaded ids, kept as the rows change), and a generation
 * that a new query bumps so late answers to an old one are dropped.
 */
export interface Bookkeeping {
  generation: number;
  pages: (string | null)[];
  pageOf: Map<string, number>;
}

export function remember(book: Bookkeeping, items: readonly MessageListItem[], cursor: string | null): void {
  let index = book.pages.indexOf(cursor);
  if (index === -1) index = book.pages.push(cursor) - 1;
  for (const item of items) book.pageOf.set(item.id, index);
}
