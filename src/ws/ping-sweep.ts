import type { WebSocket } from 'ws';
import { Rotation } from './rotation.js';

/** Every socket is pinged once in this period; one that has not answered by its next ping is dropped. */
export const PING_PERIOD_MS = 30_000;
/**
 * Turns of the period (rotation.ts), one every 50 ms: at 9,000 chats (18,000 sockets), 30 pings a
 * turn, about 1.5 ms of the event loop (a ping and its pong cost about 55 µs here). With 120 turns
 * a turn held it for 8 ms four times a second, and the messages arriving meanwhile waited.
 */
export const PING_TURNS = 600;

export interface Pinged {
  ws: WebSocket;
  /** Answered (or said anything) since its last ping. */
  alive: boolean;
}

/** Protocol pings for a set of sockets, spread over the period: at its turn, a socket that did not answer the last ping is dropped, the others are pinged. */
export class PingSweep<S extends Pinged> {
  private readonly rotation = new Rotation<S>(PING_PERIOD_MS, PING_TURNS, (s) => {
    if (!s.alive) {
      this.rotation.delete(s);
      s.ws.terminate();
    } else {
      s.alive = false;
      s.ws.ping();
    }
  });

  add(s: S): void {
    this.rotation.add(s);
  }

  delete(s: S): void {
    this.rotation.delete(s);
  }

  stop(): void {
    this.rotation.stop();
  }
}
