/** What the keys of the held-mail grid do, apart from the DOM: arrows move, Space ticks, Enter opens. */
export interface GridKeyTarget {
  count: number;
  active: number;
  /** Rows per screen, for Page Up and Page Down. */
  pageRows: number;
  /** Moves the focus; with `extend`, ticks the range from the anchor to there (Shift). */
  moveTo: (index: number, extend: boolean) => void;
  toggle: (index: number) => void;
  extendTo: (index: number) => void;
  open: (index: number) => void;
  selectAll: () => void;
  clear: () => void;
  remove: () => void;
}

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Runs the key's action; false if the key is not the grid's, so the browser keeps it. */
export function handleGridKey(event: KeyLike, grid: GridKeyTarget): boolean {
  if (grid.count === 0 || event.altKey) return false;
  const last = grid.count - 1;
  const go = (index: number) => grid.moveTo(Math.max(0, Math.min(last, index)), event.shiftKey);
  const command = event.ctrlKey || event.metaKey;
  switch (event.key) {
    case 'ArrowDown':
      go(grid.active + 1);
      return true;
    case 'ArrowUp':
      go(grid.active - 1);
      return true;
    case 'PageDown':
      go(grid.active + grid.pageRows);
      return true;
    case 'PageUp':
      go(grid.active - grid.pageRows);
      return true;
    case 'Home':
      go(0);
      return true;
    case 'End':
      go(last);
      return true;
    case ' ':
      if (event.shiftKey) grid.extendTo(grid.active);
      else grid.toggle(grid.active);
      return true;
    case 'Enter':
      grid.open(grid.active);
      return true;
    case 'Escape':
      grid.clear();
      return true;
    case 'Delete':
      grid.remove();
      return true;
    case 'a':
    case 'A':
      if (!command) return false;
      grid.selectAll();
      return true;
    default:
      return false;
  }
}
