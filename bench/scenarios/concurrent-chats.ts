import type { SeededInstance } from '../lib/agent-fleet.js';
import { CHATS_PER_AGENT, IdleChats } from '../lib/idle-chats.js';
import { IdleMeter, type StepPlan, type StepResult } from '../lib/idle-measure.js';
import { IdlePairs } from '../lib/idle-pairs.js';
import { memoryFit, MiB, stepRows } from '../lib/idle-rows.js';
import { Heartbeats } from '../lib/loopback-sockets.js';
import { fdCount, fdLimits, ProbedServer } from '../lib/probe.js';
import { PARLEY_ENTRY, RELAY_ENTRY } from '../lib/servers.js';
import { fmt, ratioOf } from '../lib/stats.js';
import type { Scenario, ScenarioContext, StoreName } from '../lib/types.js';

const TARGET = { chats: 9000, rssMiB: 512, p99Ratio: 3, heartbeatPct: 10 };
const EXTRAPOLATE_TO = 100_000;
/**
 * The trickle over all chats, whatever their number: one message per chat every N/20 s (7.5
 * minutes at 9,000), far below the message path's sustained rate on either store, so that the
 * latency shows what holding N chats costs rather than a queue of messages.
 */
const TRICKLE_PER_S = 20;
/** Descriptors per chat on each side: the customer's and the agent's participant sockets, and a tenth of an agent event socket. */
const FDS_PER_CHAT = 2 + 1 / CHATS_PER_AGENT;
/** Descriptors kept for everything else: the setup and trickle connections, the store, the listeners, Node's own. */
const RESERVE_FDS = 500;
/** Below this many heartbeats in the measured windows, the per-heartbeat cost is within the noise of the server's own timers: reported, not judged. */
const MIN_HEARTBEATS = 5000;

/** The most chats both processes' open-file limits allow, in steps of 500. */
function chatBudget(): { max: number; soft: number; hard: number } {
  const { soft, hard } = fdLimits('self');
  const free = Math.min(soft, 1_000_000) - fdCount('self') - RESERVE_FDS;
  return { max: Math.floor(free / FDS_PER_CHAT / 500) * 500, soft, hard };
}

/** BENCH_CHAT_STEPS=500,2000 overrides the steps (a quicker look at a given size); none may pass the budget. */
const stepsOf = (quick: boolean, max: number): number[] => {
  const asked = process.env.BENCH_CHAT_STEPS?.split(',').map(Number).filter((n) => n > 0);
  return [...new Set(asked?.length ? asked : quick ? [50, 100] : [1000, 3000, 6000, max])].filter((n) => n <= max).sort((a, b) => a - b);
};

const plan = (quick: boolean, max: number): { steps: number[]; step: StepPlan } =>
  quick
    ? { steps: stepsOf(quick, max), step: { rate: TRICKLE_PER_S, latency: { warmupMs: 300, measureMs: 1500, drainMs: 1000 }, idleChunkMs: 800, idleChunks: 1, bursts: 1 } }
    : { steps: stepsOf(quick, max), step: { rate: TRICKLE_PER_S, latency: { warmupMs: 2000, measureMs: 20_000, drainMs: 5000 }, idleChunkMs: 5000, idleChunks: 2, bursts: 3 } };

/** The baseline: the bare relay holding the same numbers of idle socket pairs, measured by the same meter. */
async function measureRelay(ctx: ScenarioContext, steps: number[], step: StepPlan): Promise<StepResult[]> {
  const relay = await ProbedServer.start(ctx, 'relay-idle-pairs', RELAY_ENTRY, null);
  const pairs = new IdlePairs(relay.url);
  try {
    const meter = new IdleMeter({ server: relay, lanes: () => pairs.lanes, receivers: () => pairs.agents, sockets: () => pairs.sockets() });
    const out: StepResult[] = [];
    for (const n of steps) {
      await pairs.grow(n);
      out.push(await meter.step(step));
    }
    return out;
  } finally {
    pairs.close();
    await relay.stop();
  }
}

