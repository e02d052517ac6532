import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { boundsToRestore, DEFAULT_SIZE, windowOptions } from '../../../electron/window.ts';
import { hardenContents, hardenSession, isAppFrame, isExternalLink, REMOTE_URL_PATTERNS, type ContentsPolicy } from '../../../electron/security.ts';

const setup = { preload: '/app/electron/dist/preload.cjs', icon: '/app/resources/icon.png', bounds: null, devTools: false };

describe('the window options, against the Electron security checklist', () => {
  const { webPreferences } = windowOptions(setup);

  it('isolates the page: context isolation, sandbox, no Node anywhere', () => {
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and every loosening off', () => {
    expect(webPreferences).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    });
    expect(webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(webPreferences).not.toHaveProperty('additionalArguments');
  });

  it('loads only the preload it is given, and DevTools only when asked (development)', () => {
    expect(webPreferences!.preload).toBe(setup.preload);
    expect(webPreferences!.devTools).toBe(false);
    expect(windowOptions({ ...setup, devTools: true }).webPreferences!.devTools).toBe(true);
  });

  it('starts hidden (shown when ready) at the remembered size, or the default one', () => {
    expect(windowOptions(setup)).toMatchObject({ show: false, ...DEFAULT_SIZE });
    expect(windowOptions({ ...setup, bounds: { x: 10, y: 20, width: 900, height: 700 } })).toMatchObject({ x: 10, y: 20, width: 900, height: 700 });
  });
});

describe('remembering the window', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];

  it('restores saved bounds that are still on a screen', () => {
    expect(boundsToRestore({ x: 100, y: 80, width: 1000, height: 700, maximized: false }, screen)).toEqual({ x: 100, y: 80, width: 1000, height: 700 });
  });

  it('forgets bounds on a screen that is gone, and nothing saved gives the default', () => {
    expect(boundsToRestore({ x: 3000, y: 80, width: 1000, height: 700, maximized: false }, screen)).toBeNull();
    expect(boundsToRestore(null, screen)).toBeNull();
  });
});

class StandInContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
}

function preventable(extra: object = {}) {
  return { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...extra };
}

function policy(confirm: boolean, leave = false) {
  const asked: string[] = [];
  const opened: string[] = [];
  const rules: ContentsPolicy = {
    confirmExternal: async (url) => {
      asked.push(url);
      return confirm;
    },
    openExternal: async (url) => void opened.push(url),
    confirmLeave: () => leave,
  };
  return { rules, asked, opened };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('navigation, new windows and links', () => {
  it('blocks navigation away from the app and offers http(s) links to the browser only when the owner agrees', async () => {
    for (const confirm of [true, false]) {
      const contents = new StandInContents();
      const { rules, asked, opened } = policy(confirm);
      hardenContents(contents as never, rules);
      const away = preventable();
      contents.emit('will-navigate', away, 'https://example.com/help');
      await settle();
      expect(away.defaultPrevented).toBe(true);
      expect(asked).toEqual(['https://example.com/help']);
      expect(opened).toEqual(confirm ? ['https://example.com/help'] : []);
    }
  });

  it('never offers other schemes, and lets the app page itself load', async () => {
    const contents = new StandInContents();
    const { rules, asked, opened } = policy(true);
    hardenContents(contents as never, rules);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'https://user:pw@example.com/']) {
      const event = preventable();
      contents.emit('will-navigate', event, url);
      expect(event.defaultPrevented, url).toBe(true);
    }
    const home = preventable();
    contents.emit('will-navigate', home, 'app://mx-standby/index.html');
    expect(home.defaultPrevented).toBe(false);
    await settle();
    expect(asked).toEqual([]);
    expect(opened).toEqual([]);
  });

  it('denies every new window, frame navigation off the app, redirects and webviews', async () => {
    const contents = new StandInContents();
    const { rules, asked } = policy(false);
    hardenContents(contents as never, rules);
    expect(contents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'app://mx-standby/index.html' })).toEqual({ action: 'deny' });
    await settle();
    expect(asked).toEqual(['https://example.com/']);
    const frame = preventable({ url: 'https://example.com/', isMainFrame: false });
    contents.emit('will-frame-navigate', frame);
    expect(frame.defaultPrevented).toBe(true);
    // The message viewer's sandboxed srcdoc frame may load; the main frame may not become one.
    const viewer = preventable({ url: 'about:srcdoc', isMainFrame: false });
    contents.emit('will-frame-navigate', viewer);
    expect(viewer.defaultPrevented).toBe(false);
    const top = preventable({ url: 'about:srcdoc', isMainFrame: true });
    contents.emit('will-frame-navigate', top);
    expect(top.defaultPrevented).toBe(true);
    const redirect = preventable();
    contents.emit('will-redirect', redirect, 'https://example.com/');
    expect(redirect.defaultPrevented).toBe(true);
    const webview = preventable();
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
  });

  it('asks the owner before a page that wants to stay (unsaved settings) is closed', () => {
    for (const leave of [true, false]) {
      const contents = new StandInContents();
      hardenContents(contents as never, policy(false, leave).rules);
      const event = preventable();
      contents.emit('will-prevent-unload', event);
      expect(event.defaultPrevented).toBe(leave);
    }
  });

  it('takes only http and https links, without credentials, as external', () => {
    expect(isExternalLink('https://example.com/a?b#c')).toBe(true);
    expect(isExternalLink('http://example.com/')).toBe(true);
    for (const url of ['file:///x', 'mailto:a@b.c', 'javascript:void 0', 'app://mx-standby/', 'https://a:b@example.com/', 'not a url']) {
      expect(isExternalLink(url), url).toBe(false);
    }
  });
});

