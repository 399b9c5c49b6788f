import { useState, type FormEvent } from 'react';
import { ApiError, request } from './api/http';
import type { LoginResult } from './api/types';
import { canUseConsole, type ConsoleSession } from './session';
import { ErrorMessage } from './ui/error-message';
import { TextField } from './ui/field';
import { invalidFields, type FieldErrors } from './ui/form-checks';

/**
 * Logs in with the agent API's login (a Parley user with the Supervisor or Admin security
 * profile). A user without `supervise` is told so, and the session it got is closed again.
 */
export function LoginPage({ onLogin, notice }: { onLogin: (s: ConsoleSession) => void; notice?: string }) {
  const [instance, setInstance] = useState('parley-demo');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (!instance.trim()) errs.instance = 'Instance is required.';
    if (!username.trim()) errs.username = 'Username is required.';
    if (!password) errs.password = 'Password is required.';
    setFields(errs);
    setError(invalidFields(errs));
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const r = await request<LoginResult>(null, 'POST', '/agent/v1/login', { InstanceId: instance.trim(), Username: username.trim(), Password: password });
      if (!canUseConsole(r.Permissions)) {
        await request(r.Token, 'POST', '/agent/v1/logout').catch(() => undefined);
        setError(new Error('This user may not use the console: it needs the Supervisor or Admin security profile.'));
        return;
      }
      onLogin({ token: r.Token, instanceId: r.InstanceId, username: username.trim(), permissions: r.Permissions });
    } catch (err) {
      setError(err instanceof ApiError && err.type === 'AccessDeniedException' ? new Error('Wrong username or password.') : err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <h1>Parley console</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate aria-label="Log in" aria-busy={busy}>
        <ErrorMessage error={error} />
        <TextField label="Instance" hint="Its id, ARN or alias" value={instance} onChange={setInstance} error={fields.instance} required />
        <TextField label="Username" value={username} onChange={setUsername} error={fields.username} autoComplete="username" required />
        <TextField label="Password" type="password" value={password} onChange={setPassword} error={fields.password} autoComplete="current-password" required />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
