import WebSocket from 'ws';

export interface Frame {
  topic: string;
  content?: unknown;
  contentType?: string;
  statusCode?: number;
  statusContent?: string;
}

/** A chat item as it arrives in an aws/chat frame (content parsed). */
export type ChatItem = Record<string, unknown> & { Id: string; Type: string; ContentType: string };

/**
 * A raw participant socket as chatjs uses it: opens, subscribes, and records every frame.
 * `waitFor` resolves with the first recorded or future frame that matches (no sleeps).
 */
export class TestSocket {
  readonly frames: Frame[] = [];
  readonly raw: string[] = [];
  closeCode: number | null = null;
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      const f = JSON.parse(text) as Frame;
      this.frames.push(f);
      this.waiters = this.waiters.filter((w) => (w.match(f) ? (w.resolve(f), false) : true));
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve((this.closeCode = code))));
  }

  /** `options.autoPong: false` makes a client that never answers protocol pings. */
  static async open(url: string, subscribe = true, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, options);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    const s = new TestSocket(ws);
    if (subscribe) {
      s.send({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
      await s.waitFor((f) => f.topic === 'aws/subscribe');
    }
    return s;
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  waitFor(match: (f: Frame) => boolean): Promise<Frame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Items received so far, in arrival order. */
  items(): ChatItem[] {
    return this.frames.filter((f) => f.topic === 'aws/chat').map((f) => JSON.parse(f.content as string) as ChatItem);
  }

  /** Resolves with the first item (recorded or future) that matches. */
  async waitForItem(match: (i: ChatItem) => boolean): Promise<ChatItem> {
    const f = await this.waitFor((fr) => fr.topic === 'aws/chat' && match(JSON.parse(fr.content as string) as ChatItem));
    return JSON.parse(f.content as string) as ChatItem;
  }

  waitClosed(): Promise<number> {
    return this.closed;
  }

  close(): void {
    this.ws.close(1000);
  }
}

export const isContentType = (t: string) => (i: ChatItem) => i.ContentType === t;
export const EVENT = 'application/vnd.amazonaws.connect.event.';
