import { filterOf, hasFilter, type MessageFilterInput } from './messages-query.ts';
import type { MessagesState } from './messages-types.ts';

/** Pure reads of the held-mail store, for the views (with useShallow when they pick several). */

type Picked = Pick<MessagesState, 'selection' | 'rows' | 'total' | 'query'>;

/** A command's input: the contract's selection, by ids or by filter. */
export type CommandInput = { ids: string[] } | { filter: MessageFilterInput };

export function isSelected(state: Pick<MessagesState, 'selection'>, id: string): boolean {
  return state.selection.allMatching || state.selection.ids.has(id);
}

/** How many messages an action would act on now. */
export function selectedCount(state: Picked): number {
  return state.selection.allMatching ? (state.total ?? state.rows.length) : state.selection.ids.size;
}

/** Every loaded row is picked (the header box is ticked). */
export function allLoadedSelected(state: Picked): boolean {
  const { selection, rows } = state;
  if (rows.length === 0) return false;
  if (selection.allMatching) return true;
  return selection.ids.size >= rows.length && rows.every((row) => selection.ids.has(row.id));
}

/** Offer "select all N matching" once something is picked and more match than are picked. */
export function canSelectAllMatching(state: Picked): boolean {
  return !state.selection.allMatching && state.selection.ids.size > 0 && state.total !== null && state.total > state.selection.ids.size;
}

/** What a command is sent: the filter itself for "all matching", otherwise the picked ids in table order. */
export function selectionInput(state: Picked): CommandInput | null {
  if (state.selection.allMatching) return { filter: filterOf(state.query) };
  if (state.selection.ids.size === 0) return null;
  const inTable = state.rows.filter((row) => state.selection.ids.has(row.id)).map((row) => row.id);
  const shown = new Set(inTable);
  return { ids: [...inTable, ...[...state.selection.ids].filter((id) => !shown.has(id))] };
}

/** The one message that "Export .eml" would save, if exactly one is picked. */
export function singleSelectedId(state: Pick<MessagesState, 'selection'>): string | null {
  const { selection } = state;
  if (selection.allMatching || selection.ids.size !== 1) return null;
  return [...selection.ids][0]!;
}

export type EmptyKind = 'nothing-held' | 'no-match' | null;

/** Why the table is empty, once the server has answered: nothing at all, or nothing for this filter. */
export function emptyKind(state: Pick<MessagesState, 'phase' | 'rows' | 'query'>): EmptyKind {
  if (state.phase !== 'ready' || state.rows.length > 0) return null;
  return hasFilter(state.query) ? 'no-match' : 'nothing-held';
}
