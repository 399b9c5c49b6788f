/** What a browser keeps of its chat, so that a reload (or a resume link) continues it. */
export interface StoredChat {
  /** The customer's participant token: a bearer secret for this chat. */
  token: string;
  contactId: string;
  participantId: string;
  /** The chat ended: the next chat continues its history (persistent chat). */
  ended?: boolean;
}

const RESUME = 'parley-resume';

/** One stored chat per server and instance, so that two widgets of two businesses never mix. */
export const storageKey = (server: string, instanceId: string) => `parley-widget:${server}:${instanceId}`;

export function loadChat(key: string): StoredChat | null {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? 'null') as StoredChat | null;
    return v && typeof v.token === 'string' && typeof v.contactId === 'string' ? v : null;
  } catch {
    return null;
  }
}

export function saveChat(key: string, chat: StoredChat | null): void {
  try {
    if (chat) localStorage.setItem(key, JSON.stringify(chat));
    else localStorage.removeItem(key);
  } catch {
    // Private mode or full storage: the chat still works, only a reload forgets it.
  }
}

/** Whether the panel was open: a reload keeps it as it was (per tab). */
export const loadOpen = (key: string) => {
  try {
    return sessionStorage.getItem(`${key}:open`) === '1';
  } catch {
    return false;
  }
};
export const saveOpen = (key: string, open: boolean) => {
  try {
    sessionStorage.setItem(`${key}:open`, open ? '1' : '0');
  } catch {
    // as above
  }
};

const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const unb64 = (s: string) => new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));

/**
 * A link that continues this chat on another device. The token rides in the URL fragment, which
 * browsers never send to a server (nor in a Referer), but it is a bearer secret all the same.
 */
export function resumeLink(chat: StoredChat, instanceId: string): string {
  const url = new URL(location.href);
  url.hash = `${RESUME}=${b64(JSON.stringify({ i: instanceId, t: chat.token, c: chat.contactId, p: chat.participantId }))}`;
  return url.href;
}

/** The chat a resume link in this page's URL carries (for this instance), removed from the address bar. */
export function takeResumeLink(instanceId: string): StoredChat | null {
  const m = new RegExp(`${RESUME}=([A-Za-z0-9_-]+)`).exec(location.hash);
  if (!m) return null;
  try {
    const v = JSON.parse(unb64(m[1])) as { i: string; t: string; c: string; p: string };
    if (v.i !== instanceId || !v.t) return null;
    // Out of the address bar and the history, so it is not shared or bookmarked by accident.
    history.replaceState(history.state, '', location.href.replace(/#.*$/, ''));
    return { token: v.t, contactId: v.c, participantId: v.p };
  } catch {
    return null;
  }
}
