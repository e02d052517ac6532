import type { MessageContent, MessageDetail } from '../../../../core/api/contract.ts';
import { UntrustedText } from '../../components/UntrustedText.tsx';
import { HtmlFrame } from './HtmlFrame.tsx';

/** What the server could not read, or cut: said above the body, not hidden. */
function ContentNotes({ content }: { content: MessageContent }) {
  if (!content.truncated && content.problems.length === 0) return null;
  return (
    <div className="viewer-note" role="note">
      {content.truncated && <p>This message's text is very long: only its beginning is shown. The Source tab offers the whole message.</p>}
      {content.problems.map((problem) => (
        <p key={problem}>Part of this message is malformed: {problem}.</p>
      ))}
    </div>
  );
}

export interface ContentProps {
  id: string;
  content: MessageContent | null;
  error: string | null;
}

function Pending({ error }: { error: string | null }) {
  return error ? <p className="error-banner" role="alert">{error}</p> : <p className="muted">Reading the message…</p>;
}

/** "Message": as its reader would see it. */
export function MessageTab({ id, content, error }: ContentProps) {
  if (!content) return <Pending error={error} />;
  return (
    <>
      <ContentNotes content={content} />
      {content.html !== null ? (
        <HtmlFrame messageId={id} html={content.html} attachments={content.attachments} />
      ) : content.text ? (
        <pre className="viewer-text">{content.text}</pre>
      ) : (
        <p className="empty">This message has no text.</p>
      )}
    </>
  );
}

/** "Plain text": the text part, or the text made from the HTML. */
export function PlainTextTab({ content, error }: ContentProps) {
  if (!content) return <Pending error={error} />;
  return (
    <>
      <ContentNotes content={content} />
      {content.textFromHtml && <p className="muted">This message has no plain-text version; this text was made from its HTML.</p>}
      {content.text ? <pre className="viewer-text">{content.text}</pre> : <p className="empty">This message has no plain text.</p>}
    </>
  );
}

/** "Headers": every header field as received, in order. */
export function HeadersTab({ detail }: { detail: MessageDetail }) {
  if (detail.headers.length === 0) return <p className="empty">This message has no header fields.</p>;
  return (
    <table className="viewer-headers">
      <tbody>
        {detail.headers.map((header, index) => (
          <tr key={index}>
            <th scope="row">
              <UntrustedText text={header.name} />
            </th>
            <td>
              <UntrustedText text={header.value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
