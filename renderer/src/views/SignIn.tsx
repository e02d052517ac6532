import { useState, type FormEvent } from 'react';
import { useSession } from '../stores/session-store.ts';

/** A plain visit asks for the admin token (DATA/admin-token). */
export function SignIn() {
  const signIn = useSession((state) => state.signIn);
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) signIn(token.trim());
  };
  return (
    <main className="page">
      <form className="card" onSubmit={submit} style={{ maxWidth: 480, margin: '10vh auto' }}>
        <h1>Sign in to MX Standby</h1>
        <label htmlFor="token">Admin token</label>
        <input id="token" value={token} onChange={(event) => setToken(event.target.value)} autoFocus style={{ width: '100%' }} />
        <p className="muted">It is in the file admin-token in MX Standby's data folder.</p>
        <button className="primary" type="submit">Sign in</button>
      </form>
    </main>
  );
}
