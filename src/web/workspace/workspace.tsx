import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatItem } from '../client';
import { armOnFirstAction, notify, playTone } from './alerts';
import { ApiError } from './api';
import { ChatPanel } from './chat-panel';
import { ContactTabs } from './contact-tabs';
import { OfferPanel } from './offer-panel';
import { loadSelected, saveSelected, type StoredSession } from './session-store';
import { StatusPicker } from './status-picker';
import type { Directory, TransferTarget } from './types';
import { useCore, useChats, useEvents } from './use-stores';

const SOCKET_LABEL = { connecting: 'Connecting…', open: 'Online', reconnecting: 'Reconnecting…', 'session-ended': 'Logged out' } as const;

/**
 * The logged-in workspace: status, incoming offers (sound, notification, countdown), a tab per
 * contact with its chat, and the actions on it. Everything shown comes from the agent snapshot
 * (event socket) and the chat sessions, so a reload or a reconnect shows the same.
 */
export function Workspace({ baseUrl, session, onLoggedOut }: { baseUrl: string; session: StoredSession; onLoggedOut: (why: string | null) => void }) {
  const [selected, setSelected] = useState<string | null>(loadSelected);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  const onIncoming = useCallback((contactId: string, item: ChatItem) => {
    if (document.visibilityState === 'visible' && contactId === selectedRef.current) return;
    playTone('message');
    if (document.visibilityState === 'hidden') notify(`New message from ${item.DisplayName || 'the customer'}`, item.Content?.slice(0, 120) ?? 'An attachment', `msg-${contactId}`);
  }, []);
  const core = useCore(baseUrl, session.token, onIncoming);
  const { api, chats, events } = core;
  const { snapshot, status, skewMs } = useEvents(core);
  const views = useChats(core);
  const [directory, setDirectory] = useState<Directory | null>(null);
  const [drafts, setDrafts] = useState<Record<string, string>>({});

  useEffect(() => armOnFirstAction(), []);

  // The session is gone (socket closed with 4001, or refused upgrades and a 403 from the API).
  useEffect(() => {
    if (status === 'session-ended') onLoggedOut('Your session ended. Please log in again.');
  }, [status, onLoggedOut]);
  useEffect(() => {
    events.onRetry = (attempt) => {
      if (attempt < 2) return;
      api.me().then(
        () => undefined,
        (e) => e instanceof ApiError && e.sessionEnded && events.sessionEnded(),
      );
    };
    return () => void (events.onRetry = null);
  }, [api, events]);

  useEffect(() => {
    let stop = false;
    const load = (attempt: number) =>
      api.directory().then(
        (d) => !stop && setDirectory(d),
        () => !stop && setTimeout(() => load(attempt + 1), Math.min(15_000, 1000 * 2 ** attempt)),
      );
    void load(0);
    return () => void (stop = true);
  }, [api]);

  const contacts = snapshot?.Contacts ?? [];
  const offers = contacts.filter((c) => c.State === 'CONNECTING');
  const tabs = contacts.filter((c) => c.State !== 'CONNECTING');

  // A new offer: tone and desktop notification, once per offer.
  const alerted = useRef(new Set<string>());
  useEffect(() => {
    for (const o of offers) {
      if (alerted.current.has(o.ContactId)) continue;
      alerted.current.add(o.ContactId);
      playTone('offer');
      notify('Incoming chat', o.Queue ? `From ${o.Queue.Name}` : 'A customer is waiting', `offer-${o.ContactId}`);
    }
  });

  // Keep a tab selected: the stored one if still there, else the first. A chat just accepted may
  // still be an offer in the snapshot: it stays wanted and is shown as soon as it is a tab.
  const current = tabs.find((c) => c.ContactId === selected) ?? tabs[0] ?? null;
  const currentId = current?.ContactId ?? null;
  const selectedHeld = contacts.some((c) => c.ContactId === selected);
  useEffect(() => {
    if (!snapshot) return;
    chats.select(currentId);
    if (selectedHeld) return saveSelected(selected);
    saveSelected(currentId);
    if (currentId !== selected) setSelected(currentId);
  }, [snapshot, currentId, selected, selectedHeld, chats]);

  const unread = [...views.values()].reduce((n, v) => n + v.unread, 0);
  useEffect(() => {
    const n = offers.length + unread;
    document.title = n ? `(${n}) Parley workspace` : 'Parley workspace';
  }, [offers.length, unread]);

  const accept = async (id: string) => {
    const creds = await api.accept(id);
    chats.accepted(creds);
    setSelected(id);
  };
  const setStatus = async (statusId: string) => events.apply(await api.setStatus(statusId));
  const logout = async () => {
    await api.logout().catch(() => undefined);
    onLoggedOut(null);
  };
  const seen = useCallback(() => currentId && chats.markSeen(currentId), [chats, currentId]);

  const name = snapshot ? `${snapshot.User.FirstName} ${snapshot.User.LastName}`.trim() || snapshot.User.Username : session.username;
  return (
    <div className="app">
      <header className="topbar">
        <strong className="brand">Parley</strong>
        <span className="who">{name}</span>
        <StatusPicker snapshot={snapshot} directory={directory} onChange={setStatus} />
        {snapshot && (
          <span className="slots muted">
            Chats {contacts.filter((c) => c.Channel === 'CHAT').length}/{snapshot.RoutingProfile.Concurrency.find((c) => c.Channel === 'CHAT')?.MaximumSlots ?? 0}
          </span>
        )}
        <span className="spacer" />
        <span className={`conn conn-${status}`} role="status" aria-label={`Connection: ${SOCKET_LABEL[status]}`}>
          {SOCKET_LABEL[status]}
        </span>
        <button type="button" className="secondary" onClick={() => void logout()}>
          Log out
        </button>
      </header>
      <OfferPanel offers={offers} skewMs={skewMs} onAccept={accept} onReject={(id) => api.reject(id)} />
      <main className="main">
        {tabs.length === 0 ? (
          <p className="empty">{snapshot?.AgentStatus.Type === 'ROUTABLE' ? 'Waiting for chats…' : 'Set your status to Available to get chats.'}</p>
        ) : (
          <>
            <ContactTabs contacts={tabs} views={views} selected={currentId} onSelect={setSelected} />
            {current && (
              <ChatPanel
                key={current.ContactId}
                contact={current}
                view={views.get(current.ContactId)}
                session={chats.session(current.ContactId)}
                directory={directory}
                draft={drafts[current.ContactId] ?? ''}
                setDraft={(s) => setDrafts((d) => ({ ...d, [current.ContactId]: s }))}
                seen={seen}
                onEnd={() => api.end(current.ContactId)}
                onClear={() => api.clear(current.ContactId)}
                onTransfer={(t: TransferTarget) => api.transfer(current.ContactId, t)}
                loadHistory={() => api.history(current.ContactId)}
              />
            )}
          </>
        )}
      </main>
    </div>
  );
}
