import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageDetail } from '../../core/api/contract.ts';
import { screenshot } from './harness/browser.ts';
import { eventually, startStack, type Stack } from './harness/stack.ts';

/**
 * The owner's day, in Chromium against a real serve and a real (fixture)
 * primary: mail arrives while the primary is down and shows up live; one is
 * opened and put on hold; the primary comes back and the others are handed
 * over live while the held one stays; released, it goes too. One tab, never
 * reloaded: everything after sign-in arrives by pushed events.
 */
const HELD = 'Quarterly report';
const OTHERS = ['Invoice 4711', 'Team lunch on Friday'];
const ALL = [HELD, ...OTHERS];

const row = (page: Page, subject: string) => page.getByRole('row', { name: new RegExp(`^${subject},`) });
/** The row's state, as the table names it: the last part of its accessible name. */
async function stateOf(page: Page, subject: string): Promise<string> {
  const name = (await row(page, subject).getAttribute('aria-label')) ?? '';
  return name.split(', ').at(-1) ?? '';
}
const subjectsAtPrimary = (stack: Stack) => stack.primary.received.map((mail) => /^Subject: (.*)$/m.exec(mail.raw.toString('latin1'))?.[1]?.trim());

describe('the held-mail journey in Chromium', () => {
  let stack: Stack;
  let page: Page;
  let heldId = '';

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('asks a plain visit to sign in, then signs in with the link serve printed (or the token)', async () => {
    const visit = await stack.browser.context.newPage();
    await visit.goto(`${stack.serve.adminUrl}/`);
    await visit.getByRole('heading', { name: 'Sign in to MX Standby' }).waitFor();
    await screenshot(visit, 'sign-in');
    await visit.close();

    // Opened the way the owner opens it: a fresh tab at the link.
    page = await stack.browser.context.newPage();
    if (stack.serve.signInLink) {
      await page.goto(stack.serve.signInLink);
    } else {
      await page.goto(`${stack.serve.adminUrl}/`);
      await page.getByLabel(/admin token/i).fill(stack.serve.token);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    expect(new URL(page.url()).hash).not.toMatch(/signin=/);
    await page.evaluate('window.__sameTab = true');
  });

  it('shows mail received while the primary is down, live in the table', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Held mail' }).click();
    await page.waitForURL(/#\/mail$/);
    await stack.mail.send({
      subject: HELD,
      html: '<h2>Q3 figures</h2><p>Revenue is up <b>12%</b>. The details are in the attached sheet.</p>',
      text: 'Q3 figures: revenue is up 12%. The details are in the attached sheet.',
      attachments: [{ filename: 'q3.csv', content: 'quarter,revenue\nQ3,112\n' }],
    });
    for (const subject of OTHERS) await stack.mail.send({ subject, text: `About ${subject}.` });
    for (const subject of ALL) await row(page, subject).waitFor();
    // With the primary known to be down, nothing is tried: the mail waits, queued.
    for (const subject of ALL) expect(['Queued', 'Waiting to retry']).toContain(await stateOf(page, subject));
    expect(stack.primary.received).toEqual([]);
    await screenshot(page, 'held-mail');
  });

  it('shows the held mail and the primary down on the dashboard', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const counts = page.getByRole('list', { name: 'Mail counts' });
    await counts.waitFor();
    await eventually('the held count to say 3', async () => /Held\s*3/.test(await counts.innerText()));
    await screenshot(page, 'dashboard');
  });

  it('opens a message in the viewer', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Held mail' }).click();
    await row(page, HELD).click();
    await page.waitForURL(/#\/mail\/[^/]+$/);
    heldId = decodeURIComponent(new URL(page.url()).hash.replace('#/mail/', ''));
    expect((await stack.message(heldId)).subject).toBe(HELD);
    await page.getByRole('heading', { name: HELD }).first().waitFor();
    await screenshot(page, 'viewer');
  });

  it('puts it on hold from the viewer', async () => {
    await page.getByRole('button', { name: 'Hold', exact: true }).click();
    const release = page.getByRole('button', { name: 'Release', exact: true });
    await eventually('the viewer to offer Release', () => release.isEnabled());
    const detail = await stack.message(heldId);
    expect(detail.deliveries.map((delivery) => delivery.state)).toEqual(['held']);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Held mail' }).click();
    await eventually(`"${HELD}" to show as on hold in the table`, async () => (await stateOf(page, HELD)) === 'On hold');
  });

  it('hands the others over live once the primary is up, while the held one stays', async () => {
    await stack.primary.up();
    await stack.primary.waitFor(OTHERS.length, 30_000);
    await eventually('the others to show as delivered', async () => {
      for (const subject of OTHERS) if ((await stateOf(page, subject)) !== 'Delivered') return false;
      return true;
    });
    expect(subjectsAtPrimary(stack).sort()).toEqual([...OTHERS].sort());
    expect(await stateOf(page, HELD)).toBe('On hold');
    const detail: MessageDetail = await stack.message(heldId);
    expect(detail.deliveries.map((delivery) => delivery.state)).toEqual(['held']);
    expect(await page.evaluate('window.__sameTab')).toBe(true);
    await screenshot(page, 'held-mail-delivered');
  });

  it('releases the held one from the table, and it is delivered', async () => {
    const select = page.getByRole('checkbox', { name: `Select ${HELD}` });
    if (!(await select.isChecked())) await select.click();
    await page.getByRole('button', { name: 'Release', exact: true }).click();
    await stack.primary.waitFor(ALL.length, 30_000);
    await eventually(`"${HELD}" to show as delivered`, async () => (await stateOf(page, HELD)) === 'Delivered');
    expect(subjectsAtPrimary(stack).at(-1)).toBe(HELD);
    expect(await page.evaluate('window.__sameTab')).toBe(true);
    expect(stack.browser.foreign()).toEqual([]);
  });
});
