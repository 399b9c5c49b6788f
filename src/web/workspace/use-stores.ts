import { useEffect, useState, useSyncExternalStore } from 'react';
import { AgentEvents, type EventsState } from './agent-events';
import { AgentApi } from './api';
import { ChatManager, type ChatView } from './chat-manager';
import type { ChatItem } from '../client';

/** The workspace's long-lived parts for one session: API client, event socket, chat sessions. */
export interface Core {
  api: AgentApi;
  events: AgentEvents;
  chats: ChatManager;
}

/**
 * Makes the core once per session and runs it while mounted: the event socket opens, and every
 * snapshot drives the chat sessions. Unmounting closes the sockets (the agent stays in its chats).
 */
export function useCore(baseUrl: string, token: string, onIncoming: (contactId: string, item: ChatItem) => void): Core {
  // The latest callback, read when an item arrives (the core outlives renders).
  const [incoming] = useState(() => ({ current: onIncoming }));
  incoming.current = onIncoming;
  const [core] = useState<Core>(() => {
    const api = new AgentApi(baseUrl, token);
    const events = new AgentEvents(api.eventsUrl(), token);
    const serverNow = () => Date.now() + events.getState().skewMs;
    return { api, events, chats: new ChatManager(api, (id, item) => incoming.current(id, item), serverNow) };
  });
  useEffect(() => {
    core.events.start();
    const off = core.events.subscribe(() => {
      const s = core.events.getState().snapshot;
      if (s) core.chats.sync(s.Contacts);
    });
    return () => {
      off();
      core.events.close();
      core.chats.closeAll();
    };
  }, [core]);
  return core;
}

export const useEvents = (core: Core): EventsState => useSyncExternalStore(core.events.subscribe, core.events.getState);
export const useChats = (core: Core): ReadonlyMap<string, ChatView> => useSyncExternalStore(core.chats.subscribe, core.chats.getViews);

/** Re-renders every `ms` while `on` (countdowns, typing indicators). */
export function useTick(ms: number, on = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms, on]);
  return now;
}
