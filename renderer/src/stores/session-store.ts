import { create } from 'zustand';
import { asSentence } from '../app/sentence.ts';
import { ApiFailure } from '../api/transport.ts';
import { client } from './client-ref.ts';

const KEY = 'mx-standby-token';

export interface SessionState {
  /** The admin token sent with requests: the signed-in one, or the one being checked. Inside the desktop app there is none. */
  token: string | null;
  /** True once a token is known good (or was kept in this tab). */
  signedIn: boolean;
  /** A sign-in is being checked with MX Standby. */
  checking: boolean;
  /** Why the last sign-in failed, or why the session ended, in words for the sign-in page. */
  error: string | null;
  /** Trades a one-time sign-in code (from a sign-in link) for the token. */
  signInWithCode: (code: string) => Promise<void>;
  /** Checks a pasted admin token with MX Standby before keeping it. */
  signInWithToken: (token: string) => Promise<void>;
  signOut: () => void;
  /** MX Standby refused the signed-in token (401): back to signing in, saying why. */
  expire: () => void;
}

function stored(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function keep(token: string | null): void {
  if (token === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, token);
}

const ENDED = 'MX Standby no longer accepts this session (it may have been set up again with another data folder). Sign in again.';
const WRONG_TOKEN = 'That is not the admin token of this MX Standby. It is in the file admin-token in its data folder; or use a sign-in link (npx mx-standby open).';

function explain(error: unknown, unauthorized: string): string {
  if (error instanceof ApiFailure && error.status === 401) return unauthorized;
  return asSentence((error as Error).message);
}

/** The session lives in this tab only (sessionStorage): closing the tab signs out. */
export const useSession = create<SessionState>((set, get) => {
  const initial = stored();
  return {
    token: initial,
    signedIn: initial !== null,
    checking: false,
    error: null,
    signInWithCode: async (code) => {
      set({ checking: true, error: null });
      try {
        const { token } = await client().call('signIn', { code });
        keep(token);
        set({ token, signedIn: true, checking: false, error: null });
      } catch (error) {
        set({ checking: false, error: asSentence((error as Error).message) });
      }
    },
    signInWithToken: async (token) => {
      set({ token, signedIn: false, checking: true, error: null });
      try {
        await client().call('status', {});
        keep(token);
        set({ signedIn: true, checking: false, error: null });
      } catch (error) {
        set({ token: null, signedIn: false, checking: false, error: explain(error, WRONG_TOKEN) });
      }
    },
    signOut: () => {
      keep(null);
      set({ token: null, signedIn: false, error: null });
    },
    expire: () => {
      if (!get().signedIn) return;
      keep(null);
      set({ token: null, signedIn: false, checking: false, error: ENDED });
    },
  };
});
