/**
 * Sign-in links look like http://127.0.0.1:8025/#signin=CODE (a fragment, so
 * the code never reaches a server log). These read them out of the page's
 * address or out of what someone pasted into the sign-in form.
 */

const CODE = /(?:^|[#&?])signin=([A-Za-z0-9_-]+)/;

/** The code in a link, a fragment or a bare "signin=CODE", or null. */
export function signInCodeIn(text: string): string | null {
  return CODE.exec(text.trim())?.[1] ?? null;
}

export type SignInEntry =
  | { kind: 'code'; code: string }
  | { kind: 'token'; token: string }
  | { kind: 'invalid'; message: string };

/** What was typed or pasted into the sign-in form: a sign-in link, or the admin token itself. */
export function readSignInEntry(text: string): SignInEntry {
  const entry = text.trim();
  if (entry === '') return { kind: 'invalid', message: 'Paste the sign-in link, or the admin token.' };
  const code = signInCodeIn(entry);
  if (code !== null) return { kind: 'code', code };
  if (/^https?:\/\//i.test(entry) || entry.includes('#')) {
    return { kind: 'invalid', message: 'That link has no sign-in code in it: a sign-in link ends with #signin= and the code.' };
  }
  if (/\s/.test(entry)) return { kind: 'invalid', message: 'The admin token is one word, with no spaces: copy it again from the file admin-token.' };
  return { kind: 'token', token: entry };
}

/**
 * Takes the sign-in code out of the page's address, so it stays out of the
 * history, bookmarks and anything shared by copying the address bar.
 */
export function takeSignInCode(location: Pick<Location, 'hash' | 'pathname' | 'search'>, history: Pick<History, 'replaceState' | 'state'>): string | null {
  const code = signInCodeIn(location.hash);
  if (code !== null) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return code;
}
