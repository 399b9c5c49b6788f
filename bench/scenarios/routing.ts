import { OFFER_TIMEOUT_MS } from '../../src/app/agents/after-contact.js';
import type { SeededInstance } from '../lib/agent-fleet.js';
import { profileInProcess } from '../lib/in-process-profile.js';
import { oneFreeSlot, plannerInput, timeRuns, type PlannerInput } from '../lib/routing-input.js';
import { PassStore } from '../lib/routing-pass-store.js';
import { makeAvailable, queueChats, routingFixture, type RoutingFixture } from '../lib/routing-setup.js';
import { storeRoutingBaseline } from '../lib/routing-store-baseline.js';
import { startParleyServer, withServers } from '../lib/servers.js';
import { SetupApi } from '../lib/setup-api.js';
import { fmt, ratioOf } from '../lib/stats.js';
import type { Row, Scenario, ScenarioContext, StoreName } from '../lib/types.js';

const ALL_OFFERED_MS = 2000;
/** "No faster than logarithmic": growth in time per decision at most the growth of ln(queued), with this much slack for noise. */
const LOG_SLACK = 1.25;
const SIZES = [1000, 10_000, 100_000];
const SHAPE = { agents: 2000, queues: 20, slots: 5 };
/** How long to wait for every offer (the agents never answer theirs: what is measured is routing). */
const WAIT_MS = 90_000;
/** Status changes in flight when the agents become available: a shift starting, each agent's workspace sending one. */
const STATUSES_IN_FLIGHT = 64;

/**
 * End-to-end scale: 2,000 agents × 5 slots = 10,000 chats. Quick runs take 10 agents: each agent
 * costs two scrypt hashes (CreateUser, login), tens of ms of server CPU each. BENCH_ROUTING_AGENTS overrides.
 */
const agentsFor = (quick: boolean) => Number(process.env.BENCH_ROUTING_AGENTS) || (quick ? 10 : SHAPE.agents);

type Timed = { ms: number; offers: number };
const perOffer = (t: Timed) => (1000 * t.ms) / Math.max(1, t.offers);
type Both = { parley: Timed; baseline: Timed };
/** One case (full pass or one free slot) at one size: the decision (reads and plan) and the whole pass (with the offers written). */
type Case = { decision: Both; pass: Both };

async function timeBoth(parley: () => Promise<{ ms: number; result: number }>, baseline: () => Promise<{ ms: number; result: number }>, w: { minMs: number; minRuns: number }): Promise<Both> {
  const p = await timeRuns(parley, w.minMs, w.minRuns);
  const b = await timeRuns(baseline, w.minMs, w.minRuns);
  if (p.result !== b.result) throw new Error(`the routing pass made ${p.result} offers and the baseline ${b.result}`);
  return { parley: { ms: p.ms, offers: p.result }, baseline: { ms: b.ms, offers: b.result } };
}

async function timeCase(store: PassStore, baselineAgents: PlannerInput['agents'], w: { minMs: number; minRuns: number }): Promise<Case> {
  return {
    decision: await timeBoth(() => store.decision(), () => store.baseline(baselineAgents, false), w),
    pass: await timeBoth(() => store.pass(), () => store.baseline(baselineAgents, true), w),
  };
}

/** Growth of time per offer between consecutive sizes, against the growth of ln(queued); judged only when `judged`. */
function logFit(id: string, store: StoreName, label: string, runs: Both[], judged: boolean): Row {
  const growth = (side: 'parley' | 'baseline') => runs.slice(1).map((r, i) => perOffer(r[side]) / perOffer(runs[i][side]));
  const logs = SIZES.slice(1).map((n, i) => Math.log(n) / Math.log(SIZES[i]));
  const [p, b] = [growth('parley'), growth('baseline')];
  const show = (g: number[]) => g.map((x) => `×${fmt(x)}`).join(', ');
  return {
    scenario: id,
    store,
    metric: `  ${label}: growth per offer ${SIZES.map((n) => `${n / 1000}k`).join('→')} (ln ratio ${show(logs)})`,
    parley: show(p),
    baseline: show(b),
    ratio: null,
    target: judged ? `≤ ln ratio × ${LOG_SLACK}` : '',
    met: judged ? p.every((g, i) => g <= logs[i] * LOG_SLACK) : null,
    data: { parley: p, baseline: b, lnRatio: logs },
  };
}

const show = (c: Case, one: boolean) => {
  const figure = (t: Timed) => (one ? fmt(t.ms) : fmt(perOffer(t)));
  return {
    parley: `${figure(c.decision.parley)} / ${figure(c.pass.parley)}${one ? '' : ` (${fmt(c.pass.parley.ms)} ms, ${c.pass.parley.offers} offers)`}`,
    baseline: `${figure(c.decision.baseline)} / ${figure(c.pass.baseline)}`,
    ratio: ratioOf(c.pass.parley.ms, c.pass.baseline.ms),
  };
};

/**
 * Part (b): the routing decision as the router makes it (route-pass.ts), on a store holding 1k,
 * 10k and 100k queued chats over 20 queues and 2,000 present agents with 5 chat slots each: a
 * full pass (every slot free) and one freed slot (every agent full but one). Timed twice: the
 * decision alone (what the pass reads and plans) and the whole pass (with the offers written),
 * each rolled back; in CPU time, PostgreSQL's server process's included (routing-pass-store.ts).
 * Against the same store read whole and assigned greedily (with the same writes).
 */
