import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './harness/browser.ts';

/**
 * The message viewer's HTML pipeline in Debian's Chromium: DOMPurify with the
 * viewer's rules, the CSP'd sandboxed frame, remote images held back until
 * asked, links shown before they open. (happy-dom's NodeIterator does not
 * follow the DOM standard, and DOMPurify then leaves scripts in place: these
 * checks only mean something in a real browser.)
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../renderer/src/views/viewer/frame-harness.tsx', import.meta.url));
/**
 * What the test page offers (frame-harness.tsx) and records. The callbacks
 * given to page.evaluate run in the page; this project's TypeScript has no DOM
 * types, so they see the page through these shapes.
 */
interface FrameElement {
  srcdoc: string;
  setAttribute(name: string, value: string): void;
  addEventListener(type: 'load', listener: () => void): void;
}
interface InPage {
  top: unknown;
  open: (...args: unknown[]) => null;
  opened: unknown[][];
  ran: string[];
  document: { createElement(tag: 'iframe'): FrameElement; body: { append(node: FrameElement): void } };
  harness: {
    sanitize(html: string, allowRemote: boolean): { html: string; remoteBlocked: number; links: string[] };
    frameDocument(body: string, allowRemote: boolean): string;
    show(html: string, embedded: Record<string, string>): void;
  };
}

const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

