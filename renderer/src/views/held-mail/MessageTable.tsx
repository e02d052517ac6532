import { getCoreRowModel, useReactTable, type SortingState, type Updater } from '@tanstack/react-table';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type FocusEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { useLocation } from 'wouter';
import { useShallow } from 'zustand/react/shallow';
import { selectedCount } from '../../stores/messages-selectors.ts';
import { useMessages } from '../../stores/messages-store.ts';
import { columns, gridTemplate } from './columns.tsx';
import { handleGridKey } from './grid-keys.ts';
import { HeaderCell } from './HeaderCell.tsx';
import { MessageRow } from './MessageRow.tsx';
import { useNow } from '../../components/use-now.ts';
import { useScrollPlace } from './use-scroll-place.ts';

export const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 38;
/** Ask for the next page while this many loaded rows are still below the screen. */
const LOAD_AHEAD = 80;

/**
 * The held-mail grid: TanStack Table for the columns, TanStack Virtual so
 * only the rows on screen are in the page, whatever the count. Pages load as
 * the owner scrolls; arrows, Space, Shift, Enter and Delete work as in a mail
 * client.
 */
export function MessageTable({ onDelete }: { onDelete: () => void }) {
  const { rows, total, nextCursor, loadingMore, query, selection } = useMessages(
    useShallow((state) => ({
      rows: state.rows,
      total: state.total,
      nextCursor: state.nextCursor,
      loadingMore: state.loadingMore,
      query: state.query,
      selection: state.selection,
    })),
  );
  const now = useNow();
  const [, navigate] = useLocation();
  const scroller = useRef<HTMLDivElement>(null);
  const saved = useRef(useMessages.getState().viewport);
  const offset = useRef(saved.current.offset);
  const [activeId, setActiveId] = useState(saved.current.activeId);
  const active = useMemo(() => Math.max(0, rows.findIndex((row) => row.id === activeId)), [rows, activeId]);
  const pendingFocus = useRef<number | null>(null);

  // A new getItemKey makes the virtualizer place every row again: only when the rows change, not on each scroll.
  const getItemKey = useCallback((index: number) => rows[index]?.id ?? 'more', [rows]);
  // The focusable row stays in the page even when scrolled away, so Tab still finds the grid.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return indexes.includes(active) || active >= rows.length ? indexes : [...indexes, active].sort((a, b) => a - b);
    },
    [active, rows.length],
  );

  const virtualizer = useVirtualizer({
    count: rows.length + (nextCursor !== null ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    initialRect: { width: 1200, height: 640 },
    initialOffset: saved.current.offset,
    getItemKey,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? 0;
  const visible = virtualizer.range;

  const sorting: SortingState = [{ id: query.sort, desc: query.order === 'desc' }];
  const onSortingChange = (updater: Updater<SortingState>) => {
    const next = (typeof updater === 'function' ? updater(sorting) : updater)[0];
    if (next) void useMessages.getState().setQuery({ sort: next.id as 'received' | 'size', order: next.desc ? 'desc' : 'asc' });
  };
  // The table is given only the rows in the page, so loading page 500 costs what page 1 did.
  const indexKey = items.map((item) => item.index).join(',');
  const shown = useMemo(() => items.map((item) => rows[item.index]).filter((row) => row !== undefined), [rows, indexKey]);
  const table = useReactTable({
    data: shown,
    columns,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableSortingRemoval: false,
    sortDescFirst: true,
    state: { sorting },
    onSortingChange,
    meta: { now },
  });
  const byId = new Map(table.getRowModel().rows.map((row) => [row.id, row]));

  const [visibleStart, visibleEnd] = [visible?.startIndex ?? 0, visible?.endIndex ?? 0];
  useEffect(() => useMessages.getState().setVisibleRange(visibleStart, visibleEnd), [visibleStart, visibleEnd]);
  useEffect(() => {
    if (nextCursor !== null && !loadingMore && last >= rows.length - LOAD_AHEAD) void useMessages.getState().loadMore();
  }, [last, rows.length, nextCursor, loadingMore]);

  const forgetActive = useCallback(() => setActiveId(null), []);
  useScrollPlace(scroller, rows, query, ROW_HEIGHT, forgetActive);

  // Keyboard moves focus to a row that may only exist once the virtualizer has scrolled to it.
  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const element = scroller.current?.querySelector<HTMLElement>(`[role="row"][data-index="${index}"]`);
    if (element) {
      element.focus({ preventScroll: true });
      pendingFocus.current = null;
    }
  });

  const lastActive = useRef(activeId);
  lastActive.current = activeId;
  useEffect(() => () => useMessages.getState().rememberViewport({ offset: offset.current, activeId: lastActive.current }), []);

  const focusRow = (index: number) => {
    setActiveId(rows[index]!.id);
    pendingFocus.current = index;
    virtualizer.scrollToIndex(index);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const store = useMessages.getState();
    const idAt = (index: number) => rows[index]!.id;
    const handled = handleGridKey(event, {
      count: rows.length,
      active,
      pageRows: Math.max(1, Math.floor(((scroller.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1),
      moveTo: (index, extend) => {
        if (extend) {
          if (store.selection.anchor === null) store.selectRange(idAt(active));
          store.selectRange(idAt(index));
        }
        focusRow(index);
      },
      toggle: (index) => store.toggle(idAt(index)),
      extendTo: (index) => store.selectRange(idAt(index)),
      open: (index) => navigate(`/mail/${idAt(index)}`),
      selectAll: store.selectAllLoaded,
      clear: store.clearSelection,
      remove: () => selectedCount(store) > 0 && onDelete(),
    });
    if (handled) event.preventDefault();
  };

  const onFocus = (event: FocusEvent) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[role="row"][data-index]');
    const id = row ? rows[Number(row.dataset.index)]?.id : undefined;
    if (id && id !== activeId) setActiveId(id);
  };

  const onRowClick = useCallback(
    (event: MouseEvent, _index: number, id: string) => {
      const store = useMessages.getState();
      setActiveId(id);
      if (event.shiftKey) store.selectRange(id);
      else if (event.ctrlKey || event.metaKey) store.toggle(id);
      else navigate(`/mail/${id}`);
    },
    [navigate],
  );

  return (
    <div ref={scroller} className="mail-scroller" onScroll={(event) => (offset.current = event.currentTarget.scrollTop)}>
      <div
        role="grid"
        aria-label="Held mail"
        aria-rowcount={(total ?? rows.length) + 1}
        aria-colcount={columns.length}
        aria-multiselectable="true"
        className="mail-grid"
        style={{ '--mail-columns': gridTemplate } as CSSProperties}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        <div role="rowgroup" className="mail-head" style={{ height: HEADER_HEIGHT }}>
          {table.getHeaderGroups().map((group) => (
            <div role="row" aria-rowindex={1} key={group.id} className="mail-head-row">
              {group.headers.map((header) => (
                <HeaderCell key={header.id} header={header} />
              ))}
            </div>
          ))}
        </div>
        <div role="rowgroup" className="mail-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = byId.get(String(item.key));
            const top = item.start - HEADER_HEIGHT;
            if (!row) {
              return (
                <div role="row" key="more" className="mail-row more" style={{ transform: `translateY(${top}px)` }}>
                  <div role="gridcell">{loadingMore ? 'Loading more messages…' : 'More messages below'}</div>
                </div>
              );
            }
            return (
              <MessageRow
                key={row.id}
                row={row}
                index={item.index}
                top={top}
                selected={selection.allMatching || selection.ids.has(row.id)}
                active={item.index === active}
                now={now}
                onRowClick={onRowClick}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
