import { createRoot, type Root } from 'react-dom/client';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import type { AttachmentInfo } from '../../../../core/api/contract.ts';
import { createClient } from '../../api/client.ts';
import { setClient } from '../../stores/client-ref.ts';
import { frameDocument } from './frame-document.ts';
import { HtmlFrame } from './HtmlFrame.tsx';
import { linkHref } from './link-clicks.ts';
import { sanitizeEmail } from './sanitize.ts';

/**
 * Not part of the app (nothing imports it): a page for test/e2e/viewer-frame.test.ts,
 * which bundles it to try the viewer's HTML pipeline in a real Chromium,
 * since happy-dom cannot run DOMPurify faithfully.
 */

const images = new Map<number, Blob>();

setClient(
  createClient({
    call: () => Promise.reject(new Error('no server behind this page')),
    subscribe: () => () => undefined,
    messageBytes: () => Promise.reject(new Error('no server behind this page')),
    attachmentBytes: async (_id, index) => {
      const blob = images.get(index);
      if (!blob) throw new Error(`no attachment ${index}`);
      return blob;
    },
  }),
);

let root: Root | null = null;

const harness = {
  sanitize: (html: string, allowRemote: boolean) => sanitizeEmail(html, { allowRemote, linkHref: (index) => linkHref('harness1', index) }),
  frameDocument,
  /** Shows HtmlFrame for this HTML; embedded images are given as base64 PNGs by Content-ID. */
  show(html: string, embedded: Record<string, string> = {}) {
    const attachments: AttachmentInfo[] = Object.entries(embedded).map(([contentId, base64], index) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      images.set(index, new Blob([bytes], { type: 'application/octet-stream' }));
      return { index, filename: null, contentType: 'image/png', size: bytes.length, contentId, inline: true };
    });
    root ??= createRoot(document.getElementById('root')!);
    root.render(
      <Router hook={useHashLocation}>
        <HtmlFrame key={Math.random()} messageId="harness1" html={html} attachments={attachments} />
      </Router>,
    );
  },
};

(window as unknown as { harness: typeof harness }).harness = harness;
