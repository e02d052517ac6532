import { UntrustedText } from '../../components/UntrustedText.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';

/** Where a link really goes, split so the host stands out: the part people should read. */
export function describeLink(url: string): { scheme: string; host: string; rest: string } {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'mailto:') return { scheme: 'mailto:', host: decodeURIComponent(parsed.pathname), rest: parsed.search };
    const host = parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
    const auth = parsed.username ? `${parsed.username}${parsed.password ? ':…' : ''}@` : '';
    return { scheme: `${parsed.protocol}//${auth}`, host, rest: `${parsed.pathname}${parsed.search}${parsed.hash}` };
  } catch {
    return { scheme: '', host: url, rest: '' };
  }
}

/** Opens the address outside the app: a new browser tab that knows nothing of this one. */
export function openOutside(url: string): void {
  window.open(url, '_blank', 'noopener,noreferrer');
}

/** Shows where a clicked link goes before anything opens it. */
export function LinkDialog({ url, onClose }: { url: string; onClose: () => void }) {
  const { scheme, host, rest } = describeLink(url);
  const mail = scheme === 'mailto:';
  return (
    <ConfirmDialog
      title={mail ? 'Write to this address?' : 'Open this link?'}
      confirmLabel={mail ? 'Open in mail program' : 'Open in a new tab'}
      onConfirm={() => {
        openOutside(url);
        onClose();
      }}
      onCancel={onClose}
    >
      <p>{mail ? 'The link writes an e-mail to:' : 'The link in this message goes to:'}</p>
      <p className="viewer-link-address">
        <span className="muted">{scheme}</span>
        <strong>
          <UntrustedText text={host} />
        </strong>
        <UntrustedText className="muted" text={rest} />
      </p>
      {!mail && <p className="muted">Held mail comes from the internet: open links only from senders you trust. The address above is where it really goes, whatever the message's text says.</p>}
    </ConfirmDialog>
  );
}
