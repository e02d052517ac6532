import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './harness/browser.ts';
import { eventually, startStack, type Stack } from './harness/stack.ts';

/** The text of the error tied to the input labelled `label` (aria-describedby), or null. */
async function errorBeside(page: Page, label: string): Promise<string | null> {
  const input = page.getByLabel(label, { exact: true });
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.length ? page.locator(`[id="${ids[0]}"]`).innerText() : null;
}

describe('settings in Chromium, against a real serve', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('checks fields as they are typed, saves, and says what was applied and what needs a restart', async () => {
    const page = await stack.open('#/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.getByLabel('Your domains').inputValue()).toBe('example.test');
    expect(await page.getByRole('note').innerText()).toMatch(/backscatter/);
    await screenshot(page, 'settings');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'settings-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByLabel('Retry schedule').fill('2s, soon');
    expect(await errorBeside(page, 'Retry schedule')).toMatch(/"soon" is not a duration; write it like 500ms/);
    await page.getByLabel('Size limit (MB)').fill('a lot');
    expect(await errorBeside(page, 'Size limit (MB)')).toMatch(/Write a number of megabytes/);
    const bar = page.getByRole('region', { name: 'Unsaved changes' });
    expect(await bar.innerText()).toMatch(/You have unsaved changes to Retry schedule, Size limit/);
    await screenshot(page, 'settings-errors');

    await bar.getByRole('button', { name: 'Save' }).click();
    expect(await page.getByRole('alert').innerText()).toMatch(/some settings need fixing first/);

    await page.getByLabel('Retry schedule').fill('2s, 10s');
    await page.getByLabel('Size limit (MB)').fill('20');
    expect(await errorBeside(page, 'Retry schedule')).toBeNull();
    await bar.getByRole('button', { name: 'Save' }).click();
    const outcome = page.getByRole('status').filter({ hasText: 'Saved.' });
    await outcome.waitFor();
    expect(await outcome.innerText()).toMatch(/In effect now: Retry schedule\.\s*Takes effect when MX Standby restarts: Size limit\./);
    expect(await bar.count()).toBe(0);
    await screenshot(page, 'settings-saved');

    const saved = JSON.parse(await readFile(join(stack.serve.dataDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ retry: ['2s', '10s'], maxSize: 20 * 1024 * 1024, domains: ['example.test'] });
    expect(await stack.serve.api('/settings')).toMatchObject({ retry: ['2s', '10s'] });
    await page.close();
  });

  it('refuses certificate files the next start could not use, saying which and why, and saves nothing', async () => {
    const page = await stack.open('#/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('radio', { name: /My own certificate/ }).check();
    await page.getByLabel('Certificate file', { exact: true }).fill('certs/fullchain.pem');
    await page.getByLabel('Private key file', { exact: true }).fill('certs/privkey.pem');
    await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
    await eventually('the refusal beside the certificate field', async () => (await errorBeside(page, 'Certificate file')) !== null);
    expect(await errorBeside(page, 'Certificate file')).toBe(`${join(stack.serve.dataDir, 'certs', 'fullchain.pem')}: the file does not exist.`);
    await screenshot(page, 'settings-tls-refused');
    expect((await stack.serve.api<{ tls: unknown }>('/settings')).tls).toBeNull();
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.close();
  });

  it('warns before leaving with unsaved changes, inside the app and when the tab closes', async () => {
    const page = await stack.open('#/settings');
    await page.getByLabel('Lifetime').fill('5d');
    await page.getByRole('region', { name: 'Unsaved changes' }).waitFor();

    const before = stack.browser.dialogs.length;
    // The harness dismisses every dialog: the answer is "stay".
    await page.getByRole('navigation').getByRole('link', { name: 'Held mail' }).click();
    await eventually('the leave question', () => stack.browser.dialogs.length > before);
    expect(stack.browser.dialogs.at(-1)).toBe('confirm: You have unsaved changes in Settings. Leave and discard them?');
    expect(new URL(page.url()).hash).toBe('#/settings');
    expect(await page.getByLabel('Lifetime').inputValue()).toBe('5d');

    await page.close({ runBeforeUnload: true });
    await eventually('the browser asking before the tab closes', () => stack.browser.dialogs.at(-1)?.startsWith('beforeunload') ?? false);
    expect(page.isClosed()).toBe(false);

    await page.getByRole('button', { name: 'Discard' }).click();
    expect(await page.getByLabel('Lifetime').inputValue()).toBe('30d');
    await page.getByRole('navigation').getByRole('link', { name: 'Held mail' }).click();
    await page.waitForURL(/#\/mail$/);
    await page.close();
    expect(stack.browser.foreign()).toEqual([]);
  });
});
