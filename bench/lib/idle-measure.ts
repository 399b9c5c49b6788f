import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type WebSocket from 'ws';
import { Heartbeats } from './loopback-sockets.js';
import { MessageLoad, type Lane, type LoadResult, type Windows } from './message-load.js';
import type { GcPauses, MemorySample, ProbedServer } from './probe.js';

const SETTLED_PCT = 10;
const SETTLE_TIMEOUT_MS = 120_000;
const SETTLE_WINDOW_MS = 500;
const BURST_TIMEOUT_MS = 10_000;

/** How one step of the concurrent-chats scenario is measured. */
export interface StepPlan {
  /** The trickle: messages per second over all chats, customer to agent. */
  rate: number;
  latency: Windows;
  /** Idle CPU: chunks with heartbeats and chunks without, alternating, each this long. */
  idleChunkMs: number;
  idleChunks: number;
  /** Rounds of one heartbeat on every socket at once. */
  bursts: number;
}

/** What holds the chats on one side (Parley's or the relay's). */
export interface IdleTarget {
  server: ProbedServer;
  lanes(): Lane[];
  /** Where the lanes' messages arrive (the agents' sockets). */
  receivers(): WebSocket[];
  /** Every socket that heartbeats. */
  sockets(): WebSocket[];
}

export interface StepResult {
  chats: number;
  memory: MemorySample;
  latency: LoadResult;
  /** The server's garbage-collection pauses during the trickle's window. */
  gcDuringLatency: GcPauses;
  /** Server CPU in % of one core, idle (no messages) with and without heartbeats. */
  idleCpuPct: { heartbeats: number; quiet: number };
  heartbeatsPerS: number;
  /** Heartbeats sent in the idle windows with heartbeats on: what the per-heartbeat figure rests on. */
  heartbeats: number;
  /** How long the server took to go quiet after the setup (its event projection and timers catching up). */
  settledS: number;
  /** When the measurement ran (performance.now), settling excluded. */
  window: { from: number; to: number };
  /** Server CPU per heartbeat (µs): the difference between the two idle figures, per heartbeat. Noisy: see `burst`. */
  heartbeatUs: number;
  /**
   * Server CPU per heartbeat (µs) measured in bursts (median of the rounds), and the heartbeats it
   * rests on: the steadier figure, because the server's periodic passes (every 20, 30 and 60 s)
   * fall in the idle windows unevenly and weigh as much as the heartbeats themselves.
   */
  burst: { us: number; heartbeats: number };
}

/**
 * Measures one step on one side: the trickle's latency with heartbeats flowing, idle CPU with and
 * without heartbeats, heartbeats in bursts, then memory. Every side goes through the same code.
 */
export class IdleMeter {
  /** One emitter standing in for every receiver socket, so that a MessageLoad per step adds no listener to old sockets. */
  private readonly hub = new EventEmitter().setMaxListeners(0);
  private readonly wired = new WeakSet<WebSocket>();
  private readonly heartbeats: Heartbeats;

  constructor(private readonly target: IdleTarget) {
    this.heartbeats = new Heartbeats(() => target.sockets());
  }

  async step(plan: StepPlan): Promise<StepResult> {
    const t = this.target;
    const settledS = await this.settle();
    const from = performance.now();
    for (const ws of t.receivers()) {
      if (this.wired.has(ws)) continue;
      this.wired.add(ws);
      ws.on('message', (data: Buffer) => this.hub.emit('message', data));
    }
    const cpu = () => t.server.cpuMs();
    this.heartbeats.start();
    const load = new MessageLoad({ origin: t.server.url, lanes: t.lanes(), receivers: [this.hub as unknown as WebSocket] }, cpu);
    let latency: LoadResult;
    const latencyFrom = Date.now();
    try {
      latency = await load.openLoop(plan.rate, plan.latency);
    } finally {
      await load.close();
    }
    const gcDuringLatency = t.server.gcPauses(latencyFrom, Date.now());
    const with_ = { ms: 0, cpu: 0, beats: 0 };
    const without = { ms: 0, cpu: 0 };
    for (let i = 0; i < plan.idleChunks; i++) {
      for (const on of [true, false]) {
        if (on) this.heartbeats.start();
        else this.heartbeats.stop();
        // Let the last chunk's frames drain before counting.
        await sleep(200);
        const [t0, c0, b0] = [performance.now(), cpu() ?? NaN, this.heartbeats.sent];
        await sleep(plan.idleChunkMs);
        const [dt, dc] = [performance.now() - t0, (cpu() ?? NaN) - c0];
        if (on) Object.assign(with_, { ms: with_.ms + dt, cpu: with_.cpu + dc, beats: with_.beats + this.heartbeats.sent - b0 });
        else Object.assign(without, { ms: without.ms + dt, cpu: without.cpu + dc });
      }
    }
    this.heartbeats.stop();
    const burst = await this.heartbeatBursts(plan.bursts);
    const pctWith = (100 * with_.cpu) / with_.ms;
    const pctWithout = (100 * without.cpu) / without.ms;
    const perS = (1000 * with_.beats) / with_.ms;
    return {
      chats: t.lanes().length,
      memory: await t.server.sample(),
      latency,
      gcDuringLatency,
      idleCpuPct: { heartbeats: pctWith, quiet: pctWithout },
      heartbeatsPerS: perS,
      heartbeats: with_.beats,
      settledS,
      window: { from, to: performance.now() },
      heartbeatUs: perS ? ((pctWith - pctWithout) / 100 / perS) * 1e6 : NaN,
      burst,
    };
  }

  /**
   * Per round: a second of background CPU, then one heartbeat on every socket at once and the CPU
   * until the server is quiet again, less the background for as long. The median round is kept,
   * so that a round a periodic pass fell into does not count.
   */
  private async heartbeatBursts(rounds: number): Promise<{ us: number; heartbeats: number }> {
    const cpu = () => this.target.server.cpuMs() ?? NaN;
    const per: number[] = [];
    let total = 0;
    for (let r = 0; r < rounds; r++) {
      const [b0, tb] = [cpu(), performance.now()];
      await sleep(1000);
      const background = (cpu() - b0) / (performance.now() - tb);
      const [c0, t0] = [cpu(), performance.now()];
      const sent = Heartbeats.burst(this.target.sockets());
      for (let last = cpu(); performance.now() - t0 < BURST_TIMEOUT_MS; ) {
        await sleep(200);
        const now = cpu();
        if (now - last < Math.max(2, 2 * background * 200)) break;
        last = now;
      }
      per.push((1000 * (cpu() - c0 - background * (performance.now() - t0))) / sent);
      total += sent;
    }
    per.sort((a, b) => a - b);
    return { us: per[Math.floor(per.length / 2)], heartbeats: total };
  }

  /**
   * Waits until the server is quiet (under SETTLED_PCT of a core over half a second) after the step's
   * setup: what the setup left behind (contact records projected from events, flow and offer
   * timers) would otherwise land in the measurement. Gives up after SETTLE_TIMEOUT_MS.
   */
  private async settle(): Promise<number> {
    const t0 = performance.now();
    while (performance.now() - t0 < SETTLE_TIMEOUT_MS) {
      const c0 = this.target.server.cpuMs() ?? NaN;
      await sleep(SETTLE_WINDOW_MS);
      if (!((this.target.server.cpuMs() ?? NaN) - c0 > (SETTLED_PCT / 100) * SETTLE_WINDOW_MS)) break;
    }
    return (performance.now() - t0) / 1000;
  }
}
