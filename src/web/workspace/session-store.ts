/**
 * What survives a reload of the tab (sessionStorage: per tab, gone when the tab closes): the
 * agent session, the open tab, and each chat's last transcript, so that a chat in after-contact
 * work (whose participant has left and can no longer read the transcript) still shows it.
 */

export interface StoredSession {
  token: string;
  expiresAt: string;
  instance: string;
  username: string;
}

const SESSION = 'parley.agent.session';
const SELECTED = 'parley.agent.selected';
const TRANSCRIPT = 'parley.agent.transcript.';

function read<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage costs only the restore after a reload.
  }
}

/**
 * The stored session, or null. Its expiry is the server's to judge (its clock may differ from
 * this browser's): an ended session is refused there, and the workspace then asks to log in.
 */
export const loadSession = () => read<StoredSession>(SESSION);

export const saveSession = (s: StoredSession | null) => write(SESSION, s);
export const loadSelected = () => read<string>(SELECTED);
export const saveSelected = (contactId: string | null) => write(SELECTED, contactId);
export const loadTranscript = <T>(contactId: string) => read<T[]>(TRANSCRIPT + contactId);
export const saveTranscript = (contactId: string, items: unknown[] | null) => write(TRANSCRIPT + contactId, items);

/** Forgets every stored transcript (logout). */
export function clearTranscripts(): void {
  for (let i = sessionStorage.length - 1; i >= 0; i--) {
    const k = sessionStorage.key(i);
    if (k?.startsWith(TRANSCRIPT)) sessionStorage.removeItem(k);
  }
}
