import { beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../api/client.ts';
import { SignInTestTransport, TOKEN } from '../views/sign-in/sign-in-test-transport.ts';
import { setClient } from './client-ref.ts';
import { useSession } from './session-store.ts';

beforeEach(() => {
  sessionStorage.clear();
  useSession.setState({ token: null, signedIn: false, checking: false, error: null });
  setClient(createClient(new SignInTestTransport(() => useSession.getState().token, ['good-code'])));
});

describe('the session store', () => {
  it('trades a sign-in code for the token and keeps it in this tab only', async () => {
    await useSession.getState().signInWithCode('good-code');
    expect(useSession.getState()).toMatchObject({ token: TOKEN, signedIn: true, checking: false, error: null });
    expect(sessionStorage.getItem('mx-standby-token')).toBe(TOKEN);
    expect(localStorage.length).toBe(0);
  });

  it('says why a code was refused, as a sentence, and stays signed out', async () => {
    await useSession.getState().signInWithCode('good-code');
    useSession.getState().signOut();
    await useSession.getState().signInWithCode('good-code');
    expect(useSession.getState()).toMatchObject({ token: null, signedIn: false });
    expect(useSession.getState().error).toBe('That sign-in link was used already; each works once: get a new link with: npx mx-standby open.');
  });

  it('checks a pasted token before keeping it', async () => {
    await useSession.getState().signInWithToken('not-the-token');
    expect(useSession.getState()).toMatchObject({ token: null, signedIn: false, checking: false });
    expect(useSession.getState().error).toMatch(/^That is not the admin token of this MX Standby\./);
    expect(sessionStorage.getItem('mx-standby-token')).toBeNull();
    await useSession.getState().signInWithToken(TOKEN);
    expect(useSession.getState()).toMatchObject({ token: TOKEN, signedIn: true, error: null });
  });

  it('ends a session whose token is refused later, saying so; signing out forgets the token', async () => {
    await useSession.getState().signInWithToken(TOKEN);
    useSession.getState().expire();
    expect(useSession.getState()).toMatchObject({ token: null, signedIn: false });
    expect(useSession.getState().error).toMatch(/no longer accepts this session/);
    expect(sessionStorage.getItem('mx-standby-token')).toBeNull();
    await useSession.getState().signInWithToken(TOKEN);
    useSession.getState().signOut();
    expect(useSession.getState()).toMatchObject({ token: null, signedIn: false, error: null });
  });
});
