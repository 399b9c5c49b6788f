import { ChatSession } from '../client/chat-session';
import { ParticipantApiError } from '../client/participant-api';
import { CONTENT_TYPES, type ChatItem, type PendingMessage, type SessionStatus } from '../client/types';
import type { WidgetOptions } from './options';
import { loadChat, resumeLink, saveChat, storageKey, takeResumeLink, type StoredChat } from './storage';
import { startChat, StartError } from './start-chat';

export type Phase = 'prechat' | 'starting' | 'chat' | 'ended';

export interface WidgetState {
  phase: Phase;
  status: SessionStatus | null;
  items: readonly ChatItem[];
  pending: readonly PendingMessage[];
  /** Who is typing (another participant), if anyone. */
  typing: string | null;
  unread: number;
  error: string | null;
  me: string | null;
  /** The last pre-chat values, to fill the form again for the next chat. */
  values: Record<string, string>;
}

const TYPING_SHOWN_MS = 7000;

/**
 * The widget's behaviour without its looks: which chat this browser has, starting one (after an
 * ended one, as its continuation), reconnecting after a reload, receipts, typing, unread count.
 */
export class WidgetController {
  state: WidgetState = { phase: 'prechat', status: null, items: [], pending: [], typing: null, unread: 0, error: null, me: null, values: {} };
  private session: ChatSession | null = null;
  private stored: (StoredChat & { values?: Record<string, string> }) | null = null;
  private readonly key: string;
  private readonly listeners = new Set<() => void>();
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private isOpen = false;
  /** This page was opened from a resume link: the panel opens on the chat. */
  resumed = false;

  constructor(readonly opts: WidgetOptions) {
    this.key = storageKey(opts.server, opts.instanceId);
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Picks up a resume link or the stored chat, and reconnects to a chat that is still going. */
  init(): void {
    // Messages that arrived while the tab was hidden are read when it shows again.
    document.addEventListener('visibilitychange', () => this.receipts());
    const resumed = takeResumeLink(this.opts.instanceId);
    this.resumed = !!resumed;
    if (resumed) saveChat(this.key, resumed);
    this.stored = loadChat(this.key);
    this.set({ values: this.stored?.values ?? {} });
    if (this.stored && !this.stored.ended) void this.connect(this.stored);
    else if (this.stored?.ended) this.set({ phase: 'ended' });
  }

  /** Starts a chat; after an ended one it continues that chat's history (persistent chat). */
  async start(values: Record<string, string>): Promise<void> {
    this.set({ phase: 'starting', error: null, values });
    const previous = this.stored?.ended ? this.stored : null;
    try {
      const started = await startChat(this.opts, values, previous);
      this.stored = { token: started.ParticipantToken, contactId: started.ContactId, participantId: started.ParticipantId, values };
      saveChat(this.key, this.stored);
      await this.connect(this.stored);
    } catch (e) {
      this.set({ phase: previous ? 'ended' : 'prechat', error: e instanceof StartError ? e.message : String(e) });
    }
  }

  private async connect(chat: StoredChat): Promise<void> {
    this.session?.close();
    this.set({ phase: 'chat', status: 'connecting', me: chat.participantId, items: [], pending: [] });
    try {
      this.session = await ChatSession.connect({
        baseUrl: this.opts.server,
        participantToken: chat.token,
        participantId: chat.participantId,
        onChange: (items, status) => this.onChange(items, status),
        onEvent: (item) => this.onEvent(item),
      });
      this.onChange(this.session.items, this.session.status);
    } catch (e) {
      // 403: the chat ended while this browser was away.
      if (e instanceof ParticipantApiError && e.status === 403) this.ended();
      else this.set({ phase: 'prechat', error: String(e) });
    }
  }

  private onChange(items: readonly ChatItem[], status: SessionStatus): void {
    const before = new Set(this.state.items.map((i) => i.Id));
    const fresh = items.filter((i) => !before.has(i.Id) && i.Type === 'MESSAGE' && i.ParticipantId !== this.state.me && !i.RelatedContactId);
    const typing = fresh.length ? null : this.state.typing;
    this.set({ items, status, pending: this.session?.pending ?? [], typing, unread: this.isOpen ? 0 : this.state.unread + fresh.length });
    this.receipts();
    if (status === 'ended') this.ended();
  }

  private onEvent(item: ChatItem): void {
    if (item.ContentType !== CONTENT_TYPES.typing || item.ParticipantId === this.state.me) return;
    clearTimeout(this.typingTimer);
    this.set({ typing: item.DisplayName ?? '' });
    this.typingTimer = setTimeout(() => this.set({ typing: null }), TYPING_SHOWN_MS);
  }

  private ended(): void {
    if (this.stored && !this.stored.ended) {
      this.stored = { ...this.stored, ended: true };
      saveChat(this.key, this.stored);
    }
    this.set({ phase: 'ended', typing: null });
  }

  /** The panel opened or closed: read receipts are only for what the customer could see. */
  setOpen(open: boolean): void {
    this.isOpen = open;
    if (open) this.set({ unread: 0 });
    this.receipts();
  }

  private receipts(): void {
    const s = this.session;
    if (!s || s.status !== 'connected') return;
    const seen = this.isOpen && document.visibilityState === 'visible';
    const theirs = s.items.filter((i) => (i.Type === 'MESSAGE' || i.Type === 'ATTACHMENT') && !i.RelatedContactId && i.ParticipantId !== this.state.me && i.ParticipantRole !== 'SYSTEM');
    // Only the latest ones, and not those the transcript says were receipted already: a reload
    // of a long chat must not send a receipt for every message again (SendEvent is throttled).
    for (const i of theirs.slice(-20)) {
      const had = i.MessageMetadata?.Receipts?.find((r) => r.RecipientParticipantId === this.state.me);
      if (had?.ReadTimestamp || (!seen && had?.DeliveredTimestamp)) continue;
      void s.sendReceipt(i.Id, seen ? 'read' : 'delivered');
    }
  }

  send(text: string): void {
    if (!this.session || !text.trim()) return;
    this.session.sendMessage(text).catch(() => this.set({ pending: this.session?.pending ?? [] }));
  }

  /** A reply to an interactive message: plain text, so that markup in an option stays literal. */
  reply(text: string): void {
    this.session?.sendMessage(text, 'text/plain').catch(() => undefined);
  }

  async sendFile(file: File): Promise<void> {
    if (!this.session) return;
    try {
      await this.session.sendAttachment(file);
    } catch (e) {
      this.set({ error: e instanceof Error ? e.message : String(e) });
    }
  }

  typed(): void {
    this.session?.sendTyping();
  }

  dismiss(clientToken: string): void {
    this.session?.dismiss(clientToken);
  }

  attachmentUrl(id: string): Promise<string> {
    return this.session ? this.session.attachmentUrl(id) : Promise.reject(new Error('not connected'));
  }

  async end(): Promise<void> {
    await this.session?.disconnect().catch(() => undefined);
    this.ended();
  }

  resumeLink(): string | null {
    return this.stored && !this.stored.ended ? resumeLink(this.stored, this.opts.instanceId) : null;
  }

  clearError(): void {
    this.set({ error: null });
  }

  private set(patch: Partial<WidgetState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}
