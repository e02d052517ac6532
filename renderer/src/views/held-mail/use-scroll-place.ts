import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { MessageListItem } from '../../../../core/api/contract.ts';

/**
 * Where the grid stays while its rows change: a new filter or order starts
 * at the top; new mail added above must not push away the rows the owner is
 * reading (unless they are at the very top, where it should show).
 */
export function useScrollPlace(
  scroller: RefObject<HTMLElement | null>,
  rows: readonly MessageListItem[],
  query: object,
  rowHeight: number,
  onNewQuery: () => void,
): void {
  const shownQuery = useRef(query);
  useEffect(() => {
    if (shownQuery.current === query) return;
    shownQuery.current = query;
    scroller.current?.scrollTo({ top: 0 });
    onNewQuery();
  }, [query, scroller, onNewQuery]);

  const firstId = useRef(rows[0]?.id);
  useLayoutEffect(() => {
    const before = firstId.current;
    firstId.current = rows[0]?.id;
    const element = scroller.current;
    if (!before || before === rows[0]?.id || !element || element.scrollTop === 0) return;
    const shift = rows.findIndex((row) => row.id === before);
    if (shift > 0) element.scrollTop += shift * rowHeight;
  }, [rows, scroller, rowHeight]);
}
