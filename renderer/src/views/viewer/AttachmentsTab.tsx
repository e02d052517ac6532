import { useState } from 'react';
import type { AttachmentInfo, MessageContent } from '../../../../core/api/contract.ts';
import { client } from '../../stores/client-ref.ts';
import { useViewer } from '../../stores/viewer-store.ts';
import { saveBlob } from '../../components/save-blob.ts';
import { UntrustedText } from '../../components/UntrustedText.tsx';
import { formatBytes, saveName } from './format.ts';

function DownloadButton({ id, attachment }: { id: string; attachment: AttachmentInfo }) {
  const [busy, setBusy] = useState(false);
  const name = saveName(attachment.filename, `attachment-${attachment.index}`);
  const download = async () => {
    setBusy(true);
    try {
      saveBlob(await client().attachmentBytes(id, attachment.index), name);
    } catch (error) {
      useViewer.getState().failed('download', error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button onClick={() => void download()} disabled={busy} aria-label={`Download ${name}`}>
      {busy ? 'Downloading…' : 'Download'}
    </button>
  );
}

/** "Attachments": name, type, size and a download for each. */
export function AttachmentsTab({ id, content, error }: { id: string; content: MessageContent | null; error: string | null }) {
  if (!content) return error ? <p className="error-banner" role="alert">{error}</p> : <p className="muted">Reading the message…</p>;
  if (content.attachments.length === 0) return <p className="empty">This message has no attachments.</p>;
  return (
    <>
      <p className="muted">Attachments come from the sender as they are: open them only if you trust the sender.</p>
      <table className="viewer-attachments">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col" className="number">
              Size
            </th>
            <th scope="col">
              <span className="visually-hidden">Download</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {content.attachments.map((attachment) => (
            <tr key={attachment.index}>
              <td>
                {attachment.filename === null ? <span className="muted">(no name)</span> : <UntrustedText text={attachment.filename} />}
                {attachment.inline && <span className="badge viewer-inline">shown in the message</span>}
              </td>
              <td className="mono">{attachment.contentType}</td>
              <td className="number">{formatBytes(attachment.size)}</td>
              <td>
                <DownloadButton id={id} attachment={attachment} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