async function bundle(): Promise<string> {
  const output = (await build({
    root: ROOT,
    configFile: false,
    logLevel: 'silent',
    plugins: [react()],
    // Vitest runs with NODE_ENV=test, so the React plugin emits the development JSX runtime: bundle React to match.
    define: { 'process.env.NODE_ENV': '"development"' },
    build: { write: false, minify: false, lib: { entry: ENTRY, formats: ['iife'], name: 'frameHarness', fileName: () => 'harness.js' } },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const chunk = (Array.isArray(output) ? output[0]! : output).output.find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('vite built no script for the frame harness');
  return chunk.code;
}

function serve(handler: (path: string) => { type: string; body: string | Buffer } | null): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const answer = handler(new URL(req.url ?? '/', 'http://x').pathname);
    if (!answer) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': answer.type }).end(answer.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, hits, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('the viewer HTML pipeline in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let app: Awaited<ReturnType<typeof serve>>;
  let remote: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    const script = await bundle();
    app = await serve((path) =>
      path === '/' ? { type: 'text/html', body: '<!doctype html><title>viewer</title><div id="root"></div><script src="/harness.js"></script>' } : path === '/harness.js' ? { type: 'text/javascript', body: script } : null,
    );
    remote = await serve(() => ({ type: 'image/png', body: Buffer.from(PIXEL, 'base64') }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    await page.addInitScript(() => {
      const page = globalThis as unknown as InPage;
      if (page !== page.top) return;
      const opened: unknown[][] = [];
      Object.assign(page, { opened, ran: [] });
      page.open = (...args: unknown[]) => (opened.push(args), null);
    });
    await page.goto(`${app.url}/#/mail/harness1`);
    await page.waitForFunction(() => 'harness' in globalThis);
  });

  afterAll(async () => {
    await browser?.close();
    app?.server.close();
    remote?.server.close();
  });

  const sanitize = (html: string, allowRemote = false) =>
    page.evaluate(([dirty, allow]) => (globalThis as unknown as InPage).harness.sanitize(dirty, allow), [html, allowRemote] as const);
  const show = (html: string, embedded: Record<string, string> = {}) =>
    page.evaluate(([dirty, images]) => (globalThis as unknown as InPage).harness.show(dirty, images), [html, embedded] as const);

  it('removes scripts, handlers, javascript: links, forms, meta refresh and CSS expressions', async () => {
    const { html } = await sanitize(
      '<meta http-equiv="refresh" content="0;url=https://evil.example"><style>p{width:expression(alert(1))} @import url(https://evil.example/x.css);</style>' +
        '<p onclick="x()" style="color:red;width:ex\\70 ression(alert(2))">Hi</p><script>x()</script><img src="x" onerror="x()"><svg onload="x()"></svg>' +
        '<a href="javascript:x()">js</a><a href="jAvAsCrIpT&colon;x()">js2</a><form action="https://evil.example"><input name="password"><button>Go</button></form><iframe src="https://evil.example"></iframe>',
    );
    expect(html).not.toMatch(/<script|onclick|onerror|onload|javascript|expression|@import|<form|<input|<button|<meta|refresh|<iframe|evil\.example/i);
    expect(html).toContain('color:red');
    expect(html).toContain('>js<');
  });

  it('blocks remote images until asked and gives links a placeholder', async () => {
    const source = `<img src="${remote.url}/a.png"><table><tr><td background="${remote.url}/b.png" style="background:url(${remote.url}/c.png)">t</td></tr></table><a href="https://bank.example/login">bank</a>`;
    const blocked = await sanitize(source);
    expect(blocked.remoteBlocked).toBe(3);
    expect(blocked.html).not.toContain(remote.url);
    expect(blocked.links).toEqual(['https://bank.example/login']);
    expect(blocked.html).toContain('href="#/mail/harness1/link/0"');
    const allowed = await sanitize(source, true);
    expect(allowed.remoteBlocked).toBe(0);
    expect(allowed.html).toContain(`${remote.url}/a.png`);
  });

  it('lets no script run and no request leave the frame even when the sanitizer is bypassed: CSP and sandbox hold', async () => {
    const before = remote.hits.length;
    const raw = `<script>top.ran.push('script')</script><img src="${remote.url}/raw.png" onerror="top.ran.push('onerror')"><link rel="stylesheet" href="${remote.url}/raw.css"><p style="background:url(${remote.url}/raw-bg.png)">x</p>`;
    await page.evaluate((doc) => {
      const { document } = globalThis as unknown as InPage;
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', 'allow-top-navigation-by-user-activation');
      frame.srcdoc = doc;
      document.body.append(frame);
      return new Promise<void>((resolve) => frame.addEventListener('load', resolve));
    }, await page.evaluate((body) => (globalThis as unknown as InPage).harness.frameDocument(body, false), raw));
    expect(await page.evaluate(() => (globalThis as unknown as InPage).ran)).toEqual([]);
    expect(remote.hits.length).toBe(before);
  });

  it('shows the blocked-images bar and loads remote images only after "Load them"', async () => {
    const before = remote.hits.length;
    await show(`<p>Newsletter</p><img src="${remote.url}/tracker.png"><img src="cid:logo@x" id="logo">`, { 'logo@x': PIXEL });
    const bar = page.getByRole('status');
    await expect.poll(() => bar.textContent()).toContain('Remote images are blocked to protect your privacy.');
    const frame = page.frameLocator('iframe.viewer-frame');
    await expect.poll(() => frame.locator('#logo').evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    expect(await page.locator('iframe.viewer-frame').getAttribute('sandbox')).toBe('allow-top-navigation-by-user-activation');
    expect(remote.hits.length).toBe(before);
    await page.getByRole('button', { name: 'Load them' }).click();
    await expect.poll(() => remote.hits.slice(before)).toContain('/tracker.png');
    expect(await page.getByRole('status').count()).toBe(0);
  });

  it('shows where a clicked link goes, and opens it outside (noopener, noreferrer) only when confirmed', async () => {
    await show('<p>Pay your <a href="https://bank.example.evil/login?id=7">invoice at https://bank.example</a> or <a href="https://other.example/">this</a></p>');
    const frame = page.frameLocator('iframe.viewer-frame');
    await frame.getByText('invoice at https://bank.example').click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toContain('bank.example.evil');
    expect(await dialog.locator('strong').textContent()).toBe('bank.example.evil');
    expect(page.url()).toBe(`${app.url}/#/mail/harness1`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.evaluate(() => (globalThis as unknown as InPage).opened)).toEqual([]);
    await frame.getByText('invoice at https://bank.example').click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Open in a new tab' }).click();
    expect(await page.evaluate(() => (globalThis as unknown as InPage).opened)).toEqual([['https://bank.example.evil/login?id=7', '_blank', 'noopener,noreferrer']]);
    expect(page.url()).toBe(`${app.url}/#/mail/harness1`);
    // The frame never had the real address to go to, only the placeholder; it stayed where it was.
    expect(await frame.locator('a').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')))).toEqual(['#/mail/harness1/link/0', '#/mail/harness1/link/1']);
    expect(await frame.locator('p').textContent()).toContain('Pay your');
  });
});
