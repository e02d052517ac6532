import type { MessageListItem } from '../../../core/api/contract.ts';

/**
 * Which messages the owner picked: named ones, or "all that match the
 * filter", which the commands send as the filter itself rather than a giant
 * list of ids. `anchor` is where a shift-click range starts.
 */
export interface Selection {
  ids: ReadonlySet<string>;
  allMatching: boolean;
  anchor: string | null;
}

export const NO_SELECTION: Selection = { ids: new Set(), allMatching: false, anchor: null };

/** Flips one row. Leaving "all matching" keeps every loaded row but that one, as a list does in a mail client. */
export function toggleId(selection: Selection, rows: readonly MessageListItem[], id: string): Selection {
  if (selection.allMatching) {
    const ids = new Set(rows.map((row) => row.id));
    ids.delete(id);
    return { ids, allMatching: false, anchor: id };
  }
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, allMatching: false, anchor: id };
}

/** Adds the rows from the anchor to `id`, both included, as shift-click does; without an anchor it starts one. */
export function selectRange(selection: Selection, rows: readonly MessageListItem[], id: string): Selection {
  const to = rows.findIndex((row) => row.id === id);
  if (to === -1) return selection;
  const anchorAt = selection.anchor === null ? -1 : rows.findIndex((row) => row.id === selection.anchor);
  const from = anchorAt === -1 ? to : anchorAt;
  const ids = new Set(selection.allMatching ? rows.map((row) => row.id) : selection.ids);
  for (let index = Math.min(from, to); index <= Math.max(from, to); index++) ids.add(rows[index]!.id);
  return { ids, allMatching: false, anchor: anchorAt === -1 ? id : selection.anchor };
}

export function selectAllLoaded(rows: readonly MessageListItem[]): Selection {
  return { ids: new Set(rows.map((row) => row.id)), allMatching: false, anchor: null };
}

export function selectAllMatching(selection: Selection): Selection {
  return { ...selection, allMatching: true };
}

/** Forgets messages that are gone. */
export function withoutIds(selection: Selection, gone: ReadonlySet<string>): Selection {
  if (![...gone].some((id) => selection.ids.has(id))) return selection;
  const ids = new Set([...selection.ids].filter((id) => !gone.has(id)));
  return { ...selection, ids, anchor: selection.anchor !== null && gone.has(selection.anchor) ? null : selection.anchor };
}

/** Keeps only what is still loaded (after a reload). */
export function keepLoaded(selection: Selection, rows: readonly MessageListItem[]): Selection {
  if (selection.ids.size === 0) return selection;
  const loaded = new Set(rows.map((row) => row.id));
  const ids = new Set([...selection.ids].filter((id) => loaded.has(id)));
  return { ...selection, ids, anchor: selection.anchor !== null && loaded.has(selection.anchor) ? selection.anchor : null };
}
