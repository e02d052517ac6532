import { useState } from 'react';
import type { MessageDetail } from '../../../../core/api/contract.ts';
import { client } from '../../stores/client-ref.ts';
import { useViewer, type ViewerAction, type ViewerOutcome } from '../../stores/viewer-store.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { saveBlob } from '../../components/save-blob.ts';
import { UntrustedText } from '../../components/UntrustedText.tsx';

const DONE: Record<ViewerAction, (n: number) => string> = {
  redeliver: (n) => (n > 0 ? `Delivery to ${n} recipient${n === 1 ? '' : 's'} starts now.` : 'Nothing to redeliver: every recipient has its mail.'),
  hold: (n) => (n > 0 ? `${n} recipient${n === 1 ? ' is' : 's are'} held: nothing is delivered until you release them.` : 'Nothing to hold: no recipient is waiting.'),
  release: (n) => (n > 0 ? `${n} recipient${n === 1 ? ' is' : 's are'} released and will be delivered.` : 'Nothing to release: no recipient was held.'),
  delete: () => 'The message is deleted.',
};

export function outcomeWords(outcome: ViewerOutcome): string {
  if (outcome.kind === 'done') return DONE[outcome.action](outcome.result.changed);
  const what = { redeliver: 'Redelivery', hold: 'Holding', release: 'Releasing', delete: 'Deleting', export: 'Exporting', download: 'The download' }[outcome.action];
  return `${what} failed: ${outcome.message}`;
}

/** What the owner can do with this message. Buttons that would change nothing are off. */
export function ViewerActions({ detail, onDeleted }: { detail: MessageDetail; onDeleted: () => void }) {
  const busy = useViewer((state) => state.busy);
  const act = useViewer((state) => state.act);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const states = new Set(detail.deliveries.map((delivery) => delivery.state));
  const waiting = states.has('queued') || states.has('deferred');
  const undelivered = detail.deliveries.some((delivery) => delivery.state !== 'delivered');

  const exportEml = async () => {
    try {
      saveBlob(await client().messageBytes(detail.id), `${detail.id}.eml`);
    } catch (error) {
      useViewer.getState().failed('export', error);
    }
  };

  const remove = async () => {
    setConfirmDelete(false);
    await act('delete');
    const outcome = useViewer.getState().outcome;
    if (outcome?.kind === 'done') onDeleted();
  };

  return (
    <div className="viewer-actions" role="toolbar" aria-label="Actions on this message">
      <button className="primary" disabled={busy !== null || !undelivered} onClick={() => void act('redeliver')}>
        {busy === 'redeliver' ? 'Redelivering…' : 'Redeliver now'}
      </button>
      <button disabled={busy !== null || !waiting} onClick={() => void act('hold')}>
        {busy === 'hold' ? 'Holding…' : 'Hold'}
      </button>
      <button disabled={busy !== null || !states.has('held')} onClick={() => void act('release')}>
        {busy === 'release' ? 'Releasing…' : 'Release'}
      </button>
      <button onClick={() => void exportEml()}>Export .eml</button>
      <button className="danger" disabled={busy !== null} onClick={() => setConfirmDelete(true)}>
        {busy === 'delete' ? 'Deleting…' : 'Delete'}
      </button>
      {confirmDelete && (
        <ConfirmDialog title="Delete this message?" confirmLabel="Delete for good" danger onConfirm={() => void remove()} onCancel={() => setConfirmDelete(false)}>
          <p>
            “<UntrustedText text={detail.subject ?? '(no subject)'} />” and its {detail.deliveries.length} recipient{detail.deliveries.length === 1 ? '' : 's'} are deleted for good. Nobody
            gets it. Export it first if you may need it.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
