import WebSocket from 'ws';

/**
 * Source addresses for the generator's sockets. One source address gives at most the ephemeral
 * port range (about 28,000 ports here) towards one server port, and thousands of long-lived
 * sockets plus the setup's connections come close; spreading them over 127.0.0.2–9 (every
 * 127/8 address is loopback on Linux) leaves each address a few thousand.
 */
const SOURCES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);
let turn = 0;
export const nextSource = (): string => SOURCES[turn++ % SOURCES.length];

/**
 * Opens a WebSocket from the next source address; rejects on a refused upgrade. `onMessage` is
 * attached before the socket opens: a frame the server sends at once (the agent event socket's
 * first snapshot) can arrive with the upgrade's answer and be emitted before code awaiting the
 * open gets to attach a listener.
 */
export function openSocket(url: string, protocols?: string[], onMessage?: (data: Buffer) => void): Promise<WebSocket> {
  const ws = new WebSocket(url, protocols, { localAddress: nextSource(), perMessageDeflate: false });
  if (onMessage) ws.on('message', onMessage);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade of ${url.split('?')[0]} refused: HTTP ${res.statusCode}`)));
  });
}

/** A participant socket as chatjs opens it: open, subscribe to aws/chat, wait for the answer. */
export async function openParticipantSocket(url: string): Promise<WebSocket> {
  const ws = await openSocket(url);
  await new Promise<void>((resolve) => {
    const onAck = (data: Buffer) => {
      if (!data.toString().includes('"aws/subscribe"')) return;
      ws.off('message', onAck);
      resolve();
    };
    ws.on('message', onAck);
    ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } }));
  });
  return ws;
}

/**
 * chatjs's heartbeat: every socket sends `aws/heartbeat` every 10 s. The sends are spread evenly
 * over the period (a slice of the sockets every 100 ms), as thousands of independent browsers'
 * would be, rather than in one burst; a late timer sends what it owes, so the rate holds when the
 * generator is busy.
 */
export class Heartbeats {
  static readonly PERIOD_MS = 10_000;
  private static readonly TICK_MS = 100;
  private static readonly FRAME = JSON.stringify({ topic: 'aws/heartbeat' });
  private timer: NodeJS.Timeout | null = null;
  private cursor = 0;
  private last = 0;
  private owed = 0;
  /** Heartbeats sent so far. */
  sent = 0;

  constructor(private readonly sockets: () => readonly WebSocket[]) {}

  start(): void {
    if (this.timer) return;
    this.last = performance.now();
    this.owed = 0;
    this.timer = setInterval(() => this.tick(), Heartbeats.TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One heartbeat on every open socket at once; returns how many were sent. */
  static burst(sockets: readonly WebSocket[]): number {
    let n = 0;
    for (const ws of sockets) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      ws.send(Heartbeats.FRAME);
      n++;
    }
    return n;
  }

  private tick(): void {
    const all = this.sockets();
    const now = performance.now();
    this.owed = Math.min(all.length, this.owed + (all.length * (now - this.last)) / Heartbeats.PERIOD_MS);
    this.last = now;
    for (; this.owed >= 1; this.owed--) {
      const ws = all[this.cursor++ % all.length];
      if (ws.readyState !== WebSocket.OPEN) continue;
      ws.send(Heartbeats.FRAME);
      this.sent++;
    }
  }
}
