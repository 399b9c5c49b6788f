import { ChatSocket } from './chat-socket';
import { backoffDelay, ParticipantApiError, participantCall, randomToken } from './participant-api';
import { Outbox } from './outbox';
import { isChatEnded, Transcript } from './transcript';
import { CONTENT_TYPES, type ChatItem, type ConnectOptions, type PendingMessage, type SessionStatus } from './types';

interface ConnectionAnswer {
  Websocket?: { Url: string; ConnectionExpiry: string };
  ConnectionCredentials?: { ConnectionToken: string; Expiry: string };
}
interface TranscriptPage {
  InitialContactId?: string;
  Transcript?: ChatItem[];
  NextToken?: string;
}

const PAGE = 100;
/** Refresh the connection token this long before it expires (chatjs: 60 s). */
const REFRESH_BEFORE_MS = 60_000;
const MAX_TIMEOUT = 2 ** 31 - 1;

/**
 * One participant's live chat: the participant API and the chat WebSocket, for a customer, an
 * agent or a bot. The socket is only a hint that something new exists: on every (re)connect
 * the gap is filled from GetTranscript, from the last item known to be complete, so nothing is
 * missed and nothing is shown twice. It reconnects with backoff, at once when the browser comes
 * back online or the page becomes visible, and detects half-open sockets by heartbeat.
 */
export class ChatSession {
  private readonly transcript = new Transcript();
  private readonly outbox: Outbox;
  private socket: ChatSocket | null = null;
  private token: string | null = null;
  private statusValue: SessionStatus = 'connecting';
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** The newest current-session item up to which the transcript is known to have no gap. */
  private syncedThrough: string | null = null;
  /** True while the open socket continues a gap-free transcript: its items advance syncedThrough. */
  private contiguous = false;
  private closed = false;
  private connecting = false;
  private leaving: (() => void) | null = null;
  private lastTyping = 0;
  private readonly receipts = new Map<string, 'delivered' | 'read'>();
  private readonly unlisten: (() => void)[] = [];
  /** The chain's first contact id (GetTranscript's InitialContactId). */
  initialContactId: string | null = null;
  participantId: string | null;

  private constructor(private readonly opts: ConnectOptions) {
    this.participantId = opts.participantId ?? null;
    this.outbox = new Outbox((path, body) => this.call(path, body), () => this.emit());
  }

  /**
   * Connects (CreateParticipantConnection, transcript, socket). Rejects when the token is refused
   * (403: the chat ended or the participant left) or the request is invalid; a network failure
   * does not reject: the session answers with status 'reconnecting' and keeps trying.
   */
  static async connect(opts: ConnectOptions): Promise<ChatSession> {
    const s = new ChatSession(opts);
    try {
      await s.connectOnce();
    } catch (e) {
      if (e instanceof ParticipantApiError && !e.retryable) {
        s.shutdown();
        throw e;
      }
      s.scheduleReconnect();
    }
    s.listen();
    return s;
  }

  /** The transcript: ordered, each item once; receipts folded into their messages. */
  get items(): readonly ChatItem[] {
    return this.transcript.items;
  }

  get status(): SessionStatus {
    return this.statusValue;
  }

  /** Messages sent and not yet in `items` (shown greyed out by a UI), oldest first. */
  get pending(): readonly PendingMessage[] {
    return this.outbox.pending.filter((p) => !p.id || !this.transcript.has(p.id));
  }

  /**
   * Sends a message (default text/markdown; falls back to text/plain when the chat does not
   * support markdown). Sends keep their order; a network failure is retried with the same
   * ClientToken until the server has it, so a message is never lost nor posted twice.
   */
  sendMessage(content: string, contentType = 'text/markdown'): Promise<{ Id: string; AbsoluteTime: string }> {
    return this.outbox.send(content, contentType, (id) => {
      // The echo tells us who we are when the caller did not.
      const echo = this.transcript.get(id);
      if (echo && !this.participantId) this.participantId = echo.ParticipantId ?? null;
    });
  }

  /** Drops a message that failed for good from `pending`. */
  dismiss(clientToken: string): void {
    this.outbox.dismiss(clientToken);
  }

  /** SendEvent as it is (typing, receipts). */
  sendEvent(contentType: string, content?: string): Promise<{ Id: string; AbsoluteTime: string }> {
    return this.call('/participant/event', { ContentType: contentType, ...(content !== undefined ? { Content: content } : {}), ClientToken: randomToken() });
  }

  /** A typing event, at most one per 5 s, dropped when it fails (typing is a hint). */
  sendTyping(): void {
    const now = Date.now();
    if (now - this.lastTyping < 5000 || this.statusValue !== 'connected') return;
    this.lastTyping = now;
    this.sendEvent(CONTENT_TYPES.typing).catch(() => (this.lastTyping = 0));
  }

