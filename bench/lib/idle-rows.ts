import { flags } from './message-bench.js';
import type { StepResult } from './idle-measure.js';
import { fmt, fmtLatency, ratioOf } from './stats.js';
import type { Row } from './types.js';

export const MiB = 1024 * 1024;

/** Least-squares line through (x, y): y ≈ intercept + slope·x. With one point, the line through the origin. */
export function fitLine(points: [number, number][]): { slope: number; intercept: number } {
  if (points.length === 1) return { slope: points[0][1] / points[0][0], intercept: 0 };
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const sxy = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const sxx = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * Memory per chat, fitted over the steps, and memory at `n` chats extrapolated from the largest
 * step. RSS keeps memory freed after the setup (each login's scrypt takes 32 MiB on a pool
 * thread, whose arena stays resident) and moves by megabytes between samples, so at small steps
 * its fit can come out below the heap's; the heap is resident, so per chat RSS is at least that.
 */
export function memoryFit(steps: StepResult[]) {
  const rss = fitLine(steps.map((s) => [s.chats, s.memory.rss]));
  const heap = fitLine(steps.map((s) => [s.chats, s.memory.heapUsed]));
  const last = steps[steps.length - 1];
  const rssPerChat = Math.max(rss.slope, heap.slope);
  return {
    rssPerChat,
    heapPerChat: heap.slope,
    rssFit: rss,
    heapFit: heap,
    at: (n: number) => ({ rss: last.memory.rss + rssPerChat * (n - last.chats), heap: last.memory.heapUsed + heap.slope * (n - last.chats) }),
  };
}

const mem = (rss: number, heap: number) => `${fmt(rss / MiB)} / ${fmt(heap / MiB)} MiB`;

export interface StepTargets {
  /** The step the p99 target is judged at (the largest). */
  last: boolean;
  maxP99Ratio: number;
  /** The trickle's rate (messages per second over all chats). */
  rate: number;
}

/** The rows of one step: memory, the trickle's latency, idle CPU with and without heartbeats. */
export function stepRows(scenario: string, store: string, p: StepResult, b: StepResult, t: StepTargets): Row[] {
  const pr = ratioOf(p.latency.latency.p99, b.latency.latency.p99);
  const clean = !p.latency.errors && !p.latency.lost && !p.latency.overloaded;
  const n = p.chats;
  return [
    {
      scenario,
      store,
      metric: `${n} chats: RSS running; RSS / heap after GC`,
      parley: `${fmt(p.memory.rssBeforeGc / MiB)}; ${mem(p.memory.rss, p.memory.heapUsed)} (peak RSS ${fmt(p.memory.peakRss / MiB)})`,
      baseline: `${fmt(b.memory.rssBeforeGc / MiB)}; ${mem(b.memory.rss, b.memory.heapUsed)}`,
      ratio: ratioOf(p.memory.rss, b.memory.rss),
      target: '',
      met: null,
      data: { parley: p.memory, baseline: b.memory },
    },
    {
      scenario,
      store,
      metric: `  ${n} chats: latency @ ${t.rate} msg/s p50/p99/max`,
      parley: fmtLatency(p.latency.latency) + flags(p.latency),
      baseline: fmtLatency(b.latency.latency) + flags(b.latency),
      ratio: pr,
      target: t.last ? `p99 ≤ ${t.maxP99Ratio}×` : '',
      met: t.last ? clean && pr !== null && pr <= t.maxP99Ratio : null,
      data: { parley: p.latency, baseline: b.latency },
    },
    {
      scenario,
      store,
      metric: `  ${n} chats: idle CPU, heartbeats on / off (% of a core)`,
      parley: `${fmt(p.idleCpuPct.heartbeats)} / ${fmt(p.idleCpuPct.quiet)} %`,
      baseline: `${fmt(b.idleCpuPct.heartbeats)} / ${fmt(b.idleCpuPct.quiet)} %`,
      ratio: ratioOf(p.idleCpuPct.heartbeats, b.idleCpuPct.heartbeats),
      target: '',
      met: null,
      data: { parley: { ...p.idleCpuPct, heartbeatsPerS: p.heartbeatsPerS, heartbeatUs: p.heartbeatUs }, baseline: { ...b.idleCpuPct, heartbeatsPerS: b.heartbeatsPerS, heartbeatUs: b.heartbeatUs } },
    },
  ];
}
