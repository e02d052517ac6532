import { useEffect } from 'react';
import { Link, useLocation } from 'wouter';
import { UntrustedText } from '../components/UntrustedText.tsx';
import { useViewer } from '../stores/viewer-store.ts';
import { AttachmentsTab } from './viewer/AttachmentsTab.tsx';
import { HeadersTab, MessageTab, PlainTextTab } from './viewer/ContentTabs.tsx';
import { DeliveryPanel } from './viewer/DeliveryPanel.tsx';
import { EnvelopePanel } from './viewer/EnvelopePanel.tsx';
import { formatBytes, formatTime } from './viewer/format.ts';
import { SourceTab } from './viewer/SourceTab.tsx';
import { Tabs } from './viewer/Tabs.tsx';
import { outcomeWords, ViewerActions } from './viewer/ViewerActions.tsx';
import './viewer/viewer.css';

function Outcome() {
  const outcome = useViewer((state) => state.outcome);
  const dismiss = useViewer((state) => state.dismissOutcome);
  if (!outcome) return null;
  return (
    <div className={outcome.kind === 'failed' ? 'error-banner viewer-outcome' : 'viewer-outcome viewer-done'} role={outcome.kind === 'failed' ? 'alert' : 'status'}>
      <span>{outcomeWords(outcome)}</span>
      <button onClick={dismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

/** One held message: what it says, who it is for, how its delivery goes, and what the owner can do with it. */
export function MessageViewer({ id }: { id: string }) {
  const [, navigate] = useLocation();
  const detail = useViewer((state) => (state.id === id ? state.detail : null));
  const detailError = useViewer((state) => (state.id === id ? state.detailError : null));
  const content = useViewer((state) => (state.id === id ? state.content : null));
  const contentError = useViewer((state) => (state.id === id ? state.contentError : null));

  useEffect(() => {
    void useViewer.getState().open(id);
  }, [id]);

  const back = (
    <Link href="/mail" className="viewer-back">
      ← Held mail
    </Link>
  );
  if (!detail) {
    return (
      <div className="viewer">
        {back}
        {detailError ? (
          <p className="error-banner" role="alert">
            {detailError}
          </p>
        ) : (
          <p className="muted">Opening the message…</p>
        )}
      </div>
    );
  }

  const attachments = content?.attachments.length ?? 0;
  return (
    <div className="viewer">
      {back}
      <header className="viewer-head">
        <h1>{detail.subject ? <UntrustedText text={detail.subject} /> : <span className="muted">(no subject)</span>}</h1>
        <p className="muted">
          <UntrustedText text={detail.headerFrom ?? detail.from ?? 'unknown sender'} /> · received {formatTime(detail.receivedAt)} · {formatBytes(detail.size)} ·{' '}
          <span className={`badge ${detail.state}`}>{detail.state}</span> <span className="mono">{detail.id}</span>
        </p>
      </header>
      {detailError && (
        <p className="error-banner" role="alert">
          {detailError}
        </p>
      )}
      <Outcome />
      <ViewerActions detail={detail} onDeleted={() => navigate('/mail')} />
      <div className="viewer-body">
        <div className="viewer-main">
          <Tabs
            key={id}
            label="Views of the message"
            tabs={[
              { key: 'message', label: 'Message', render: () => <MessageTab id={id} content={content} error={contentError} /> },
              { key: 'text', label: 'Plain text', render: () => <PlainTextTab id={id} content={content} error={contentError} /> },
              { key: 'headers', label: 'Headers', render: () => <HeadersTab detail={detail} /> },
              { key: 'source', label: 'Source', render: () => <SourceTab id={id} /> },
              { key: 'attachments', label: `Attachments${attachments > 0 ? ` (${attachments})` : ''}`, render: () => <AttachmentsTab id={id} content={content} error={contentError} /> },
            ]}
          />
        </div>
        <aside className="viewer-side">
          <EnvelopePanel detail={detail} />
          <DeliveryPanel detail={detail} />
        </aside>
      </div>
    </div>
  );
}
