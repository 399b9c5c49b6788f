import { chatsWithAgents } from './parley-chats.js';
import { MessageLoad, type LoadResult, type Windows } from './message-load.js';
import { relayLanes } from './relay-lanes.js';
import type { Server } from './servers.js';
import { fmt, median, ratioOf } from './stats.js';
import type { Row } from './types.js';

/** How long and how often the message path is measured. */
export interface MessagePlan {
  /** Chats (Parley) and sender/receiver pairs (relay): one message in flight each in the closed loop. */
  lanes: number;
  /** The fixed rates, as shares of the baseline's maximum. */
  shares: number[];
  /** Fixed rates as shares of Parley's own maximum (latency where it keeps up), for context. */
  ownShares: number[];
  max: Windows;
  /** Closed-loop runs per side, alternating baseline and Parley; the median run is reported. */
  repeats: number;
  /**
   * An unrecorded closed loop per side first: a server just set up has its JIT cold and its
   * set-up work (contact records, routing) still running, which a long-running one has not.
   */
  warmUpMs: number;
  fixed: Windows;
}

export const messagePlan = (quick: boolean): MessagePlan =>
  quick
    ? { lanes: 30, shares: [0.5], ownShares: [0.5], max: { warmupMs: 600, measureMs: 1200 }, repeats: 1, warmUpMs: 1500, fixed: { warmupMs: 300, measureMs: 1000, drainMs: 1500 } }
    : { lanes: 64, shares: [0.25, 0.5, 0.9], ownShares: [0.5], max: { warmupMs: 2000, measureMs: 6000 }, repeats: 3, warmUpMs: 3000, fixed: { warmupMs: 1000, measureMs: 6000, drainMs: 5000 } };

/** The generator for both sides: pairs on the relay, chats with agents on Parley, both warmed up. */
export async function messageLoads(relay: Server, parley: Server, plan: MessagePlan): Promise<{ baseline: MessageLoad; parley: MessageLoad; close(): Promise<void> }> {
  const [b, p] = await Promise.all([relayLanes(relay.child, plan.lanes), chatsWithAgents(parley.child, plan.lanes)]);
  const baseline = new MessageLoad({ origin: relay.child.url, ...b }, () => relay.child.cpuMs());
  const parleyLoad = new MessageLoad({ origin: parley.child.url, ...p }, () => parley.child.cpuMs());
  await baseline.warmUp(plan.warmUpMs);
  await parleyLoad.warmUp(plan.warmUpMs);
  relay.child.beginProfile();
  parley.child.beginProfile();
  return {
    baseline,
    parley: parleyLoad,
    async close() {
      await baseline.close();
      await parleyLoad.close();
      b.close();
      p.close();
    },
  };
}

const medianRun = (runs: LoadResult[]): LoadResult => {
  const m = median(runs.map((r) => r.rate));
  return runs.reduce((best, r) => (Math.abs(r.rate - m) < Math.abs(best.rate - m) ? r : best));
};

/** Maximum sustained rate of each side: closed loops, baseline and Parley taking turns so that both see the same machine. */
export async function measureMax(baseline: MessageLoad, parley: MessageLoad, plan: MessagePlan, lanes = plan.lanes): Promise<{ baseline: LoadResult; parley: LoadResult }> {
  const b: LoadResult[] = [];
  const p: LoadResult[] = [];
  for (let i = 0; i < plan.repeats; i++) {
    b.push(await baseline.closedLoop(plan.max, baseline.lanes.slice(0, lanes)));
    p.push(await parley.closedLoop(plan.max, parley.lanes.slice(0, lanes)));
  }
  return { baseline: medianRun(b), parley: medianRun(p) };
}

/** The key under which a sustained-rate measurement is shared between scenarios of one run. */
export const maxKey = (store: string, durability: string, lanes: number) => `message-max:${store}:${durability}:${lanes}`;

/** What went wrong in a run, for the table: errors, messages still unreceived when the run ended, an overloaded open loop. */
export function flags(r: LoadResult): string {
  const out = [r.errors ? `${r.errors} errors` : '', r.lost ? `${r.lost} not received by the end` : '', r.overloaded ? 'overloaded' : ''].filter(Boolean);
  return out.length ? ` (${out.join(', ')})` : '';
}

/** The sustained-rate row and its CPU-per-message companion. */
export function maxRows(scenario: string, store: string, m: { baseline: LoadResult; parley: LoadResult }, target: { min: number } | null, label = 'sustained rate (msg/s)'): Row[] {
  const ratio = ratioOf(m.parley.rate, m.baseline.rate);
  const clean = !m.parley.errors && !m.parley.lost;
  return [
    {
      scenario,
      store,
      metric: label,
      parley: fmt(m.parley.rate) + flags(m.parley),
      baseline: fmt(m.baseline.rate) + flags(m.baseline),
      ratio,
      target: target ? `≥ ${target.min.toFixed(2)}` : '',
      met: target ? clean && ratio !== null && ratio >= target.min : null,
      data: { parley: m.parley, baseline: m.baseline },
    },
    {
      scenario,
      store,
      metric: '  server CPU per message (µs)',
      parley: fmt(m.parley.serverCpuUsPerMsg),
      baseline: fmt(m.baseline.serverCpuUsPerMsg),
      ratio: ratioOf(m.parley.serverCpuUsPerMsg ?? NaN, m.baseline.serverCpuUsPerMsg ?? NaN),
      target: '',
      met: null,
    },
  ];
}
