import type { AgentEvent, AgentSnapshot } from './types';

/** The server closes the socket with this code when the session ended: log in again, do not reconnect. */
const CLOSE_SESSION_ENDED = 4001;
const PROTOCOL = 'parley.agent.v1';
/** No frame for this long (the server beats every 60 s) means a half-open socket: reconnect. */
const SILENCE_MS = 75_000;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];

export type EventsStatus = 'connecting' | 'open' | 'reconnecting' | 'session-ended';

export interface EventsState {
  status: EventsStatus;
  snapshot: AgentSnapshot | null;
  /** Server clock minus this browser's, from the last frame: countdowns use the server's time. */
  skewMs: number;
}

/**
 * The agent event socket, kept open: reconnects with backoff after a drop, at once when the
 * browser comes back online or the tab becomes visible, and after a silence longer than the
 * server's heartbeat. Every frame carries the whole snapshot, so after a reconnect the LOGIN
 * frame is the whole truth and nothing needs replaying. Stops for good when the session ended.
 */
export class AgentEvents {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  private state: EventsState = { status: 'connecting', snapshot: null, skewMs: 0 };
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  /** Opens the socket and keeps it open until close(); may be called again after close(). */
  start(): void {
    this.stopped = false;
    window.addEventListener('online', this.wake);
    document.addEventListener('visibilitychange', this.wake);
    this.open();
  }

  /** For useSyncExternalStore: a new object whenever anything changed. */
  getState = (): EventsState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Takes a snapshot from an HTTP answer while the socket is down. While it is open the socket's
   * frames rule: an HTTP answer may arrive after a newer frame (an offer) and would hide it.
   */
  apply(snapshot: AgentSnapshot): void {
    if (this.state.status !== 'open') this.set({ snapshot });
  }

  close(): void {
    this.stopped = true;
    window.removeEventListener('online', this.wake);
    document.removeEventListener('visibilitychange', this.wake);
    clearTimeout(this.retryTimer);
    clearTimeout(this.silenceTimer);
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000);
  }

  private set(patch: Partial<EventsState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private open(): void {
    if (this.stopped) return;
    const ws = new WebSocket(this.url, [PROTOCOL, this.token]);
    this.ws = ws;
    ws.onmessage = (m) => {
      if (this.ws !== ws) return;
      const e = JSON.parse(String(m.data)) as AgentEvent;
      this.attempt = 0;
      this.watchSilence(ws);
      const skewMs = Date.parse(e.EventTimestamp) - Date.now();
      this.set({ status: 'open', snapshot: e.CurrentAgentSnapshot, skewMs: Number.isFinite(skewMs) ? skewMs : 0 });
    };
    ws.onclose = (e) => this.lost(ws, e.code);
  }

  /** The socket is gone (closed, or silent too long): reconnect after a backoff unless the session ended. */
  private lost(ws: WebSocket, code: number): void {
    if (this.ws !== ws) return;
    this.ws = null;
    clearTimeout(this.silenceTimer);
    if (this.stopped) return;
    if (code === CLOSE_SESSION_ENDED) return this.set({ status: 'session-ended' });
    this.set({ status: 'reconnecting' });
    this.retryTimer = setTimeout(() => this.open(), BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)]);
    // A refused upgrade (403: the session is gone) looks like any failed connection (1006): the
    // owner checks the session over HTTP.
    this.onRetry?.(this.attempt);
  }

  /** Called before each reconnect with the attempt number: lets the owner check the session over HTTP. */
  onRetry: ((attempt: number) => void) | null = null;

  /** Marks the session as ended (the owner found out over HTTP). */
  sessionEnded(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.set({ status: 'session-ended' });
  }

  private watchSilence(ws: WebSocket): void {
    clearTimeout(this.silenceTimer);
    // A half-open socket may take minutes to report its close: give up on it at once.
    this.silenceTimer = setTimeout(() => {
      this.lost(ws, 1006);
      ws.close();
    }, SILENCE_MS);
  }

  /** Back online or visible again: a pending reconnect happens now rather than after its backoff. */
  private wake = (): void => {
    if (this.stopped || this.ws || document.visibilityState === 'hidden') return;
    clearTimeout(this.retryTimer);
    this.open();
  };
}
