import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { onExit } from '../../bench/exit-cleanup.ts';

export const CHROMIUM = process.env.MX_STANDBY_CHROMIUM ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 };
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
const TOKEN_KEY = 'mx-standby-token';

/**
 * Called first by every browser suite: no Chromium, or no built UI, is a
 * failed suite with a clear message, never a skip.
 */
export function requireBrowserAndUi(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium (or set MX_STANDBY_CHROMIUM)`);
  }
  if (!existsSync(join(ROOT, 'renderer', 'dist', 'index.html'))) {
    throw new Error('the web UI is not built: run `npm run build` (npm run test:e2e builds it first)');
  }
}

export interface Browser {
  context: BrowserContext;
  /** Every URL any page or frame asked for, in order. */
  requests: string[];
  /** Requests for anything but 127.0.0.1 (and data:, blob:, about:); they were also blocked. */
  foreign(): string[];
  /** Dialogs any page opened (all are dismissed), as "TYPE: MESSAGE": "confirm: Leave?", "beforeunload: ". */
  dialogs: string[];
  /** A new tab at `path` (a hash route such as '#/mail') of adminUrl, signed in with the token. */
  openSignedIn(adminUrl: string, token: string, path?: string): Promise<Page>;
  close(): Promise<void>;
}

const isLocal = (url: string) => {
  const parsed = new URL(url);
  return ['data:', 'blob:', 'about:'].includes(parsed.protocol) || parsed.hostname === '127.0.0.1';
};

/** Debian's Chromium, headless, in a fresh profile, at 1280x800, recording and fencing every request. */
export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'mx-standby-chromium-'));
  const forget = onExit(() => rmSync(profile, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: VIEWPORT,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const requests: string[] = [];
  const dialogs: string[] = [];
  context.on('request', (request) => void requests.push(request.url()));
  // Whatever the page tries, nothing reaches another host.
  await context.route(
    (url) => !isLocal(url.href),
    (route) => route.abort('blockedbyclient'),
  );
  context.on('page', (page) => {
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
  });
  return {
    context,
    requests,
    dialogs,
    foreign: () => requests.filter((url) => !isLocal(url)),
    openSignedIn: async (adminUrl, token, path = '#/') => {
      const page = await context.newPage();
      // Only the app's own top-level page keeps the session; frames (the message viewer's) get nothing.
      // (A sandboxed frame has no storage: the try keeps it quiet.)
      await page.addInitScript({
        content: `try { if (window === window.top) sessionStorage.setItem(${JSON.stringify(TOKEN_KEY)}, ${JSON.stringify(token)}); } catch {}`,
      });
      await page.goto(`${adminUrl}/${path}`);
      return page;
    },
    close: async () => {
      try {
        await context.close();
      } finally {
        await rm(profile, { recursive: true, force: true });
        forget();
      }
    },
  };
}

/** A screenshot of the viewport (1280x800) as test-output/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
