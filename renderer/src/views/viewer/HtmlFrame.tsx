import { useCallback, useMemo, useState } from 'react';
import { useViewer } from '../../stores/viewer-store.ts';
import type { AttachmentInfo } from '../../../../core/api/contract.ts';
import { useCidImages } from './cid-images.ts';
import { frameDocument } from './frame-document.ts';
import { linkHref, useLinkClicks } from './link-clicks.ts';
import { LinkDialog } from './LinkDialog.tsx';
import { sanitizeEmail, type Sanitized } from './sanitize.ts';

/**
 * The sandbox of the frame. No allow-scripts, no allow-same-origin: the
 * message runs nothing and reaches nothing of the app. The one allowance is
 * that a click on one of its links may change the app page's address, which
 * is how the app learns which link was clicked (see link-clicks.ts); the
 * sanitizer gives every link a placeholder address, so that is all it can do.
 */
export const FRAME_SANDBOX = 'allow-top-navigation-by-user-activation';

export interface HtmlFrameProps {
  messageId: string;
  html: string;
  attachments: readonly AttachmentInfo[];
}

type Cleaned = { ok: true; value: Sanitized } | { ok: false; reason: string };

/** The message's HTML as its reader would see it, cleaned, sandboxed, remote images blocked until asked. */
export function HtmlFrame({ messageId, html, attachments }: HtmlFrameProps) {
  const allowRemote = useViewer((state) => state.remoteImagesFor === messageId);
  const [openLink, setOpenLink] = useState<string | null>(null);
  const images = useCidImages(messageId, attachments);

  const cleaned = useMemo<Cleaned>(() => {
    try {
      const cid = (contentId: string) => images.get(contentId) ?? null;
      return { ok: true, value: sanitizeEmail(html, { allowRemote, cid, linkHref: (index) => linkHref(messageId, index) }) };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }, [html, allowRemote, images, messageId]);

  const links = cleaned.ok ? cleaned.value.links : [];
  useLinkClicks(messageId, links, useCallback((url: string) => setOpenLink(url), []));

  if (!cleaned.ok) {
    return (
      <p className="error-banner" role="alert">
        The HTML of this message is not shown: {cleaned.reason}. The Plain text and Source tabs show what it says.
      </p>
    );
  }
  return (
    <div className="viewer-html">
      {cleaned.value.remoteBlocked > 0 && !allowRemote && (
        <div className="viewer-remote-bar" role="status">
          <span>Remote images are blocked to protect your privacy.</span>
          <button onClick={() => useViewer.getState().loadRemoteImages(messageId)}>Load them</button>
        </div>
      )}
      <iframe
        className="viewer-frame"
        title="The message as its reader sees it"
        sandbox={FRAME_SANDBOX}
        referrerPolicy="no-referrer"
        srcDoc={frameDocument(cleaned.value.html, allowRemote)}
      />
      {openLink !== null && <LinkDialog url={openLink} onClose={() => setOpenLink(null)} />}
    </div>
  );
}
