import type { Page } from 'playwright-core';
import { screenshot } from '../e2e/harness/browser.ts';
import { scrollToTop, settle } from './ui-table-page.ts';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

/**
 * The held-mail table as the owner sees it, at both sizes and in both
 * themes, then with a selection, the delete confirmation, an action's
 * outcome and a filter that matches nothing. Returns the files written.
 */
export async function takeTableScreenshots(page: Page): Promise<string[]> {
  const paths: string[] = [];
  await scrollToTop(page);
  for (const size of SIZES) {
    for (const scheme of SCHEMES) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await settle(page);
      paths.push(await screenshot(page, `held-mail-${size.width}x${size.height}-${scheme}`));
    }
  }
  await page.setViewportSize(SIZES[0]);
  await page.emulateMedia({ colorScheme: 'light' });
  const boxes = page.getByRole('checkbox', { name: /^Select Order/ });
  await boxes.nth(1).click();
  await boxes.nth(3).click({ modifiers: ['Shift'] });
  await page.getByRole('row', { name: /Order/ }).nth(4).focus();
  await settle(page);
  paths.push(await screenshot(page, 'held-mail-selection-1280x800-light'));

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').waitFor();
  paths.push(await screenshot(page, 'held-mail-delete-dialog-1280x800-dark'));
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'Hold', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /Held|Nothing to hold/ }).waitFor();
  paths.push(await screenshot(page, 'held-mail-outcome-1280x800-light'));

  await page.getByRole('searchbox').fill('no message says this');
  await page.getByText('No messages match these filters.').waitFor();
  paths.push(await screenshot(page, 'held-mail-no-match-1280x800-light'));
  await page.emulateMedia({ colorScheme: 'dark' });
  paths.push(await screenshot(page, 'held-mail-no-match-1280x800-dark'));
  return paths;
}

/** Every message at once, by filter: tick one, "Select all N matching", Delete, confirm. */
export async function deleteEverything(page: Page): Promise<void> {
  await page.getByRole('searchbox').fill('');
  await page.getByRole('checkbox', { name: /^Select Order/ }).first().click();
  await page.getByRole('button', { name: /^Select all .* matching messages$/ }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: /^Delete [\d,]+ messages$/ }).click();
}

/** The empty queue, in both themes at 1280x800. */
export async function emptyScreenshots(page: Page): Promise<string[]> {
  const paths: string[] = [];
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await settle(page);
    paths.push(await screenshot(page, `held-mail-empty-1280x800-${scheme}`));
  }
  return paths;
}
