import { useState } from 'react';
import { Login } from './login';
import { clearTranscripts, loadSession, saveSelected, saveSession, type StoredSession } from './session-store';
import { Workspace } from './workspace';

/** The API is the server that served the page. */
const BASE_URL = window.location.origin;

/** Login or the workspace; the session lives in the tab's storage, so a reload stays logged in. */
export function App() {
  const [session, setSession] = useState<StoredSession | null>(loadSession);
  const [notice, setNotice] = useState<string | null>(null);

  const end = (why: string | null) => {
    saveSession(null);
    saveSelected(null);
    clearTranscripts();
    setNotice(why);
    setSession(null);
  };

  if (!session)
    return (
      <Login
        baseUrl={BASE_URL}
        notice={notice}
        onLogin={(s) => {
          saveSession(s);
          setNotice(null);
          setSession(s);
        }}
      />
    );
  return <Workspace key={session.token} baseUrl={BASE_URL} session={session} onLoggedOut={end} />;
}
