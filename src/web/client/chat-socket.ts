import type { ChatItem } from './types';

/** chatjs' heartbeat period (spec §5.2): a heartbeat unanswered by the next one means the socket is dead. */
export const HEARTBEAT_MS = 10_000;

export interface SocketHandlers {
  /** The subscription was acknowledged: items flow from now on. */
  onOpen(): void;
  onItem(item: ChatItem): void;
  /** The socket is gone (closed, failed, or found half-open); `code` is the close code when there was one. */
  onClose(code: number): void;
}

/**
 * One participant WebSocket speaking the Connect protocol: subscribes to aws/chat, heartbeats
 * every 10 s and treats a missing answer as a dead connection, which a socket that only looks
 * open (a phone that slept, one-way packet loss) would otherwise never report.
 */
export class ChatSocket {
  private ws: WebSocket;
  private timer: ReturnType<typeof setInterval> | null = null;
  private answered = true;
  private done = false;

  constructor(url: string, private readonly h: SocketHandlers) {
    this.ws = new WebSocket(url);
    this.ws.onopen = () => {
      this.send({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
      this.beat();
      this.timer = setInterval(() => {
        if (!this.answered) return this.fail(4408);
        this.beat();
      }, HEARTBEAT_MS);
    };
    this.ws.onmessage = (e) => this.receive(String(e.data));
    this.ws.onclose = (e) => this.fail(e.code);
    this.ws.onerror = () => this.fail(1006);
  }

  /** Checks the connection now (the page became visible again): a dead one is reported within a heartbeat. */
  probe(): void {
    if (this.done || this.ws.readyState !== WebSocket.OPEN) return;
    if (!this.answered) return this.fail(4408);
    this.beat();
  }

  /** Closes on purpose: no onClose. */
  close(): void {
    this.done = true;
    this.stop();
    try {
      this.ws.close(1000);
    } catch {
      // already closed
    }
  }

  private beat(): void {
    this.answered = false;
    this.send({ topic: 'aws/heartbeat' });
  }

  private receive(text: string): void {
    let f: { topic?: string; content?: unknown };
    try {
      f = JSON.parse(text) as typeof f;
    } catch {
      return;
    }
    if (f.topic === 'aws/heartbeat') this.answered = true;
    else if (f.topic === 'aws/subscribe') this.h.onOpen();
    else if (f.topic === 'aws/chat' && typeof f.content === 'string') {
      this.answered = true;
      try {
        this.h.onItem(JSON.parse(f.content) as ChatItem);
      } catch {
        // A malformed item is dropped, as chatjs does; the transcript fill recovers real ones.
      }
    }
  }

  private send(frame: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.ws.onopen = this.ws.onmessage = this.ws.onclose = this.ws.onerror = null;
  }

  private fail(code: number): void {
    if (this.done) return;
    this.done = true;
    this.stop();
    try {
      this.ws.close();
    } catch {
      // already closed
    }
    this.h.onClose(code);
  }
}
