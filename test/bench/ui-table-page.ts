import type { Page } from 'playwright-core';

/**
 * What the held-mail bench runs inside the page. The functions are sent to
 * Chromium as source text, so each stands alone; the few DOM names they use
 * are declared here, for this file only (the bench's tsconfig has no DOM).
 */
interface Box {
  scrollTop: number;
  scrollHeight: number;
  offsetHeight: number;
  getAttribute(name: string): string | null;
  scrollTo(options: { top: number }): void;
}
declare const document: { querySelector(selector: string): Box | null; querySelectorAll(selector: string): { length: number } };
declare function requestAnimationFrame(callback: () => void): number;

/** Scrolls to the bottom of what is loaded until `count` rows are, timing each page (pages are 200 rows, rows 40 px). */
export function scrollThrough(page: Page, count: number) {
  return page.evaluate(async (target) => {
    const scroller = document.querySelector('.mail-scroller')!;
    const body = document.querySelector('.mail-body')!;
    const loaded = () => Math.round(body.offsetHeight / 40);
    const waits: number[] = [];
    let mostInDom = 0;
    const begin = performance.now();
    while (loaded() < target && performance.now() - begin < 600_000) {
      const before = loaded();
      const start = performance.now();
      scroller.scrollTop = scroller.scrollHeight;
      await new Promise<void>((resolve) => {
        const check = () => (loaded() > before || performance.now() - start > 10_000 ? resolve() : requestAnimationFrame(check));
        check();
      });
      mostInDom = Math.max(mostInDom, document.querySelectorAll('[role="row"][data-index]').length);
      waits.push(performance.now() - start);
    }
    return { total: performance.now() - begin, waits, loaded: loaded(), mostInDom };
  }, count);
}

/** Scrolls `step` pixels a frame from the top for 240 frames: the gaps between frames. */
export function scrollFrames(page: Page, step: number) {
  return page.evaluate(async (pixels) => {
    const scroller = document.querySelector('.mail-scroller')!;
    scroller.scrollTop = 0;
    await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
    const gaps: number[] = [];
    let last = performance.now();
    for (let frame = 0; frame < 240; frame++) {
      scroller.scrollTop += pixels;
      await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }
    return gaps;
  }, step);
}

export function scrollToTop(page: Page): Promise<void> {
  return page.evaluate(() => document.querySelector('.mail-scroller')?.scrollTo({ top: 0 }));
}

/** Two frames, so what changed is painted. */
export function settle(page: Page): Promise<unknown> {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(null)))));
}

/** Until the accessible name of the first body row ends with `text` (a state, say), or no longer does. */
export async function waitFirstRow(page: Page, text: string, ends = true): Promise<void> {
  await page.waitForFunction(
    ([wanted, should]) => (document.querySelector('[role="row"][data-index="0"]')?.getAttribute('aria-label') ?? '').endsWith(wanted) === should,
    [text, ends] as const,
    { polling: 'raf', timeout: 60_000 },
  );
}

/** Until exactly one body row is in the page (`one`), or more than one. */
export async function waitRows(page: Page, one: boolean): Promise<void> {
  await page.waitForFunction(
    (single) => {
      const count = document.querySelectorAll('[role="row"][data-index]').length;
      return single ? count === 1 : count > 1;
    },
    one,
    { polling: 'raf', timeout: 60_000 },
  );
}

/** When the first body row entered the page, on the page's clock; set by FIRST_ROWS_SCRIPT. */
export function firstRowsAt(page: Page): Promise<number | undefined> {
  return page.evaluate('window.__firstRows');
}

export const FIRST_ROWS_SCRIPT = `new MutationObserver((_, observer) => {
  if (document.querySelector('[role="row"][data-index]')) { window.__firstRows = performance.now(); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });`;