describe('the session and the sender check', () => {
  it('denies every permission and cancels every remote request', () => {
    const seen: Record<string, unknown> = {};
    hardenSession({
      setPermissionRequestHandler: (handler) => void (seen.request = handler),
      setPermissionCheckHandler: (handler) => void (seen.check = handler),
      setDevicePermissionHandler: (handler) => void (seen.device = handler),
      webRequest: { onBeforeRequest: ((filter: unknown, listener: unknown) => void (seen.web = { filter, listener })) as never },
    });
    const answers: boolean[] = [];
    (seen.request as (a: unknown, b: string, c: (ok: boolean) => void) => void)(null, 'notifications', (ok) => answers.push(ok));
    (seen.request as (a: unknown, b: string, c: (ok: boolean) => void) => void)(null, 'media', (ok) => answers.push(ok));
    expect(answers).toEqual([false, false]);
    expect((seen.check as () => boolean)()).toBe(false);
    expect((seen.device as () => boolean)()).toBe(false);
    const web = seen.web as { filter: { urls: string[] }; listener: (details: unknown, callback: (response: unknown) => void) => void };
    expect(web.filter.urls).toEqual(REMOTE_URL_PATTERNS);
    expect(web.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const answer = (details: object) => {
      let response: unknown;
      web.listener(details, (given) => (response = given));
      return response;
    };
    const app = { parent: null };
    const messageFrame = { parent: app };
    expect(answer({ url: 'https://example.com/', resourceType: 'mainFrame', frame: app })).toEqual({ cancel: true });
    expect(answer({ url: 'https://example.com/x.js', resourceType: 'script', frame: app })).toEqual({ cancel: true });
    expect(answer({ url: 'https://example.com/a.png', resourceType: 'image', frame: app })).toEqual({ cancel: true });
    expect(answer({ url: 'wss://example.com/', resourceType: 'webSocket', frame: messageFrame })).toEqual({ cancel: true });
    expect(answer({ url: 'https://example.com/x', resourceType: 'xhr', frame: messageFrame })).toEqual({ cancel: true });
    expect(answer({ url: 'file:///etc/a.png', resourceType: 'image', frame: messageFrame })).toEqual({ cancel: true });
    expect(answer({ url: 'https://example.com/a.png', resourceType: 'image', frame: null })).toEqual({ cancel: true });
    // A message's remote image, in the viewer's sandboxed frame (whose own CSP lets it in only when the owner asked).
    expect(answer({ url: 'https://example.com/a.png', resourceType: 'image', frame: messageFrame })).toEqual({ cancel: false });
  });

  it('trusts only the main frame of the app page', () => {
    expect(isAppFrame({ url: 'app://mx-standby/index.html', parent: null })).toBe(true);
    expect(isAppFrame({ url: 'app://mx-standby/index.html#/settings', parent: null })).toBe(true);
    expect(isAppFrame(null)).toBe(false);
    expect(isAppFrame({ url: 'app://mx-standby/index.html', parent: {} as never })).toBe(false);
    expect(isAppFrame({ url: 'app://mx-standby.evil.test/index.html', parent: null })).toBe(false);
    expect(isAppFrame({ url: 'https://mx-standby/index.html', parent: null })).toBe(false);
    expect(isAppFrame({ url: 'app://user@mx-standby/index.html', parent: null })).toBe(false);
  });
});
