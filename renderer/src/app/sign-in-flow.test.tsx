import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../api/client.ts';
import { useActivity } from '../stores/activity-store.ts';
import { setClient } from '../stores/client-ref.ts';
import { useSession } from '../stores/session-store.ts';
import { useStatus } from '../stores/status-store.ts';
import { useTraffic } from '../stores/traffic-store.ts';
import { SignInTestTransport, TOKEN } from '../views/sign-in/sign-in-test-transport.ts';
import { App } from './App.tsx';
import { signInFromAddress } from './sign-in-from-address.ts';

let transport: SignInTestTransport;

beforeEach(() => {
  sessionStorage.clear();
  useStatus.setState(useStatus.getInitialState(), true);
  useActivity.setState(useActivity.getInitialState(), true);
  useTraffic.setState(useTraffic.getInitialState(), true);
  useSession.setState({ token: null, signedIn: false, checking: false, error: null });
  transport = new SignInTestTransport(() => useSession.getState().token, ['fresh-code']);
  setClient(createClient(transport));
});
afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

describe('signing in to the app', () => {
  it('opens from a sign-in link: trades the code, clears it from the address and shows the dashboard', async () => {
    window.history.replaceState(null, '', '/#signin=fresh-code');
    const settled = signInFromAddress();
    expect(window.location.hash).toBe('');
    render(<App needsSignIn />);
    await settled;
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeTruthy();
    expect(sessionStorage.getItem('mx-standby-token')).toBe(TOKEN);
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });

  it('asks to sign in when the link was used already, saying so', async () => {
    window.history.replaceState(null, '', '/#signin=fresh-code');
    await signInFromAddress();
    useSession.getState().signOut();
    window.history.replaceState(null, '', '/#signin=fresh-code');
    render(<App needsSignIn />);
    await signInFromAddress();
    expect((await screen.findByRole('alert')).textContent).toMatch(/^That sign-in link was used already/);
    expect(screen.getByRole('heading', { name: 'Sign in to MX Standby' })).toBeTruthy();
  });

  it('a plain visit shows the sign-in form; the desktop app shows no sign-in at all', async () => {
    render(<App needsSignIn />);
    expect(screen.getByRole('heading', { name: 'Sign in to MX Standby' })).toBeTruthy();
    expect(transport.calls).toEqual([]);
    cleanup();
    useSession.setState({ token: TOKEN });
    render(<App needsSignIn={false} />);
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });
});
