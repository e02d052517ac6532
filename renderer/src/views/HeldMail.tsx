import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { hasFilter } from '../stores/messages-query.ts';
import { emptyKind, selectedCount } from '../stores/messages-selectors.ts';
import { useMessages } from '../stores/messages-store.ts';
import { ActionBar } from './held-mail/ActionBar.tsx';
import { DeleteDialog } from './held-mail/DeleteDialog.tsx';
import { EmptyState } from './held-mail/EmptyState.tsx';
import { FilterBar } from './held-mail/FilterBar.tsx';
import { FlushButton } from './held-mail/FlushButton.tsx';
import { plural } from './held-mail/format.ts';
import { MessageTable } from './held-mail/MessageTable.tsx';
import { OutcomeLine } from './held-mail/OutcomeLine.tsx';
import './held-mail/held-mail.css';

/** The held mail: every message the backup keeps, filtered, selected and acted on, kept live by the pushed events. */
export function HeldMail() {
  const view = useMessages(
    useShallow((state) => ({
      phase: state.phase,
      error: state.error,
      loading: state.phase === 'loading',
      noRows: state.rows.length === 0,
      total: state.total,
      filtered: hasFilter(state.query),
      empty: emptyKind(state),
      newMailUnseen: state.newMailUnseen,
      selected: selectedCount(state),
      allMatching: state.selection.allMatching,
    })),
  );
  const [confirming, setConfirming] = useState(false);
  const title = useId();

  useEffect(() => {
    const store = useMessages.getState();
    // Opened before: the events kept it current; the rows on screen are checked again all the same.
    if (store.phase === 'idle' || store.phase === 'error') void store.load();
    else store.refresh();
  }, []);

  const reload = () => void useMessages.getState().load();
  let content;
  if (view.noRows && view.loading) content = <p className="empty" role="status">Loading held mail…</p>;
  else if (view.empty) content = <EmptyState kind={view.empty} />;
  else if (!view.noRows) content = <MessageTable onDelete={() => setConfirming(true)} />;

  return (
    <section className="held-mail" aria-labelledby={title} aria-busy={view.loading}>
      <header className="held-mail-head">
        <h1 id={title}>Held mail</h1>
        <span className="muted">{view.total === null ? '' : `${plural(view.total, 'message')}${view.filtered ? ' match' : ''}`}</span>
        <span className="spacer" />
        <FlushButton />
      </header>
      <FilterBar />
      <ActionBar onDelete={() => setConfirming(true)} />
      <OutcomeLine />
      {view.error && (
        <div className="error-banner" role="alert">
          {view.error}{' '}
          <button type="button" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {view.newMailUnseen && (
        <p className="mail-note">
          New mail has arrived that this order cannot place live.{' '}
          <button type="button" className="link" onClick={reload}>
            Show it
          </button>
        </p>
      )}
      {content}
      {!view.noRows && (
        <p className="mail-hint muted">
          Click a message or press Enter to open it. Space or its box selects it; Shift selects a range; Delete deletes what is selected.
        </p>
      )}
      {confirming && view.selected > 0 && (
        <DeleteDialog
          count={view.selected}
          allMatching={view.allMatching}
          onConfirm={() => void useMessages.getState().act('delete')}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
