import { ChatSession, CONTENT_TYPES, type ChatItem, type PendingMessage, type SessionStatus } from '../client';
import type { AgentApi } from './api';
import { loadTranscript, saveTranscript } from './session-store';
import { EchoMatcher } from './pending-echo';
import { isEarlier, readBy } from './transcript-model';
import type { AgentContact, ParticipantCredentials } from './types';

/** A chat tab's live state. `status` is the client's, or 'closed' once the agent's part ended. */
export interface ChatView {
  contactId: string;
  participantId: string | null;
  items: readonly ChatItem[];
  /** The agent's messages on their way (shown greyed out), or refused for good (`failed`). */
  pending: readonly PendingMessage[];
  status: SessionStatus | 'closed';
  /** When (this browser's ms) the other side last sent a typing event, or 0; a message from it resets it. */
  typingAt: number;
  typingName: string;
  /** Customer messages that arrived since the agent last looked at this tab. */
  unread: number;
  error: string | null;
}

interface Entry {
  view: ChatView;
  session: ChatSession | null;
  connecting: boolean;
  retry?: ReturnType<typeof setTimeout>;
  attempt: number;
}

/** A typing event older than this (server time) is history, not news. */
const TYPING_FRESH_MS = 10_000;

/**
 * Whether a socket item says the customer is typing now. A participant's first socket replays
 * the chat from its start, typing events included (and those of earlier agents after a
 * transfer): only the customer's, and only recent ones, count.
 */
function isFreshTyping(item: ChatItem, serverNow: number): boolean {
  return item.ContentType === CONTENT_TYPES.typing && item.ParticipantRole === 'CUSTOMER' && Date.parse(item.AbsoluteTime) >= serverNow - TYPING_FRESH_MS;
}

const RETRY_MS = [1000, 2000, 4000, 8000, 15000];
/** A reload restores this much of an ended chat's transcript from the tab's storage. */
const CACHED_ITEMS = 500;

/**
 * One chat client session per connected contact, driven by the agent's snapshot: a contact that
 * is CONNECTED gets a session (with the credentials accepting returned, or after a reload those of
 * GET …/participant), one whose part ended keeps its transcript without a socket, one that left
 * the snapshot (cleared) is forgotten. Transcripts are kept in the tab's storage so that a reload
 * in after-contact work still shows them.
 */
export class ChatManager {
  private readonly entries = new Map<string, Entry>();
  private views: ReadonlyMap<string, ChatView> = new Map();
  private readonly listeners = new Set<() => void>();
  private selected: string | null = null;

  constructor(
    private readonly api: AgentApi,
    private readonly onIncoming: (contactId: string, item: ChatItem) => void,
    /** The server's clock (Date.now() corrected by the event socket's skew). */
    private readonly serverNow: () => number = Date.now,
  ) {}

  getViews = (): ReadonlyMap<string, ChatView> => this.views;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The live session of a contact, when connected. */
  session(contactId: string): ChatSession | null {
    return this.entries.get(contactId)?.session ?? null;
  }

  /** The tab the agent looks at: its messages are not unread. */
  select(contactId: string | null): void {
    this.selected = contactId;
    const e = contactId ? this.entries.get(contactId) : undefined;
    if (e && e.view.unread) this.update(e, { unread: 0 });
  }

  /**
   * Sends a read receipt for every message of the other side the agent has now seen (the tab is
   * shown) and not yet receipted: once per message, also across reloads.
   */
  markSeen(contactId: string): void {
    const e = this.entries.get(contactId);
    if (!e?.session || e.session.status !== 'connected') return;
    const me = e.view.participantId;
    for (const i of e.view.items) {
      // Earlier sessions' messages were read back then.
      if ((i.Type !== 'MESSAGE' && i.Type !== 'ATTACHMENT') || i.ParticipantId === me || i.ParticipantRole === 'SYSTEM' || isEarlier(i)) continue;
      // The client sends each receipt once per page; the transcript says what an earlier page sent.
      if (!readBy(i, me)) void e.session.sendReceipt(i.Id, 'read');
    }
  }

  /** Follows a snapshot's contacts (see the class comment). */
  sync(contacts: readonly AgentContact[]): void {
    const present = new Set(contacts.map((c) => c.ContactId));
    for (const [id, e] of this.entries) if (!present.has(id)) this.forget(id, e);
    for (const c of contacts) {
      if (c.State === 'CONNECTING') continue;
      const e = this.entry(c.ContactId, c.ParticipantId);
      if (c.State === 'CONNECTED') {
        if (!e.session && !e.connecting) void this.start(e);
      } else if (e.session || e.connecting || e.view.status !== 'closed') {
        this.stop(e);
      }
    }
  }

