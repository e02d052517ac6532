import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { allLoadedSelected } from '../../stores/messages-selectors.ts';
import { useMessages } from '../../stores/messages-store.ts';

/** Ticks every loaded row, or none; half-ticked when some are. */
export function HeaderCheckbox() {
  const { all, some, empty } = useMessages(
    useShallow((state) => ({ all: allLoadedSelected(state), some: state.selection.ids.size > 0, empty: state.rows.length === 0 })),
  );
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = some && !all;
  }, [some, all]);
  const onChange = () => {
    const store = useMessages.getState();
    if (all || some) store.clearSelection();
    else store.selectAllLoaded();
  };
  return <input ref={box} type="checkbox" checked={all} disabled={empty} onChange={onChange} aria-label="Select all loaded messages" />;
}