  /**
   * A delivered or read receipt for someone else's message, each at most once; a read makes a
   * later delivered pointless. Failures are dropped: a receipt is not worth a retry storm.
   */
  async sendReceipt(messageId: string, kind: 'delivered' | 'read'): Promise<void> {
    const had = this.receipts.get(messageId);
    if (had === 'read' || had === kind) return;
    const item = this.transcript.get(messageId);
    if (item && this.participantId && item.ParticipantId === this.participantId) return;
    this.receipts.set(messageId, kind);
    const type = kind === 'read' ? CONTENT_TYPES.read : CONTENT_TYPES.delivered;
    await this.sendEvent(type, JSON.stringify({ messageId })).catch(() => {
      if (this.receipts.get(messageId) === kind) this.receipts.delete(messageId);
    });
  }

  /** Uploads a file (StartAttachmentUpload, PUT, CompleteAttachmentUpload); answers the AttachmentId. */
  async sendAttachment(file: Blob, name = (file as File).name || 'attachment'): Promise<string> {
    const type = file.type || 'application/octet-stream';
    const start = await this.call<{ AttachmentId: string; UploadMetadata: { Url: string; HeadersToInclude?: Record<string, string> } }>(
      '/participant/start-attachment-upload',
      { ContentType: type, AttachmentSizeInBytes: file.size, AttachmentName: name, ClientToken: randomToken() },
    );
    let res: Response;
    try {
      res = await fetch(start.UploadMetadata.Url, { method: 'PUT', headers: start.UploadMetadata.HeadersToInclude ?? {}, body: file });
    } catch (e) {
      throw new ParticipantApiError(0, 'NetworkError', e instanceof Error ? e.message : String(e));
    }
    if (!res.ok) throw new ParticipantApiError(res.status, 'UploadFailed', (await res.text().catch(() => '')) || res.statusText);
    await this.call('/participant/complete-attachment-upload', { AttachmentIds: [start.AttachmentId], ClientToken: randomToken() });
    return start.AttachmentId;
  }

  /** A short-lived download URL for an attachment of this chat (GetAttachment). */
  async attachmentUrl(attachmentId: string): Promise<string> {
    const r = await this.call<{ Url: string }>('/participant/attachment', { AttachmentId: attachmentId, UrlExpiryInSeconds: 300 });
    return r.Url;
  }

  /** DescribeView, for interactive ViewResource messages. */
  describeView(viewToken: string): Promise<unknown> {
    return this.call(`/participant/views/${encodeURIComponent(viewToken)}`, undefined, 'GET');
  }

  /**
   * Leaves the chat (DisconnectParticipant). Resolves once the server's participant.left /
   * chat.ended has arrived (so it is in `items`), or after 5 s at the latest.
   */
  async disconnect(): Promise<void> {
    if (this.statusValue === 'ended') return;
    const done = new Promise<void>((resolve) => (this.leaving = resolve));
    try {
      await this.call('/participant/disconnect', { ClientToken: randomToken() });
    } catch (e) {
      if (!(e instanceof ParticipantApiError && e.status === 403)) {
        this.leaving = null;
        throw e;
      }
      this.markEnded();
    }
    await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
    this.markEnded();
  }

  /** Closes the socket and stops all activity; the participant stays in the chat (a reload reconnects). */
  close(): void {
    this.closed = true;
    this.shutdown();
  }

  // ---- connection ----

  private async connectOnce(): Promise<void> {
    if (this.over() || this.connecting) return;
    this.connecting = true;
    try {
      const conn = await participantCall<ConnectionAnswer>(this.opts.baseUrl, '/participant/connection', this.opts.participantToken, {
        Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'],
        ConnectParticipant: true,
      });
      this.adoptToken(conn);
      await this.fill();
      if (this.over()) return;
      await this.openSocket(conn.Websocket!.Url);
    } finally {
      this.connecting = false;
    }
  }

