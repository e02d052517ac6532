import type { MouseEvent } from 'react';
import { isSelected } from '../../stores/messages-selectors.ts';
import { useMessages } from '../../stores/messages-store.ts';

/** Ticks one row; shift-click ticks the range from the last one ticked. Not a tab stop: the row is, and Space ticks it. */
export function RowCheckbox({ id, subject }: { id: string; subject: string }) {
  const checked = useMessages((state) => isSelected(state, id));
  const onClick = (event: MouseEvent) => {
    event.stopPropagation();
    const store = useMessages.getState();
    if (event.shiftKey) store.selectRange(id);
    else store.toggle(id);
  };
  return <input type="checkbox" tabIndex={-1} checked={checked} onClick={onClick} onChange={() => undefined} aria-label={`Select ${subject}`} />;
}
