import type { HostPort } from '../config/runtime.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/open.ts';
import { findRecipientCheck, saveRecipientCheck } from '../store/recipient-checks.ts';
import type { RecipientVerifier, Verdict } from './recipient-policy.ts';
import { SmtpDialog, type SmtpAnswer } from './smtp-dialog.ts';
import { reply } from './smtp-error.ts';

const POSITIVE_TTL_MS = 31 * 86_400_000;
const NEGATIVE_TTL_MS = 3 * 3_600_000;
const CALLOUT_TIMEOUT_MS = 15_000;

export interface CalloutOptions {
  db: Db;
  heloName: string;
  logger: Logger;
  /** Where to ask, or null when the primary is down or unknown. */
  primaryFor: (address: string) => Promise<HostPort | null>;
}

/**
 * The `verify` policy: ask the primary whether it knows a recipient (RCPT
 * callout) while it is up, and remember its answer for when it is down. A
 * backup MX that accepts unknown recipients later bounces them to forged
 * senders (backscatter), which gets it blocklisted.
 */
export class CalloutVerifier implements RecipientVerifier {
  private readonly options: CalloutOptions;

  constructor(options: CalloutOptions) {
    this.options = options;
  }

  async verify(address: string): Promise<Verdict> {
    const now = Date.now();
    const known = findRecipientCheck(this.options.db, address);
    if (known && known.expiresAt > now) return fromCheck(known.verdict, known.response);
    const primary = await this.options.primaryFor(address);
    if (!primary) {
      return {
        accept: false,
        error: reply(450, '4.4.3 Cannot verify this recipient while the primary mail server is unavailable; try again later'),
      };
    }
    const answer = await this.ask(primary, address);
    if (answer.code >= 200 && answer.code < 300) {
      this.remember(address, 'accept', answer, now, POSITIVE_TTL_MS);
      return { accept: true };
    }
    if (answer.code >= 500) {
      this.remember(address, 'reject', answer, now, NEGATIVE_TTL_MS);
      return fromCheck('reject', `${answer.code} ${answer.text}`);
    }
    return { accept: false, error: reply(450, `4.4.3 The primary mail server could not confirm this recipient (${answer.code} ${answer.text})`) };
  }

  private remember(address: string, verdict: 'accept' | 'reject', answer: SmtpAnswer, now: number, ttl: number): void {
    saveRecipientCheck(this.options.db, {
      address,
      verdict,
      response: `${answer.code} ${answer.text}`,
      checkedAt: now,
      expiresAt: now + ttl,
    });
  }

  private async ask(primary: HostPort, address: string): Promise<SmtpAnswer> {
    let dialog: SmtpDialog | null = null;
    const deadline = new Promise<SmtpAnswer>((resolve) =>
      setTimeout(() => resolve({ code: 451, text: 'no answer in time' }), CALLOUT_TIMEOUT_MS).unref(),
    );
    const talk = async (): Promise<SmtpAnswer> => {
      dialog = await SmtpDialog.open(primary.host, primary.port, CALLOUT_TIMEOUT_MS);
      const steps = ['', `EHLO ${this.options.heloName}`, 'MAIL FROM:<>', `RCPT TO:<${address}>`];
      let answer: SmtpAnswer = { code: 451, text: 'no answer' };
      for (const step of steps) {
        answer = step === '' ? await dialog.read() : await dialog.command(step);
        // Only the RCPT answer speaks about the recipient; a refusal before it is the server's mood.
        if (answer.code >= 400 && !step.startsWith('RCPT')) {
          return { code: 451, text: `the primary answered ${answer.code} ${answer.text} to ${step || 'the connection'}` };
        }
      }
      return answer;
    };
    try {
      return await Promise.race([talk(), deadline]);
    } catch (error) {
      this.options.logger.warn({ err: error, address }, 'recipient callout failed');
      return { code: 451, text: (error as Error).message };
    } finally {
      (dialog as SmtpDialog | null)?.close();
    }
  }
}

function fromCheck(verdict: 'accept' | 'reject', response: string): Verdict {
  if (verdict === 'accept') return { accept: true };
  return { accept: false, error: reply(550, `5.1.1 Recipient address rejected by the primary mail server: ${response}`) };
}
