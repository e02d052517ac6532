import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './harness/browser.ts';
import { bigAttachment, fileCorpus, hugeHeaders, type HostileMessage } from './harness/corpus.ts';
import { framesOf, tracesIn } from './harness/safety.ts';
import { eventually, startStack, type Stack } from './harness/stack.ts';
import { startWatchServer, type WatchServer } from './harness/watch-server.ts';

/**
 * Hostile mail opened in the viewer, in Chromium, against a real serve: no
 * payload runs (they would set window.__pwned or document.title, or call the
 * watch server), nothing is fetched from anywhere but 127.0.0.1, and the app
 * keeps working, even after a 20 MB attachment.
 */
const TABS = ['Message', 'Plain text', 'Headers', 'Source', 'Attachments'];

/** Right-to-left override (U+202E): shown as sent, this name reads "invoiceexe.pdf". */
const BIDI = { subject: 'Hostile: bidi invoice\u202Efdp.exe', filename: 'invoice\u202Efdp.exe', shown: 'invoice[U+202E]fdp.exe' };

describe('hostile messages in the viewer', () => {
  let stack: Stack;
  let watch: WatchServer;
  let page: Page;
  const corpus: HostileMessage[] = [];
  const ids = new Map<string, string>();
  const big = bigAttachment();

  beforeAll(async () => {
    stack = await startStack();
    watch = await startWatchServer();
    corpus.push(...(await fileCorpus(watch.origin)), hugeHeaders(watch.origin));
    for (const message of corpus) await stack.mail.sendRaw(message.raw);
    await stack.mail.send({
      subject: big.subject,
      text: 'The attachment is big.',
      attachments: [{ filename: 'big.bin', content: big.attachment, contentType: 'application/octet-stream' }],
    });
    await stack.mail.send({
      from: '"Accounts \u202Ecod.tnuocca" <billing@sender.test>',
      subject: BIDI.subject,
      text: 'Your invoice is attached.',
      attachments: [{ filename: BIDI.filename, content: 'MZ', contentType: 'application/octet-stream' }],
    });
    for (const subject of [...corpus.map((message) => message.subject), big.subject]) ids.set(subject, await stack.idOf(subject));
    ids.set(BIDI.subject, await stack.idOf('Hostile: bidi invoice'));
    page = await stack.open('#/mail');
    await page.getByRole('row', { name: /^Hostile: / }).first().waitFor();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await watch?.stop();
  });

  /** Opens the message the way a click in the table does (a hash route, no reload), and waits for its heading. */
  async function open(subject: string): Promise<void> {
    const id = ids.get(subject)!;
    await page.evaluate(`location.hash = ${JSON.stringify(`#/mail/${encodeURIComponent(id)}`)}`);
    await page.getByRole('heading', { level: 1, name: /Hostile/ }).waitFor();
    await page.getByRole('tab', { name: 'Message' }).waitFor();
  }

  /** Shows each tab, lets whatever the message holds have its go, then checks that nothing ran and nothing left. */
  async function exercise(name: string): Promise<void> {
    const hash = new URL(page.url()).hash;
    for (const tab of TABS) {
      const button = page.getByRole('tab', { name: new RegExp(`^${tab}`) });
      if ((await button.count()) === 0) continue;
      await button.click();
      await eventually(`the ${tab} tab to be shown`, async () => (await button.getAttribute('aria-selected')) === 'true');
      if (tab === 'Message') await provoke();
    }
    const frames = await framesOf(page);
    expect(await tracesIn(page), name).toEqual({ pwned: undefined, title: 'MX Standby', hash });
    for (const frame of frames) {
      expect(frame.pwned, `${name}: a frame at ${frame.url}`).toSatisfy((value: unknown) => value === undefined || value === 'no script');
      expect(frame.url, `${name}: where a frame went`).toMatch(/^(about:srcdoc|about:blank)$/);
    }
    expect(watch.hits, `${name}: requests that reached the watch server`).toEqual([]);
    expect(stack.browser.foreign(), `${name}: requests for other hosts`).toEqual([]);
    expect(stack.browser.dialogs, `${name}: browser dialogs`).toEqual([]);
  }

  /** Clicks, hovers and focuses what a reader might, inside the message's frame. */
  async function provoke(): Promise<void> {
    const frame = page.frameLocator('iframe.viewer-frame');
    if ((await page.locator('iframe.viewer-frame').count()) === 0) return;
    await frame.locator('body').hover({ timeout: 5_000 }).catch(() => undefined);
    for (const target of ['click me', 'Sign in', 'Keep my mail', 'hover me', 'go']) {
      const element = frame.getByText(target, { exact: true }).first();
      if ((await element.count()) === 0) continue;
      await element.click({ timeout: 5_000 }).catch(() => undefined);
      // A link shows where it goes first; leave without opening it.
      const cancel = page.getByRole('button', { name: 'Cancel' });
      if ((await cancel.count()) > 0) await cancel.click();
    }
  }

  it('has detectors that do see a payload run, when it runs outside the viewer', async () => {
    const bare = await stack.browser.context.newPage();
    await bare.goto(`${stack.serve.adminUrl}/assets/`).catch(() => undefined);
    const scriptTags = corpus.find((message) => message.name === 'script-tags.eml')!;
    const html = scriptTags.raw.toString('utf8').split('\r\n\r\n').slice(1).join('\r\n\r\n');
    await bare.setContent(html);
    await eventually('the payload to call the watch server', () => watch.hits.length > 0);
    expect(await tracesIn(bare)).toMatchObject({ pwned: 'module', title: 'pwned' });
    expect(stack.browser.foreign()).toContain('http://evil.example/pwned.js');
    await bare.close();
    // Clean again for the real checks.
    watch.hits.length = 0;
    stack.browser.requests.length = 0;
  });

  it('has the whole corpus in serve', () => {
    expect(corpus.map((message) => message.name)).toEqual([
      'css-expressions.eml',
      'event-handlers.eml',
      'forms.eml',
      'javascript-links.eml',
      'malformed-mime.eml',
      'meta-refresh.eml',
      'remote-images.eml',
      'script-tags.eml',
      'svg-attachments.eml',
      'huge-headers',
    ]);
    expect(ids.size).toBe(corpus.length + 2);
  });

  it.each(['css-expressions.eml', 'event-handlers.eml', 'forms.eml', 'javascript-links.eml', 'malformed-mime.eml', 'meta-refresh.eml', 'remote-images.eml', 'script-tags.eml', 'svg-attachments.eml', 'huge-headers'])(
    '%s runs nothing and fetches nothing',
    async (name) => {
      const message = corpus.find((candidate) => candidate.name === name)!;
      await open(message.subject);
      await exercise(name);
      if (name === 'script-tags.eml' || name === 'remote-images.eml') {
        await page.getByRole('tab', { name: 'Message' }).click();
        await page.locator('iframe.viewer-frame').waitFor();
        await screenshot(page, `hostile-${name.replace('.eml', '')}`);
      }
      if (name === 'remote-images.eml') {
        // Blocked, and the owner is told so (and offered to load them).
        await page.getByRole('status').filter({ hasText: /remote images are blocked/i }).waitFor();
      }
    },
  );

  it('stays responsive with a 20 MB attachment: the tabs and the buttons still work', async () => {
    await open(big.subject);
    await exercise('20 MB attachment');
    await page.getByRole('tab', { name: /^Attachments/ }).click();
    await page.getByText('big.bin').first().waitFor();
    await screenshot(page, 'hostile-20mb-attachment');
    await page.getByRole('button', { name: 'Hold', exact: true }).click();
    const release = page.getByRole('button', { name: 'Release', exact: true });
    await eventually('Release to be offered after Hold', () => release.isEnabled());
    await release.click();
    await eventually('Hold to be offered again', () => page.getByRole('button', { name: 'Hold', exact: true }).isEnabled());
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Held mail' }).click();
    await page.getByRole('row', { name: new RegExp(`^${big.subject}`) }).waitFor();
  });

  it('shows bidi controls in subjects, names and file names as markers, so an .exe cannot pass for a .pdf', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Held mail' }).click();
    const row = page.getByRole('row', { name: /^Hostile: bidi invoice/ });
    await row.waitFor();
    expect(await row.innerText()).toContain(`bidi ${BIDI.shown}`);
    expect(await row.innerText()).toContain('Accounts [U+202E]cod.tnuocca');

    await open(BIDI.subject);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`Hostile: bidi ${BIDI.shown}`);
    await page.getByRole('tab', { name: /^Attachments/ }).click();
    const cell = page.getByRole('cell', { name: BIDI.shown });
    await cell.waitFor();
    expect(await cell.innerText()).toBe(BIDI.shown);
    await page.getByRole('button', { name: `Download invoice_fdp.exe` }).waitFor();
    await screenshot(page, 'hostile-bidi-attachment');
    await exercise('bidi names');
  });
});
