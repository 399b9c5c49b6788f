import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type WebSocket from 'ws';
import { Recorder, type LoadResult, type Outcome } from './recorder.js';

export type { LoadResult } from './recorder.js';

/** One sender: where its POST goes and with which headers (a chat's connection token, or a relay peer). */
export interface Lane {
  path: string;
  headers: Record<string, string>;
}

/** What the generator drives: HTTP senders on one origin, and the sockets their messages arrive on. */
export interface MessageTarget {
  origin: string;
  lanes: Lane[];
  receivers: WebSocket[];
}

export interface Windows {
  warmupMs: number;
  measureMs: number;
  /** Open loop: how long messages may still arrive after the last send (default 5 s). */
  drainMs?: number;
}

interface Pending {
  t0: number;
  receivedAt: number;
  acked: boolean;
  settle: (latency: number | null, error?: string) => void;
}

/** A marker in the message text that survives JSON escaping; its number finds the pending send. */
const MARKER = /bm(\d+)x/g;
const PAD = 'x'.repeat(88);
/** A message neither acknowledged and received within this long counts as lost. */
const LOST_AFTER_MS = 10_000;
const DRAIN_MS = 5_000;
/** How long an overloaded open loop waits for its leftover requests before the next run. */
const LEFTOVER_MS = 30_000;

/**
 * The load generator shared by Parley and its baseline, so both are measured through the same
 * code path: a keep-alive undici Pool (one connection per lane) posts a ~100-character message
 * with a unique marker, and the message counts once its POST was answered 200 and a receiver
 * socket saw its marker. Latency runs from just before the request is handed to the pool to the
 * frame's arrival, on this process's clock (performance.now).
 */
export class MessageLoad {
  private readonly pool: Pool;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;

  constructor(private readonly target: MessageTarget, private readonly serverCpuMs: () => number | null) {
    this.pool = new Pool(target.origin, { connections: target.lanes.length, pipelining: 1, keepAliveTimeout: 60_000 });
    for (const ws of target.receivers) ws.on('message', (data: Buffer) => this.onFrame(data.toString()));
  }

  get lanes(): Lane[] {
    return this.target.lanes;
  }

  private onFrame(text: string): void {
    const now = performance.now();
    MARKER.lastIndex = 0;
    for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
      const p = this.pending.get(Number(m[1]));
      if (!p || p.receivedAt) continue;
      p.receivedAt = now;
      if (p.acked) p.settle(now - p.t0);
    }
  }

  private send(lane: Lane): Promise<Outcome> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      const p: Pending = {
        t0: performance.now(),
        receivedAt: 0,
        acked: false,
        settle: (latency, error) => {
          this.pending.delete(id);
          resolve({ latency, error });
        },
      };
      this.pending.set(id, p);
      const body = `{"ContentType":"text/plain","Content":"bm${id}x ${PAD}","ClientToken":"${randomUUID()}"}`;
      this.pool.request({ path: lane.path, method: 'POST', headers: lane.headers, body }).then(
        async (res) => {
          const text = await res.body.text();
          if (!this.pending.has(id)) return;
          if (res.statusCode !== 200) return p.settle(null, `HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
          p.acked = true;
          if (p.receivedAt) p.settle(p.receivedAt - p.t0);
        },
        (e: Error) => this.pending.has(id) && p.settle(null, e.message),
      );
    });
  }

  /** Settles as lost whatever waited longer than `olderThanMs`. */
  private sweep(olderThanMs: number): void {
    const now = performance.now();
    for (const p of [...this.pending.values()]) if (now - p.t0 >= olderThanMs) p.settle(null, 'lost');
  }

  /**
   * Closed loop: each lane sends its next message once the last one was acknowledged and received.
   * The window opens after the warm-up and once every lane has finished a first message; a
   * message counts when it finishes inside the window.
   */
  async closedLoop(w: Windows, lanes = this.target.lanes): Promise<LoadResult> {
    const rec = new Recorder(w.measureMs, this.serverCpuMs);
    const t0 = performance.now();
    let warm = 0;
    const sweeper = setInterval(() => this.sweep(LOST_AFTER_MS), 500);
    await Promise.all(
      lanes.map(async (lane) => {
        for (let first = true; performance.now() < rec.end && rec.errors < 100; first = false) {
          const o = await this.send(lane);
          rec.add(performance.now(), o);
          if (first && ++warm === lanes.length) rec.open(Math.max(performance.now(), t0 + w.warmupMs));
        }
      }),
    );
    clearInterval(sweeper);
    return rec.result(false);
  }

  /** A closed loop for `ms` that records nothing: the server's code paths optimized and its start-up work done before anything is measured. */
  async warmUp(ms: number): Promise<void> {
    await this.closedLoop({ warmupMs: ms, measureMs: 0 });
  }

  /** Open loop at a fixed rate, round robin over the lanes, whatever the answers; stops if the backlog passes a second's worth. */
  async openLoop(rate: number, w: Windows): Promise<LoadResult> {
    const rec = new Recorder(w.measureMs, this.serverCpuMs);
    rec.open(performance.now() + w.warmupMs);
    const lanes = this.target.lanes;
    const interval = 1000 / rate;
    const cap = Math.max(1000, rate);
    let next = performance.now();
    let i = 0;
    let inflight = 0;
    let overloaded = false;
    while (next < rec.end && !overloaded) {
      const now = performance.now();
      for (; next <= now && next < rec.end; next += interval) {
        if (inflight >= cap) {
          overloaded = true;
          break;
        }
        const sentAt = next;
        inflight++;
        void this.send(lanes[i++ % lanes.length]).then((o) => {
          inflight--;
          rec.add(sentAt, o);
        });
      }
      await sleep(Math.max(0, next - performance.now()));
    }
    const drainUntil = performance.now() + (w.drainMs ?? DRAIN_MS);
    while (inflight > 0 && performance.now() < drainUntil) await sleep(20);
    this.sweep(0);
    while (inflight > 0) await sleep(1);
    // Requests still queued in the pool would reach the server during the next run: let them finish first.
    const idleBy = performance.now() + LEFTOVER_MS;
    while (this.pool.stats.size > 0 && performance.now() < idleBy) await sleep(20);
    return rec.result(overloaded);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
