import type { WebSocket } from 'ws';
import { Rotation } from './rotation.js';

/** Every socket is visited once in this period (rotation.ts). */
export const PING_PERIOD_MS = 30_000;
/**
 * Turns of the period, one every 50 ms: at 9,000 chats (18,000 sockets), 30 visits a turn. A ping
 * and its pong cost about 55 µs here; with 120 turns a turn held the event loop for 8 ms four times
 * a second, and the messages arriving meanwhile waited.
 */
export const PING_TURNS = 600;

export interface Pinged {
  ws: WebSocket;
  /** Said anything (a frame or a pong) since its last visit. */
  heard: boolean;
  /** Pinged at its last visit, and not heard since then. */
  pinged: boolean;
}

/**
 * Liveness of a set of sockets, visited in rotation once a period. A socket heard from since its
 * last visit is alive and needs no ping: chatjs says `aws/heartbeat` every 10 s, so its sockets are
 * never pinged (at 9,000 chats that was 600 pings and pongs a second). One that said nothing for a
 * period is pinged, and dropped at the next visit if it did not answer: a socket that went silent
 * is dropped within two to three periods, and its slot frees up.
 */
export class PingSweep<S extends Pinged> {
  private readonly rotation = new Rotation<S>(PING_PERIOD_MS, PING_TURNS, (s) => {
    if (s.heard) {
      s.heard = false;
      s.pinged = false;
    } else if (s.pinged) {
      this.rotation.delete(s);
      s.ws.terminate();
    } else {
      s.pinged = true;
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
