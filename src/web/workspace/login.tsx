import { useState, type FormEvent } from 'react';
import { armAlerts } from './alerts';
import { login } from './api';
import type { StoredSession } from './session-store';

/** The demo instance's alias: what a fresh Parley has. */
const DEFAULT_INSTANCE = 'parley-demo';

/** The login form. Logging in is the first user action, so it also arms sound and notifications. */
export function Login({ baseUrl, notice, onLogin }: { baseUrl: string; notice?: string | null; onLogin: (s: StoredSession) => void }) {
  const [instance, setInstance] = useState(DEFAULT_INSTANCE);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    armAlerts();
    setBusy(true);
    setError(null);
    try {
      const r = await login(baseUrl, instance.trim(), username.trim(), password);
      onLogin({ token: r.Token, expiresAt: r.ExpiresAt, instance: instance.trim(), username: username.trim() });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Parley agent workspace</h1>
        {notice && <p className="notice" role="status">{notice}</p>}
        <label>
          Instance
          <input value={instance} onChange={(e) => setInstance(e.target.value)} required autoComplete="organization" />
        </label>
        <label>
          Username
          <input value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="username" autoFocus />
        </label>
        <label>
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