async function passes(ctx: ScenarioContext, id: string, store: StoreName): Promise<void> {
  const w = ctx.options.quick ? { minMs: 100, minRuns: 1 } : { minMs: 2000, minRuns: 5 };
  const input = plannerInput({ ...SHAPE, contacts: 0, held: 0 });
  const pass = await PassStore.open(store, ctx.options.postgres.url, input.agents, SHAPE.slots);
  try {
    const full: Case[] = [];
    const single: Case[] = [];
    for (const contacts of SIZES) {
      await pass.queueUpTo(contacts);
      await pass.hold(false, SHAPE.slots);
      const f = await timeCase(pass, input.agents, w);
      await pass.hold(true, SHAPE.slots);
      const s = await timeCase(pass, oneFreeSlot(input).agents, w);
      full.push(f);
      single.push(s);
      const common = { scenario: id, store, target: '', met: null };
      ctx.row({ ...common, metric: `pass: ${contacts} queued, ${SHAPE.agents} agents × ${SHAPE.slots} free: µs of ${pass.clock} per offer, decision / with writes`, ...show(f, false), data: f });
      ctx.row({ ...common, metric: `  pass: ${contacts} queued, one free slot: ms of ${pass.clock}, decision / with the offer written`, ...show(s, true), data: s });
    }
    const fits = [
      logFit(id, store, 'decision, full pass', full.map((c) => c.decision), true),
      logFit(id, store, 'decision, one free slot', single.map((c) => c.decision), true),
      logFit(id, store, 'whole pass, full', full.map((c) => c.pass), false),
      logFit(id, store, 'whole pass, one free slot', single.map((c) => c.pass), false),
    ];
    for (const r of fits) {
      ctx.row(r);
      ctx.note(`log fit, ${store}, ${r.metric.trim()}: Parley ${r.parley}, baseline ${r.baseline}`);
    }
    if (ctx.options.profile) {
      await pass.hold(false, SHAPE.slots);
      ctx.profile(await profileInProcess(`routing-pass-${store}-100k`, ctx.options.profileDir, () => timeRuns(() => pass.pass(), w.minMs, w.minRuns)));
    }
  } finally {
    await pass.close();
  }
}

/** Part (a): chats queued through StartChatContact over 20 queues, then every agent set Available at once; until every chat has been offered. */
async function endToEnd(ctx: ScenarioContext, id: string, store: StoreName): Promise<void> {
  const agents = agentsFor(ctx.options.quick);
  const chats = agents * SHAPE.slots;
  await withServers([startParleyServer(ctx, `parley-routing-${store}`, store)], async ([server]) => {
    const inst = server.child.ready as unknown as SeededInstance;
    const api = new SetupApi(server.child.url);
    let f: RoutingFixture | null = null;
    try {
      let t = performance.now();
      f = await routingFixture(api, inst, { queues: SHAPE.queues, agents, slots: SHAPE.slots });
      const agentsS = (performance.now() - t) / 1000;
      t = performance.now();
      await queueChats(api, inst, f, chats);
      const queueS = (performance.now() - t) / 1000;
      if (f.offered.size) throw new Error(`${f.offered.size} chats were offered before any agent was available`);
      server.child.beginProfile();
      const a = await makeAvailable(api, f, () => server.child.cpuMs(), chats, STATUSES_IN_FLIGHT, WAIT_MS);
      const base = await storeRoutingBaseline(store, ctx.options.postgres.url, plannerInput({ ...SHAPE, agents, contacts: chats, held: 0 }));
      const done = a.offered === chats;
      const cpuUs = (1000 * a.cpu.ms) / a.cpu.offers;
      ctx.row({
        scenario: id,
        store,
        metric: `${chats} queued over ${SHAPE.queues} queues, ${agents} agents available at once: until all offered`,
        parley: `${fmt(a.allMs)} ms${done ? '' : ` (only ${a.offered} offered in ${WAIT_MS / 1000} s)`}${a.inTimeout < chats ? `, ${a.inTimeout} within the ${OFFER_TIMEOUT_MS / 1000} s offer timeout` : ''}`,
        baseline: `${fmt(base.ms)} ms`,
        ratio: ratioOf(a.allMs, base.ms),
        target: `≤ ${ALL_OFFERED_MS} ms`,
        met: done && a.allMs <= ALL_OFFERED_MS,
        data: { chats, agents, ...a, baseline: base, setup: { agentsS, queueS } },
      });
      ctx.row({
        scenario: id,
        store,
        metric: `  server CPU per offer (µs, over the first ${a.cpu.offers} offers); statuses all answered after (ms)`,
        parley: `${fmt(cpuUs)} µs; ${fmt(a.statusMs)} ms`,
        baseline: `${fmt(perOffer(base))} µs (wall)`,
        ratio: ratioOf(cpuUs, perOffer(base)),
        target: '',
        met: null,
      });
      ctx.note(`${store}: ${agents} agents created, logged in and connected in ${fmt(agentsS)} s; ${chats} chats queued in ${fmt(queueS)} s (${fmt(chats / queueS)}/s)`);
    } finally {
      for (const a of f?.agents ?? []) a.events?.terminate();
      await api.close();
    }
  });
}

/**
 * Scenario 4: routing. End to end, 10,000 chats queued over 20 queues and 2,000 agents (5 chats
 * each) becoming available at once, until every chat has an offer; and the routing pass's
 * decision time on a store as the queue grows from 1k to 100k, against reading the whole queue
 * and assigning it greedily.
 */
export const routing: Scenario = {
  number: 4,
  id: 'routing',
  title: 'Routing: queued chats, agents becoming available at once',
  async run(ctx) {
    const id = `4 ${this.id}`;
    const stores = ctx.options.quick ? ctx.options.stores.slice(0, 1) : ctx.options.stores;
    for (const store of stores) await passes(ctx, id, store);
    for (const store of stores) await endToEnd(ctx, id, store);
  },
};