type Bursts = ReturnType<IdleChats['bursts']['largest']>;

async function measureParley(ctx: ScenarioContext, store: StoreName, steps: number[], step: StepPlan): Promise<{ results: StepResult[]; setupS: number[]; bursts: Bursts[] }> {
  const parley = await ProbedServer.start(ctx, `parley-concurrent-chats-${store}`, PARLEY_ENTRY, store, store === 'sqlite' ? { PARLEY_DURABILITY: 'process' } : {});
  const chats = new IdleChats(parley.url, parley.server.child.ready as unknown as SeededInstance);
  try {
    const meter = new IdleMeter({ server: parley, lanes: () => chats.chats.map((c) => c.lane), receivers: () => chats.chats.map((c) => c.agent), sockets: () => chats.participantSockets() });
    const results: StepResult[] = [];
    const setupS: number[] = [];
    const bursts: Bursts[] = [];
    for (const [i, n] of steps.entries()) {
      const t0 = performance.now();
      await chats.grow(n);
      setupS.push((performance.now() - t0) / 1000);
      // The profile (under --profile) covers the largest step's trickle and idle time, not the setup.
      if (i === steps.length - 1) parley.server.child.beginProfile();
      const r = await meter.step(step);
      results.push(r);
      bursts.push(chats.bursts.largest(r.window.from, r.window.to));
    }
    return { results, setupS, bursts };
  } finally {
    await chats.close();
    await parley.stop();
  }
}

/** Rows for one store: a block per step, then memory per chat, the 9,000-chat targets and the extrapolation. */
function report(ctx: ScenarioContext, id: string, store: string, p: StepResult[], b: StepResult[], setupS: number[]): void {
  for (const [i, s] of p.entries()) for (const r of stepRows(id, store, s, b[i], { last: i === p.length - 1, maxP99Ratio: TARGET.p99Ratio, rate: TRICKLE_PER_S })) ctx.row(r);
  const [pf, bf] = [memoryFit(p), memoryFit(b)];
  const kib = (f: ReturnType<typeof memoryFit>) => `${fmt(f.rssPerChat / 1024)} / ${fmt(f.heapPerChat / 1024)} KiB`;
  const common = { scenario: id, store };
  ctx.row({ ...common, metric: 'memory per chat (fit over the steps): RSS / heap', parley: kib(pf), baseline: `${kib(bf)} per pair`, ratio: ratioOf(pf.rssPerChat, bf.rssPerChat), target: '', met: null, data: { parley: pf, baseline: bf, setupSeconds: setupS } });
  const last = p[p.length - 1];
  const measured = last.chats >= TARGET.chats;
  // RSS as the server runs: measured at the target, else the fit (after GC) plus what the largest step held above it.
  const running = (s: StepResult[], f: ReturnType<typeof memoryFit>) => {
    const top = s[s.length - 1];
    return measured ? top.memory.rssBeforeGc : f.at(TARGET.chats).rss + (top.memory.rssBeforeGc - top.memory.rss);
  };
  const [rss9k, base9k] = [running(p, pf), running(b, bf)];
  ctx.row({
    ...common,
    metric: `RSS at ${TARGET.chats} chats, running (${measured ? `measured at ${last.chats}` : 'extrapolated'})`,
    parley: `${fmt(rss9k / MiB)} MiB (peak during the run ${fmt(last.memory.peakRss / MiB)})`,
    baseline: `${fmt(base9k / MiB)} MiB`,
    ratio: ratioOf(rss9k, base9k),
    target: `≤ ${TARGET.rssMiB} MiB`,
    met: rss9k <= TARGET.rssMiB * MiB,
  });
  const far = (f: ReturnType<typeof memoryFit>) => `${fmt(f.at(EXTRAPOLATE_TO).rss / MiB)} / ${fmt(f.at(EXTRAPOLATE_TO).heap / MiB)} MiB`;
  ctx.row({ ...common, metric: `RSS / heap at ${EXTRAPOLATE_TO} chats (extrapolated)`, parley: far(pf), baseline: far(bf), ratio: ratioOf(pf.at(EXTRAPOLATE_TO).rss, bf.at(EXTRAPOLATE_TO).rss), target: '', met: null });
  // Heartbeats at the target: two participant sockets per chat, one heartbeat each per period.
  const beatsPerS = (2 * TARGET.chats * 1000) / Heartbeats.PERIOD_MS;
  const [pb, bb] = [last.burst, b[b.length - 1].burst];
  const pct = (us: number) => (us * beatsPerS) / 1e4;
  const judged = pb.heartbeats >= MIN_HEARTBEATS;
  ctx.row({
    ...common,
    metric: `heartbeats of ${TARGET.chats} idle chats (% of a core: µs each, in bursts at ${last.chats} chats, × ${beatsPerS}/s${judged ? '' : `; ${pb.heartbeats} heartbeats, too few to judge`})`,
    parley: `${fmt(pct(pb.us))} % (${fmt(pb.us)} µs)`,
    baseline: `${fmt(pct(bb.us))} % (${fmt(bb.us)} µs, read and ignored)`,
    ratio: ratioOf(pb.us, bb.us),
    target: `< ${TARGET.heartbeatPct} %`,
    met: judged ? pct(pb.us) < TARGET.heartbeatPct : null,
  });
}

