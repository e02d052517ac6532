import type { HostPort } from '../config/runtime.ts';
import { SmtpDialog, type SmtpAnswer } from '../smtp/smtp-dialog.ts';
import { describeError } from './check.ts';

/** What the primary said to a test conversation that stops before any mail is sent. */
export interface PrimaryDialog {
  /** The EHLO reply text; null if the dialog ended before it. */
  ehlo: string | null;
  /** The SIZE the primary announces in bytes; 0 when it names no number; null when it does not announce SIZE. */
  size: number | null;
  /** The answer to RCPT TO:<postmaster@DOMAIN>; null if the dialog ended before it. */
  rcpt: SmtpAnswer | null;
  /** Why the dialog ended early, in plain words; null when it went to the end. */
  problem: string | null;
}

/** RFC 1870: "SIZE" alone, or "SIZE <bytes>", among the EHLO keywords. */
export function announcedSize(ehlo: string): number | null {
  const match = /(?:^|\s)SIZE(?:\s+(\d+))?(?=\s|$)/i.exec(ehlo);
  if (!match) return null;
  return match[1] ? Number(match[1]) : 0;
}

/**
 * Greets the primary as this server does when it hands mail over (EHLO with
 * our name, the null sender, the domain's postmaster, who must exist, RFC 5321
 * 4.5.1), then leaves with QUIT before DATA: nothing is sent.
 */
export async function talkToPrimary(primary: HostPort, options: { heloName: string; domain: string; timeoutMs: number }): Promise<PrimaryDialog> {
  const result: PrimaryDialog = { ehlo: null, size: null, rcpt: null, problem: null };
  let dialog: SmtpDialog | null = null;
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      result.problem ??= `no answer within ${options.timeoutMs} ms`;
      resolve();
    }, options.timeoutMs);
  });
  const refused = (step: string, answer: SmtpAnswer) => `answered ${answer.code} ${answer.text} to ${step}`;
  const talk = async (): Promise<void> => {
    dialog = await SmtpDialog.open(primary.host, primary.port, options.timeoutMs);
    // The deadline may have passed while connecting: then nobody closes it but us.
    if (done) return dialog.close();
    const greeting = await dialog.read();
    if (greeting.code !== 220) return void (result.problem = refused('the connection', greeting));
    const ehlo = await dialog.command(`EHLO ${options.heloName}`);
    if (ehlo.code !== 250) return void (result.problem = refused('EHLO', ehlo));
    result.ehlo = ehlo.text;
    result.size = announcedSize(ehlo.text);
    const mail = await dialog.command('MAIL FROM:<>');
    if (mail.code !== 250) return void (result.problem = refused('MAIL FROM:<>', mail));
    result.rcpt = await dialog.command(`RCPT TO:<postmaster@${options.domain}>`);
  };
  try {
    await Promise.race([talk().catch((error: unknown) => void (result.problem ??= describeError(error))), deadline]);
  } finally {
    done = true;
    clearTimeout(timer);
    (dialog as SmtpDialog | null)?.close();
  }
  return { ...result };
}
