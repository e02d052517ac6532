import { useSession } from '../stores/session-store.ts';
import { takeSignInCode } from './sign-in-link.ts';

/**
 * Opened from a sign-in link (…/#signin=CODE): takes the code out of the
 * address and trades it for the token. Resolves when that is settled.
 */
export async function signInFromAddress(location: Location = window.location, history: History = window.history): Promise<void> {
  const code = takeSignInCode(location, history);
  if (code !== null) await useSession.getState().signInWithCode(code);
}
