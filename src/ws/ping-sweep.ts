import type { WebSocket } from 'ws';

/** Every socket is pinged once in this period; one that has not answered by its next ping is dropped. */
export const PING_PERIOD_MS = 30_000;
/**
 * The period is cut into this many turns, each pinging its own share of the sockets. Pinging all
 * of them at once took the event loop for a second at 9,000 chats (18,000 sockets), and every
 * message that arrived meanwhile waited for it (BENCHMARKS.md, concurrent chats); a turn of 1/120
 * of them takes a few milliseconds.
 */
export const PING_TURNS = 120;

export interface Pinged {
  ws: WebSocket;
  /** Answered (or said anything) since its last ping. */
  alive: boolean;
}

/**
 * Protocol pings for a set of sockets, spread evenly over the period: sockets join the turns in
 * rotation, and each turn drops its sockets that did not answer the last ping and pings the rest.
 */
export class PingSweep<S extends Pinged> {
  private readonly turns: Set<S>[] = Array.from({ length: PING_TURNS }, () => new Set<S>());
  private readonly turnOf = new Map<S, number>();
  private joining = 0;
  private turn = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(periodMs = PING_PERIOD_MS) {
    this.timer = setInterval(() => this.next(), periodMs / PING_TURNS);
    this.timer.unref();
  }

  add(s: S): void {
    const t = this.joining;
    this.joining = (this.joining + 1) % PING_TURNS;
    this.turns[t].add(s);
    this.turnOf.set(s, t);
  }

  delete(s: S): void {
    const t = this.turnOf.get(s);
    if (t === undefined) return;
    this.turns[t].delete(s);
    this.turnOf.delete(s);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private next(): void {
    const due = this.turns[this.turn];
    this.turn = (this.turn + 1) % PING_TURNS;
    for (const s of due) {
      if (!s.alive) {
        this.delete(s);
        s.ws.terminate();
      } else {
        s.alive = false;
        s.ws.ping();
      }
    }
  }
}
