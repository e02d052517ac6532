import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { readSignInEntry } from '../app/sign-in-link.ts';
import { useSession } from '../stores/session-store.ts';
import './sign-in/sign-in.css';

/**
 * Signing in to the web UI served by `mx-standby serve`: with the sign-in
 * link it printed (or a fresh one from `npx mx-standby open`), or with the
 * admin token from the data folder. Opening a link signs in by itself; this
 * page is for a plain visit, and says why a sign-in failed.
 */
export function SignIn() {
  const { checking, error, signInWithCode, signInWithToken } = useSession(
    useShallow((state) => ({
      checking: state.checking,
      error: state.error,
      signInWithCode: state.signInWithCode,
      signInWithToken: state.signInWithToken,
    })),
  );
  const [entry, setEntry] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const shown = problem ?? error;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const read = readSignInEntry(entry);
    if (read.kind === 'invalid') return setProblem(read.message);
    setProblem(null);
    void (read.kind === 'code' ? signInWithCode(read.code) : signInWithToken(read.token));
  };

  return (
    <main className="page sign-in">
      <form className="card" onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
        <h1 id="sign-in-title">Sign in to MX Standby</h1>
        <p>
          Open the sign-in link that <code>mx-standby serve</code> printed when it started, or paste it here. Each link works once, for 15
          minutes; <code>npx mx-standby open</code> prints a new one.
        </p>
        <label htmlFor="sign-in-entry">Sign-in link or admin token</label>
        <input
          id="sign-in-entry"
          name="sign-in-entry"
          value={entry}
          onChange={(event) => {
            setEntry(event.target.value);
            setProblem(null);
          }}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          aria-invalid={shown !== null}
          aria-describedby={shown !== null ? 'sign-in-error sign-in-help' : 'sign-in-help'}
          placeholder="http://127.0.0.1:8025/#signin=…"
        />
        <p id="sign-in-help" className="muted">
          The admin token is in the file <code>admin-token</code> in MX Standby's data folder.
        </p>
        {shown !== null && (
          <p id="sign-in-error" className="error-banner" role="alert">
            {shown}
          </p>
        )}
        {checking && (
          <p className="muted" role="status">
            Signing in…
          </p>
        )}
        <button className="primary" type="submit" disabled={checking}>
          Sign in
        </button>
      </form>
    </main>
  );
}
