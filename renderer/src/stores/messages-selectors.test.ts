import { describe, expect, it } from 'vitest';
import { message } from './messages-memory-server.ts';
import { DEFAULT_QUERY, filterOf, listInput, newestFirst } from './messages-query.ts';
import { NO_SELECTION, keepLoaded, selectAllLoaded, selectAllMatching, selectRange, toggleId, withoutIds } from './messages-selection.ts';
import { allLoadedSelected, canSelectAllMatching, emptyKind, isSelected, selectedCount, selectionInput, singleSelectedId } from './messages-selectors.ts';

const rows = Array.from({ length: 6 }, (_, n) => message(n));
const id = (n: number) => rows[n]!.id;
const base = { rows, total: 40, query: DEFAULT_QUERY, selection: NO_SELECTION };

describe('selection', () => {
  it('toggles one row and remembers it as the anchor', () => {
    const once = toggleId(NO_SELECTION, rows, id(2));
    expect([...once.ids]).toEqual([id(2)]);
    expect(once.anchor).toBe(id(2));
    expect(toggleId(once, rows, id(2)).ids.size).toBe(0);
  });

  it('adds the range from the anchor, either way, as shift-click does', () => {
    const down = selectRange(toggleId(NO_SELECTION, rows, id(1)), rows, id(4));
    expect([...down.ids].sort()).toEqual([id(1), id(2), id(3), id(4)]);
    const up = selectRange(toggleId(NO_SELECTION, rows, id(4)), rows, id(2));
    expect([...up.ids].sort()).toEqual([id(2), id(3), id(4)]);
    expect(selectRange(NO_SELECTION, rows, id(3)).ids).toEqual(new Set([id(3)]));
  });

  it('leaves "all matching" by keeping every loaded row but the one unticked', () => {
    const all = selectAllMatching(toggleId(NO_SELECTION, rows, id(0)));
    const less = toggleId(all, rows, id(5));
    expect(less.allMatching).toBe(false);
    expect(less.ids.size).toBe(5);
    expect(less.ids.has(id(5))).toBe(false);
  });

  it('forgets what is gone or no longer loaded', () => {
    const some = selectRange(toggleId(NO_SELECTION, rows, id(0)), rows, id(2));
    expect([...withoutIds(some, new Set([id(1)])).ids]).toEqual([id(0), id(2)]);
    expect(withoutIds(some, new Set(['other00001']))).toBe(some);
    expect([...keepLoaded(some, rows.slice(1)).ids].sort()).toEqual([id(1), id(2)]);
    expect(keepLoaded(some, rows.slice(1)).anchor).toBeNull();
  });
});

describe('selectors', () => {
  it('counts the picked rows, or all that match', () => {
    const picked = { ...base, selection: selectRange(toggleId(NO_SELECTION, rows, id(0)), rows, id(2)) };
    expect(selectedCount(picked)).toBe(3);
    expect(selectedCount({ ...picked, selection: selectAllMatching(picked.selection) })).toBe(40);
    expect(isSelected(picked, id(1))).toBe(true);
    expect(isSelected(picked, id(4))).toBe(false);
  });

  it('offers "select all matching" only when more match than are picked', () => {
    const picked = { ...base, selection: toggleId(NO_SELECTION, rows, id(0)) };
    expect(canSelectAllMatching(base)).toBe(false);
    expect(canSelectAllMatching(picked)).toBe(true);
    expect(canSelectAllMatching({ ...picked, total: 1 })).toBe(false);
    expect(canSelectAllMatching({ ...picked, selection: selectAllMatching(picked.selection) })).toBe(false);
  });

  it('ticks the header box when every loaded row is picked', () => {
    expect(allLoadedSelected({ ...base, selection: selectAllLoaded(rows) })).toBe(true);
    expect(allLoadedSelected({ ...base, selection: toggleId(NO_SELECTION, rows, id(0)) })).toBe(false);
    expect(allLoadedSelected({ ...base, rows: [] })).toBe(false);
  });

  it('sends ids in table order, or the filter itself for all matching', () => {
    const picked = { ...base, selection: toggleId(toggleId(NO_SELECTION, rows, id(4)), rows, id(1)) };
    expect(selectionInput(picked)).toEqual({ ids: [id(1), id(4)] });
    const query = { ...DEFAULT_QUERY, state: 'held' as const, search: ' acme ', searchIn: 'sender' as const };
    expect(selectionInput({ ...picked, query, selection: selectAllMatching(picked.selection) })).toEqual({ filter: { state: 'held', sender: 'acme' } });
    expect(selectionInput(base)).toBeNull();
  });

  it('exports only when exactly one message is picked', () => {
    expect(singleSelectedId({ selection: toggleId(NO_SELECTION, rows, id(3)) })).toBe(id(3));
    expect(singleSelectedId({ selection: selectAllLoaded(rows) })).toBeNull();
    expect(singleSelectedId({ selection: selectAllMatching(toggleId(NO_SELECTION, rows, id(3))) })).toBeNull();
  });

  it('tells an empty queue from a filter that matches nothing', () => {
    expect(emptyKind({ phase: 'ready', rows: [], query: DEFAULT_QUERY })).toBe('nothing-held');
    expect(emptyKind({ phase: 'ready', rows: [], query: { ...DEFAULT_QUERY, search: 'x' } })).toBe('no-match');
    expect(emptyKind({ phase: 'loading', rows: [], query: DEFAULT_QUERY })).toBeNull();
    expect(emptyKind({ phase: 'ready', rows, query: DEFAULT_QUERY })).toBeNull();
  });
});

describe('query', () => {
  it('builds the contract input from the query, leaving out what is empty', () => {
    expect(filterOf(DEFAULT_QUERY)).toEqual({});
    expect(filterOf({ ...DEFAULT_QUERY, search: '  ', state: 'failed' })).toEqual({ state: 'failed' });
    expect(listInput({ ...DEFAULT_QUERY, search: 'bob', searchIn: 'recipient', sort: 'size', order: 'asc' }, 'c1')).toEqual({
      recipient: 'bob',
      sort: 'size',
      order: 'asc',
      limit: 200,
      cursor: 'c1',
    });
    expect(newestFirst(DEFAULT_QUERY)).toBe(true);
    expect(newestFirst({ ...DEFAULT_QUERY, order: 'asc' })).toBe(false);
  });
});