  /** Connects a contact just accepted, with the credentials the accept returned. */
  accepted(creds: ParticipantCredentials): void {
    const e = this.entry(creds.ContactId, creds.ParticipantId);
    if (!e.session && !e.connecting) void this.start(e, creds);
  }

  /** Closes every socket; the agent stays in its chats (logout, page teardown). */
  closeAll(): void {
    for (const e of this.entries.values()) {
      clearTimeout(e.retry);
      e.connecting = false;
      e.session?.close();
      e.session = null;
    }
  }

  private entry(contactId: string, participantId: string | null): Entry {
    let e = this.entries.get(contactId);
    if (!e) {
      const items = loadTranscript<ChatItem>(contactId) ?? [];
      e = { view: { contactId, participantId, items, pending: [], status: 'closed', typingAt: 0, typingName: '', unread: 0, error: null }, session: null, connecting: false, attempt: 0 };
      this.entries.set(contactId, e);
      this.publish();
    }
    if (participantId && e.view.participantId !== participantId) this.update(e, { participantId });
    return e;
  }

  private async start(e: Entry, given?: ParticipantCredentials): Promise<void> {
    const id = e.view.contactId;
    e.connecting = true;
    clearTimeout(e.retry);
    this.update(e, { status: 'connecting', error: null });
    try {
      const creds = given ?? (await this.api.participant(id));
      if (this.entries.get(id) !== e || !e.connecting) return;
      this.update(e, { participantId: creds.ParticipantId });
      let known = new Set(e.view.items.map((i) => i.Id));
      const mine = (i: ChatItem) => i.ParticipantId === creds.ParticipantId;
      const echoes = new EchoMatcher();
      const visiblePending = (items: readonly ChatItem[]) => echoes.visible(e.session?.pending ?? [], items, creds.ParticipantId);
      const live = () => this.entries.get(id) === e && (e.connecting || e.session !== null);
      const session = await ChatSession.connect({
        baseUrl: this.api.baseUrl,
        participantToken: creds.ParticipantToken,
        participantId: creds.ParticipantId,
        onEvent: (item) => {
          if (live() && isFreshTyping(item, this.serverNow())) this.update(e, { typingAt: Date.now(), typingName: item.DisplayName ?? '' });
        },
        onChange: (items, status) => {
          if (!live()) return;
          const fresh = items.filter((i) => !known.has(i.Id));
          known = new Set(items.map((i) => i.Id));
          // What the first load brings is history, not news (no tone, not unread).
          const incoming = e.session ? fresh.filter((i) => (i.Type === 'MESSAGE' || i.Type === 'ATTACHMENT') && !mine(i)) : [];
          for (const i of incoming) this.onIncoming(id, i);
          const unread = this.selected === id && document.visibilityState === 'visible' ? 0 : e.view.unread + incoming.length;
          // Whoever just wrote has stopped typing.
          const typingAt = incoming.length ? 0 : e.view.typingAt;
          this.update(e, { items, pending: visiblePending(items), status, unread, typingAt });
          saveTranscript(id, items.slice(-CACHED_ITEMS));
        },
      });
      if (this.entries.get(id) !== e || !e.connecting) return session.close();
      e.session = session;
      e.attempt = 0;
      this.update(e, { items: session.items, pending: visiblePending(session.items), status: session.status });
    } catch (err) {
      if (this.entries.get(id) !== e || !e.connecting) return;
      // The network may be down (a reload while offline): try again, the snapshot still says CONNECTED.
      this.update(e, { status: 'reconnecting', error: (err as Error).message });
      e.retry = setTimeout(() => {
        e.connecting = false;
        void this.start(e);
      }, RETRY_MS[Math.min(e.attempt++, RETRY_MS.length - 1)]);
      return;
    }
    e.connecting = false;
  }

  private stop(e: Entry): void {
    clearTimeout(e.retry);
    e.connecting = false;
    e.session?.close();
    e.session = null;
    this.update(e, { status: 'closed' });
  }

  private forget(id: string, e: Entry): void {
    this.stop(e);
    this.entries.delete(id);
    saveTranscript(id, null);
    this.publish();
  }

  private update(e: Entry, patch: Partial<ChatView>): void {
    e.view = { ...e.view, ...patch };
    this.publish();
  }

  private publish(): void {
    this.views = new Map([...this.entries].map(([id, e]) => [id, e.view]));
    for (const l of this.listeners) l();
  }
}
