import { useShallow } from 'zustand/react/shallow';
import { canSelectAllMatching, selectedCount, singleSelectedId } from '../../stores/messages-selectors.ts';
import { useMessages } from '../../stores/messages-store.ts';
import type { MessageCommand } from '../../stores/messages-types.ts';
import { saveBlob } from '../../components/save-blob.ts';
import { plural } from './format.ts';

const ACTIONS: { action: Exclude<MessageCommand, 'delete'>; label: string; hint: string }[] = [
  { action: 'redeliver', label: 'Redeliver now', hint: 'Try these now, whatever the schedule; failed, expired and damaged ones get a fresh lifetime' },
  { action: 'hold', label: 'Hold', hint: 'Keep these from being delivered until you release them' },
  { action: 'release', label: 'Release', hint: 'Let held recipients be delivered again' },
];

/** What is selected, "select all N matching", and the actions on the selection. */
export function ActionBar({ onDelete }: { onDelete: () => void }) {
  const { count, offerAll, allMatching, total, exportId, busy } = useMessages(
    useShallow((state) => ({
      count: selectedCount(state),
      offerAll: canSelectAllMatching(state),
      allMatching: state.selection.allMatching,
      total: state.total,
      exportId: singleSelectedId(state),
      busy: state.busy,
    })),
  );
  const store = useMessages.getState;
  const none = count === 0 || busy !== null;

  const exportOne = async () => {
    if (!exportId) return;
    const blob = await store().exportMessage(exportId);
    if (blob) saveBlob(blob, `${exportId}.eml`);
  };

  return (
    <div className="mail-actions" role="toolbar" aria-label="Actions on the selected messages">
      <span className="selection-note" aria-live="polite">
        {count === 0 ? 'None selected' : allMatching ? `All ${plural(count, 'matching message')} selected` : `${plural(count, 'message')} selected`}
      </span>
      {offerAll && total !== null && (
        <button type="button" className="link" onClick={() => store().selectAllMatching()}>
          Select all {plural(total, 'matching message')}
        </button>
      )}
      {count > 0 && (
        <button type="button" className="link" onClick={() => store().clearSelection()}>
          Clear selection
        </button>
      )}
      <span className="spacer" />
      {ACTIONS.map(({ action, label, hint }) => (
        <button key={action} type="button" title={hint} disabled={none} aria-busy={busy === action} onClick={() => void store().act(action)}>
          {label}
        </button>
      ))}
      <button type="button" className="danger" title="Delete for good, after you confirm" disabled={none} onClick={onDelete}>
        Delete
      </button>
      <button type="button" title={exportId ? 'Save the message exactly as received' : 'Select one message to export it'} disabled={!exportId} onClick={() => void exportOne()}>
        Export .eml
      </button>
    </div>
  );
}
