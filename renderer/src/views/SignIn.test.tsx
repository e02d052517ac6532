import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../api/client.ts';
import { setClient } from '../stores/client-ref.ts';
import { useSession } from '../stores/session-store.ts';
import { SignIn } from './SignIn.tsx';
import { SignInTestTransport, TOKEN } from './sign-in/sign-in-test-transport.ts';

let transport: SignInTestTransport;

beforeEach(() => {
  sessionStorage.clear();
  useSession.setState({ token: null, signedIn: false, checking: false, error: null });
  transport = new SignInTestTransport(() => useSession.getState().token, ['fresh-code']);
  setClient(createClient(transport));
});
afterEach(cleanup);

const field = () => screen.getByLabelText('Sign-in link or admin token');
const submit = (value: string) => {
  fireEvent.change(field(), { target: { value } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
};

describe('the sign-in page', () => {
  it('explains where the link and the token come from', () => {
    render(<SignIn />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Sign in to MX Standby');
    expect(screen.getByRole('form', { name: 'Sign in to MX Standby' }).textContent).toMatch(/npx mx-standby open/);
    expect(field().getAttribute('aria-describedby')).toBe('sign-in-help');
    expect(document.getElementById('sign-in-help')!.textContent).toMatch(/admin-token/);
  });

  it('signs in with a pasted sign-in link', async () => {
    render(<SignIn />);
    submit('http://127.0.0.1:8025/#signin=fresh-code');
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Signing in…');
    await expect.poll(() => useSession.getState().signedIn).toBe(true);
    expect(transport.calls[0]).toEqual({ operation: 'signIn', input: { code: 'fresh-code' } });
    expect(useSession.getState().token).toBe(TOKEN);
  });

  it('signs in with the admin token once MX Standby accepts it', async () => {
    render(<SignIn />);
    submit(`  ${TOKEN}  `);
    await expect.poll(() => useSession.getState().signedIn).toBe(true);
    expect(transport.calls.map((call) => call.operation)).toEqual(['status']);
  });

  it('shows a refused link as an alert tied to the field', async () => {
    render(<SignIn />);
    submit('http://127.0.0.1:8025/#signin=old-code');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('That sign-in code is not right; get a new link with: npx mx-standby open, or sign in with the admin token.');
    expect(field().getAttribute('aria-invalid')).toBe('true');
    expect(field().getAttribute('aria-describedby')).toBe('sign-in-error sign-in-help');
    expect(useSession.getState().signedIn).toBe(false);
  });

  it('shows a wrong token as an alert', async () => {
    render(<SignIn />);
    submit('wrong-token');
    expect((await screen.findByRole('alert')).textContent).toMatch(/^That is not the admin token of this MX Standby/);
  });

  it('says what is wrong with an empty entry or a link without a code, without asking MX Standby', () => {
    render(<SignIn />);
    submit('');
    expect(screen.getByRole('alert').textContent).toBe('Paste the sign-in link, or the admin token.');
    submit('http://127.0.0.1:8025/');
    expect(screen.getByRole('alert').textContent).toMatch(/no sign-in code/);
    fireEvent.change(field(), { target: { value: 'x' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(transport.calls).toEqual([]);
  });

  it('shows why the last session ended', () => {
    useSession.setState({ error: 'MX Standby no longer accepts this session. Sign in again.' });
    render(<SignIn />);
    expect(screen.getByRole('alert').textContent).toBe('MX Standby no longer accepts this session. Sign in again.');
  });
});
