import { useEffect, useState } from 'react';
import { client } from '../../stores/client-ref.ts';
import { viewerMessage } from '../../stores/viewer-store.ts';
import { saveBlob } from '../../components/save-blob.ts';
import { formatBytes } from './format.ts';

/** Shown at most; a larger source is cut for display and offered whole as a download. */
export const SOURCE_SHOWN = 512 * 1024;

interface Source {
  blob: Blob;
  text: string;
}

/** "Source": the bytes exactly as received, as text. */
export function SourceTab({ id }: { id: string }) {
  const [source, setSource] = useState<Source | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setSource(null);
    setError(null);
    client()
      .messageBytes(id)
      .then(async (blob) => {
        const text = new TextDecoder('utf-8').decode(await blob.slice(0, SOURCE_SHOWN).arrayBuffer());
        if (live) setSource({ blob, text });
      })
      .catch((failure: unknown) => live && setError(viewerMessage(failure)));
    return () => {
      live = false;
    };
  }, [id]);

  if (error) return <p className="error-banner" role="alert">{error}</p>;
  if (!source) return <p className="muted">Reading the source…</p>;
  const cut = source.blob.size > SOURCE_SHOWN;
  const download = () => saveBlob(source.blob, `${id}.eml`);
  return (
    <>
      <div className="viewer-source-bar">
        <span className="muted">
          {cut ? `Showing the first ${formatBytes(SOURCE_SHOWN)} of ${formatBytes(source.blob.size)}.` : `${formatBytes(source.blob.size)}, exactly as received.`}
        </span>
        <button onClick={download}>{cut ? 'Download the whole message (.eml)' : 'Download (.eml)'}</button>
      </div>
      <pre className="viewer-source">
        {source.text}
        {cut && '\n…'}
      </pre>
    </>
  );
}
