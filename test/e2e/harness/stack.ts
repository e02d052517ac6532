import type { Page } from 'playwright-core';
import type { MessageDetail, MessagePage } from '../../../core/api/contract.ts';
import { waitUntil } from '../../bench/process-tools.ts';
import { startPrimary, type PrimaryFixture } from '../../fixtures/primary.ts';
import { launchBrowser, requireBrowserAndUi, type Browser } from './browser.ts';
import { mailer, type Mailer } from './mail.ts';
import { startServe, type Serve } from './serve.ts';

export interface Stack {
  primary: PrimaryFixture;
  serve: Serve;
  browser: Browser;
  mail: Mailer;
  /** A signed-in tab at a hash route ('#/mail'). */
  open(path?: string): Promise<Page>;
  /** The id of the one message whose subject contains `subject`, once serve has it. */
  idOf(subject: string): Promise<string>;
  message(id: string): Promise<MessageDetail>;
  stop(): Promise<void>;
}

/** Waits (bounded) until `check` is true; throws naming `what` otherwise. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  if (!(await waitUntil(check, timeoutMs, 100))) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * The fixture primary (down), a real `serve` handing mail to it, and Chromium.
 * stop() stops all three, the browser first.
 */
export async function startStack(): Promise<Stack> {
  requireBrowserAndUi();
  const primary = await startPrimary({ up: false });
  let serve: Serve | null = null;
  let browser: Browser | null = null;
  try {
    serve = await startServe(primary.port);
    browser = await launchBrowser();
  } catch (error) {
    await serve?.stop();
    await primary.stop();
    throw error;
  }
  const running = serve;
  const mail = mailer(running.smtpPort);
  const idOf = async (subject: string) => {
    let id: string | undefined;
    await eventually(`serve to list "${subject}"`, async () => {
      const page = await running.api<MessagePage>(`/messages?text=${encodeURIComponent(subject)}&limit=5`);
      id = page.items.find((item) => item.subject?.includes(subject))?.id;
      return id !== undefined;
    });
    return id!;
  };
  const opened = browser;
  return {
    primary,
    serve: running,
    browser: opened,
    mail,
    open: (path) => opened.openSignedIn(running.adminUrl, running.token, path),
    idOf,
    message: (id) => running.api<MessageDetail>(`/messages/${encodeURIComponent(id)}`),
    stop: async () => {
      mail.close();
      await opened.close().catch(() => undefined);
      await running.stop();
      await primary.stop();
    },
  };
}
