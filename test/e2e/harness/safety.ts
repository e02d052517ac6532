import type { Frame, Page } from 'playwright-core';

/** What the payloads try to leave behind, read from the app's own page. */
export interface Traces {
  pwned: unknown;
  title: string;
  hash: string;
}

export async function tracesIn(page: Page): Promise<Traces> {
  return {
    pwned: await page.evaluate('window.__pwned'),
    title: await page.title(),
    hash: new URL(page.url()).hash,
  };
}

/** Resolves with `fallback` if `work` has not settled within timeoutMs (a frame that cannot run script may never answer). */
async function within<T>(work: Promise<T>, timeoutMs: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), timeoutMs);
  });
  try {
    return await Promise.race([work.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every frame below the app's page, with where it is and whatever a payload
 * set in it. A frame whose document may run no script cannot be asked, which
 * is the point: it says 'no script'.
 */
export async function framesOf(page: Page): Promise<{ url: string; pwned: unknown }[]> {
  const frames = page.frames().filter((frame: Frame) => frame !== page.mainFrame());
  return Promise.all(
    frames.map(async (frame) => ({ url: frame.url(), pwned: await within(frame.evaluate('window.__pwned'), 2_000, 'no script' as unknown) })),
  );
}
