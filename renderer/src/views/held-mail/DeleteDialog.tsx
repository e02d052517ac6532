import { useEffect, useId, useRef } from 'react';
import { plural } from './format.ts';

/**
 * Asks before deleting, saying how many: a modal dialog (the browser's own,
 * so focus stays in it and Escape cancels), Cancel focused first.
 */
export function DeleteDialog({ count, allMatching, onConfirm, onClose }: { count: number; allMatching: boolean; onConfirm: () => void; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const title = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  const what = allMatching ? `all ${plural(count, 'matching message')}` : plural(count, 'message');
  return (
    <dialog ref={dialog} className="confirm" aria-labelledby={title} onClose={onClose} onCancel={onClose}>
      <h2 id={title}>Delete {what} for good?</h2>
      <p>Their bodies are removed from this computer and cannot be brought back. A message being handed to the primary right now is skipped.</p>
      <div className="buttons">
        <button type="button" autoFocus onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="danger-solid"
          onClick={() => {
            onConfirm();
            onClose();
          }}
        >
          Delete {plural(count, 'message')}
        </button>
      </div>
    </dialog>
  );
}