  private openSocket(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      let open = false;
      const sock = new ChatSocket(url, {
        onOpen: () => {
          if (open) return;
          open = true;
          this.attempt = 0;
          this.contiguous = true;
          this.setStatus('connected');
          resolve();
        },
        onItem: (item) => this.onSocketItem(item),
        onClose: () => {
          if (this.socket === sock) this.socket = null;
          this.contiguous = false;
          if (!open) reject(new ParticipantApiError(0, 'NetworkError', 'the chat socket closed before it was ready'));
          else this.scheduleReconnect();
        },
      });
      this.socket = sock;
    });
  }

  /**
   * Fills the transcript: the first time the newest `historyLimit` items (past sessions of a
   * persistent chat included), afterwards everything after the last gap-free item, plus the
   * newest page again so that receipts given while away show up.
   */
  private async fill(): Promise<void> {
    const from = this.syncedThrough;
    if (!from) {
      const pages: ChatItem[][] = [];
      let next: string | undefined;
      let count = 0;
      do {
        const page = await this.transcriptPage({ ScanDirection: 'BACKWARD', ...(next ? { NextToken: next } : {}) });
        pages.unshift(page.Transcript ?? []);
        count += page.Transcript?.length ?? 0;
        next = page.NextToken;
      } while (next && count < (this.opts.historyLimit ?? 500));
      this.merge(pages.flat());
    } else {
      let next: string | undefined;
      do {
        const page = await this.transcriptPage({ ScanDirection: 'FORWARD', ...(next ? { NextToken: next } : { StartPosition: { Id: from } }) });
        this.merge(page.Transcript ?? []);
        next = page.NextToken;
      } while (next);
      this.merge((await this.transcriptPage({ ScanDirection: 'BACKWARD', MaxResults: 30 })).Transcript ?? []);
    }
    this.syncedThrough = this.transcript.lastCurrent()?.Id ?? null;
  }

  private async transcriptPage(body: Record<string, unknown>): Promise<TranscriptPage> {
    const page = await this.call<TranscriptPage>('/participant/transcript', { MaxResults: PAGE, SortOrder: 'ASCENDING', ...body });
    if (page.InitialContactId) this.initialContactId = page.InitialContactId;
    return page;
  }

  private onSocketItem(item: ChatItem): void {
    this.opts.onEvent?.(item);
    this.merge([item]);
    if (this.contiguous && !item.RelatedContactId && this.transcript.has(item.Id)) this.syncedThrough = this.transcript.lastCurrent()?.Id ?? this.syncedThrough;
    const mine = this.participantId !== null && item.ParticipantId === this.participantId;
    if (isChatEnded(item) || (item.ContentType === CONTENT_TYPES.left && mine)) this.markEnded();
  }

  private merge(batch: ChatItem[]): void {
    if (!this.transcript.merge(batch)) return;
    this.outbox.prune((id) => this.transcript.has(id));
    this.emit();
  }

  private adoptToken(conn: ConnectionAnswer): void {
    const cred = conn.ConnectionCredentials;
    if (!cred) return;
    this.token = cred.ConnectionToken;
    this.outbox.ready();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const delay = Date.parse(cred.Expiry) - Date.now() - REFRESH_BEFORE_MS;
    // A missing or near expiry must not make a tight loop (chatjs' hazard, spec §5.5).
    this.refreshTimer = setTimeout(() => void this.refreshToken(), Math.min(MAX_TIMEOUT, Number.isFinite(delay) ? Math.max(delay, 30_000) : 30_000));
  }

  private async refreshToken(): Promise<void> {
    try {
      this.adoptToken(await participantCall<ConnectionAnswer>(this.opts.baseUrl, '/participant/connection', this.opts.participantToken, { Type: ['CONNECTION_CREDENTIALS'] }));
    } catch (e) {
      if (e instanceof ParticipantApiError && e.status === 403) this.markEnded();
      else this.refreshTimer = setTimeout(() => void this.refreshToken(), 30_000);
    }
  }

  private scheduleReconnect(delay = backoffDelay(this.attempt++)): void {
    if (this.over()) return;
    this.setStatus('reconnecting');
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connectOnce().catch((e) => {
        if (e instanceof ParticipantApiError && e.status === 403) this.markEnded();
        else this.scheduleReconnect();
      });
    }, delay);
  }

  /** Online again, or visible again: reconnect now rather than at the next backoff step. */
  private wake(): void {
    this.outbox.wake();
    if (this.socket) this.socket.probe();
    else if (this.retryTimer) this.scheduleReconnect(0);
    // An attempt under way may have started while offline: should it fail, the next comes soon.
    else if (this.connecting) this.attempt = 0;
  }

  private listen(): void {
    if (typeof window === 'undefined') return;
    const online = () => this.wake();
    const visible = () => document.visibilityState === 'visible' && this.wake();
    window.addEventListener('online', online);
    document.addEventListener('visibilitychange', visible);
    this.unlisten.push(() => window.removeEventListener('online', online), () => document.removeEventListener('visibilitychange', visible));
  }

  private call<T>(path: string, body?: unknown, method = 'POST'): Promise<T> {
    if (!this.token) return Promise.reject(new ParticipantApiError(0, 'NotConnected', 'the session has no connection yet'));
    return participantCall<T>(this.opts.baseUrl, path, this.token, body, method);
  }

  private over(): boolean {
    return this.closed || this.statusValue === 'ended';
  }

  private markEnded(): void {
    if (this.statusValue === 'ended') return;
    this.shutdown();
    this.outbox.fail('The chat has ended');
    this.setStatus('ended');
    this.leaving?.();
  }

  private shutdown(): void {
    this.socket?.close();
    this.socket = null;
    for (const t of [this.retryTimer, this.refreshTimer]) if (t) clearTimeout(t);
    this.retryTimer = this.refreshTimer = null;
    for (const u of this.unlisten.splice(0)) u();
  }

  private setStatus(s: SessionStatus): void {
    if (this.statusValue === s) return;
    this.statusValue = s;
    this.emit();
  }

  private emit(): void {
    if (!this.closed) this.opts.onChange?.(this.transcript.items, this.statusValue);
  }
}