/**
 * Scenario 2: N chats held open, each with its customer's socket and its agent's participant
 * socket, mostly idle: a trickle of messages and chatjs heartbeats. Memory, latency and idle CPU
 * as N grows to what the open-file limit allows, against the bare relay holding as many pairs.
 */
export const concurrentChats: Scenario = {
  number: 2,
  id: 'concurrent-chats',
  title: 'Concurrent chats: idle chats with heartbeats and a trickle of messages',
  async run(ctx) {
    const id = `2 ${this.id}`;
    const budget = chatBudget();
    const { steps, step } = plan(ctx.options.quick, budget.max);
    ctx.note(
      `open-file limit ${budget.soft} (hard ${budget.hard}${budget.soft < budget.hard ? `: run under \`ulimit -n ${budget.hard}\` for more chats` : ': raising it takes CAP_SYS_RESOURCE'}): at ${FDS_PER_CHAT} descriptors per chat on each side, at most ${budget.max} chats; steps ${steps.join(', ')}`,
    );
    if (!steps.length) throw new Error(`the open-file limit (${budget.soft}) leaves room for no step`);
    const baseline = await measureRelay(ctx, steps, step);
    for (const store of ctx.options.quick ? ctx.options.stores.slice(0, 1) : ctx.options.stores) {
      const { results, setupS, bursts } = await measureParley(ctx, store, steps, step);
      report(ctx, id, store, results, baseline, setupS);
      const passes = (b: Bursts) => Object.entries(b).map(([kind, x]) => `${kind} ${x.frames} frames over ${fmt(x.spanMs)} ms`).join(', ') || 'none';
      ctx.note(`${store}: the server's periodic passes seen during each step (largest burst): ${steps.map((n, i) => `${n} chats: ${passes(bursts[i])}`).join('; ')}`);
      const gc = (r: StepResult) => `${r.gcDuringLatency.count} of 1 ms or more, ${fmt(r.gcDuringLatency.totalMs)} ms in all, the longest ${fmt(r.gcDuringLatency.maxMs)} ms (full collections: ${r.gcDuringLatency.major.count}, ${fmt(r.gcDuringLatency.major.totalMs)} ms)`;
      ctx.note(`${store}: garbage-collection pauses during the trickle (Parley / relay): ${steps.map((n, i) => `${n} chats: ${gc(results[i])} / ${gc(baseline[i])}`).join('; ')}`);
      ctx.note(`${store}: set up ${steps.map((n, i) => `${n} chats in ${fmt(setupS[i])} s (quiet ${fmt(results[i].settledS)} s later)`).join(', ')}; each step adds to the last`);
    }
  },
};
