import { useCallback, useMemo, useState } from 'react';
import { ConnectApi } from './api/connect-api';
import { ApiError, request } from './api/http';
import { ConsoleContext, type ConsoleContextValue } from './context';
import { LoginPage } from './login-page';
import { canConfigure, loadSession, saveSession, type ConsoleSession } from './session';
import { Shell } from './shell';

/** The console: the login until there is a session, then the shell with its pages. */
export function App() {
  const [session, setSession] = useState<ConsoleSession | null>(loadSession);
  const [notice, setNotice] = useState<string>();

  const end = useCallback((message?: string) => {
    saveSession(null);
    setSession(null);
    setNotice(message);
  }, []);

  const onError = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.sessionEnded) end('Your session has ended or no longer allows this. Log in again.');
    },
    [end],
  );

  const ctx = useMemo<ConsoleContextValue | null>(
    () => (session ? { api: new ConnectApi(session.token, session.instanceId), session, canWrite: canConfigure(session), onError } : null),
    [session, onError],
  );

  if (!ctx)
    return (
      <LoginPage
        notice={notice}
        onLogin={(s) => {
          saveSession(s);
          setNotice(undefined);
          setSession(s);
        }}
      />
    );
  const logout = async () => {
    await request(ctx.session.token, 'POST', '/agent/v1/logout').catch(() => undefined);
    end('You have logged out.');
  };
  return (
    <ConsoleContext.Provider value={ctx}>
      <Shell onLogout={logout} />
    </ConsoleContext.Provider>
  );
}
