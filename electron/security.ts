import type { Session, WebContents, WebFrameMain } from 'electron';
import { isAppUrl } from './app-protocol.ts';

/**
 * The Electron security checklist, the parts that are not window options
 * (window.ts) or packaging (electron-builder.yml's fuses). Every web
 * contents of the app, whatever creates it, goes through hardenContents.
 */

/** The one sender whose IPC is served: the main frame of a page on the app's own origin. */
export function isAppFrame(frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url);
}

/** Links the owner may be offered to open in the browser: http and https only, no user:password@. */
export function isExternalLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** Requests that would fetch something from outside the app (the page's own app:// files never match). */
export const REMOTE_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*', 'file:///*'];

type RequestDetails = { url: string; resourceType: string; frame?: Pick<WebFrameMain, 'parent'> | null };

/**
 * The one kind of remote request let out: an image of a message shown in the
 * viewer's sandboxed frame (a subframe, never the app page), which its own
 * CSP allows only once the owner asked for remote images.
 */
export function isMessageImage(details: RequestDetails): boolean {
  const web = details.url.startsWith('https://') || details.url.startsWith('http://');
  return web && details.resourceType === 'image' && details.frame !== null && details.frame !== undefined && details.frame.parent !== null;
}

/** Session-wide: every permission denied, every remote request but a message's images cancelled. */
export function hardenSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
    webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
  },
): void {
  // Notifications, camera, geolocation, clipboard reads, HID, USB, serial…: the UI needs none of them.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: REMOTE_URL_PATTERNS }, (details, callback) => callback({ cancel: !isMessageImage(details) }));
}

export interface ContentsPolicy {
  /** Asks the owner whether to open an http(s) link in the browser; resolves true to open it. */
  confirmExternal: (url: string) => Promise<boolean>;
  openExternal: (url: string) => Promise<void>;
  /** Asks the owner whether to leave a page that asked to stay (unsaved settings); true to leave. */
  confirmLeave: () => boolean;
}

type HardenedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Per web contents: no navigation away from the app, no new windows, no
 * webviews. A link to a web page is offered to the browser, after the owner
 * said yes; anything else is dropped.
 */
export function hardenContents(contents: HardenedContents, policy: ContentsPolicy): void {
  const offer = (url: string) => {
    if (!isExternalLink(url)) return;
    policy
      .confirmExternal(url)
      .then((yes) => (yes ? policy.openExternal(url) : undefined))
      // No browser to open it with: the link stays where it was, as if the owner had said no.
      .catch(() => undefined);
  };
  contents.on('will-navigate', (event, url) => {
    // Same-document (hash) navigations never get here; a reload of the app itself does and may go on.
    if (isAppUrl(url)) return;
    event.preventDefault();
    offer(url);
  });
  contents.on('will-frame-navigate', (event) => {
    // A subframe may hold only a document of the page's own making: the message viewer's sandboxed srcdoc frame.
    const ownDocument = !event.isMainFrame && (event.url === 'about:srcdoc' || event.url === 'about:blank');
    if (!isAppUrl(event.url) && !ownDocument) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    offer(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // A page's beforeunload would otherwise cancel closing (and quitting) without a word.
  contents.on('will-prevent-unload', (event) => {
    if (policy.confirmLeave()) event.preventDefault();
  });
}
