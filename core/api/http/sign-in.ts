import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '../../log.ts';
import type { SessionApi } from '../contract.ts';
import { HttpError } from './http-error.ts';

/** How long a sign-in link works. */
export const SIGN_IN_TTL_MS = 15 * 60_000;
/** Wrong codes allowed within FAILURE_WINDOW_MS before every sign-in waits. */
export const FAILURE_LIMIT = 10;
export const FAILURE_WINDOW_MS = 60_000;

export interface SignInOptions {
  /** The admin token a good code is traded for. */
  token: string;
  /** Where the UI is, e.g. http://127.0.0.1:8025; read when a link is made. */
  baseUrl: () => string;
  logger: Logger;
  ttlMs?: number;
  now?: () => number;
}

interface Issued {
  expiresAt: number;
  used: boolean;
}

const AGAIN = 'get a new link with: npx mx-standby open';

/** Codes are kept by their hash, so nothing in memory can be replayed as a code. */
const keyOf = (code: string) => createHash('sha256').update(code).digest('base64url');

/**
 * One-time sign-in codes, the way Jupyter prints its login link: `serve` and
 * `mx-standby open` show http://HOST:PORT/#signin=CODE (a fragment, so the
 * code never reaches a server log), and the UI trades the code for the admin
 * token once. A code works once, for 15 minutes. Wrong codes are counted:
 * after FAILURE_LIMIT within a minute, every sign-in is refused with 429 until
 * the minute has passed, so codes cannot be guessed (they have 144 random
 * bits anyway).
 */
export class SignInCodes {
  private readonly issued = new Map<string, Issued>();
  private failures: number[] = [];
  private readonly options: SignInOptions;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: SignInOptions) {
    this.options = options;
    this.ttlMs = options.ttlMs ?? SIGN_IN_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** A fresh link to the UI with a new code in its fragment. */
  link(): { url: string; expiresAt: string } {
    this.forgetOld();
    const code = randomBytes(18).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    this.issued.set(keyOf(code), { expiresAt, used: false });
    return { url: `${this.options.baseUrl()}/#signin=${code}`, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The admin token for a good code, which is then used up; a clear refusal otherwise. */
  redeem(code: string): string {
    const now = this.now();
    this.failures = this.failures.filter((at) => at > now - FAILURE_WINDOW_MS);
    if (this.failures.length >= FAILURE_LIMIT) {
      const seconds = Math.max(1, Math.ceil((this.failures[0]! + FAILURE_WINDOW_MS - now) / 1000));
      throw new HttpError(429, 'too_many_attempts', `too many wrong sign-in codes; try again in ${seconds} s`, 'code', { 'retry-after': String(seconds) });
    }
    const key = keyOf(code.trim());
    const entry = this.issued.get(key);
    const problem =
      entry === undefined
        ? `that sign-in code is not right; ${AGAIN}, or sign in with the admin token`
        : entry.used
          ? `that sign-in link was used already; each works once: ${AGAIN}`
          : entry.expiresAt <= now
            ? `that sign-in link has expired (they work for ${Math.round(this.ttlMs / 60_000)} minutes); ${AGAIN}`
            : null;
    if (problem !== null) {
      this.failures.push(now);
      this.options.logger.warn({ reason: entry === undefined ? 'unknown' : entry.used ? 'used' : 'expired' }, 'sign-in refused');
      throw new HttpError(403, 'sign_in_refused', problem, 'code');
    }
    entry!.used = true;
    this.options.logger.info('signed in with a sign-in link');
    return this.options.token;
  }

  /** The contract's session operations over these codes. */
  api(): SessionApi {
    return {
      signIn: async ({ code }) => ({ token: this.redeem(code) }),
      createSignInLink: async () => this.link(),
    };
  }

  /** Used and expired codes are remembered for a while, to say so; then forgotten. */
  private forgetOld(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [key, entry] of this.issued) if (entry.expiresAt <= cutoff) this.issued.delete(key);
  }
}
