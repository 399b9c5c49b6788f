/**
 * The console's login, kept in sessionStorage: it survives a reload of the tab and is gone when
 * the tab closes. Expiry is the server's to decide (a refused call sends the user back to the
 * login), so no clock comparison happens here.
 */
export interface ConsoleSession {
  token: string;
  instanceId: string;
  username: string;
  permissions: string[];
}

const KEY = 'parley.console.session';

export function loadSession(): ConsoleSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    const s = raw ? (JSON.parse(raw) as ConsoleSession) : null;
    return s && typeof s.token === 'string' && Array.isArray(s.permissions) ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: ConsoleSession | null): void {
  try {
    if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
    else sessionStorage.removeItem(KEY);
  } catch {
    // A disabled storage costs only the login after a reload.
  }
}

/** Whether the session may change the configuration (Admin), or only read it (Supervisor). */
export const canConfigure = (s: ConsoleSession) => s.permissions.includes('configure');
/** Whether the session may use the console at all: reading the configuration needs `supervise`. */
export const canUseConsole = (permissions: string[]) => permissions.includes('supervise') || permissions.includes('configure');
