import type { RoutableAgent, WaitingContact } from '../../src/core/routing/plan.js';

/** A small deterministic generator (mulberry32): the same input on every run and machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PlannerInput {
  contacts: WaitingContact[];
  agents: RoutableAgent[];
  now: number;
}

export interface InputShape {
  contacts: number;
  agents: number;
  queues: number;
  /** Chat slots per agent, and how many of them are already held. */
  slots: number;
  held: number;
}

const NOW = 1_800_000_000_000;

/**
 * What a routing pass hands the planner, shaped as route-pass.ts builds it: contacts spread over
 * the queues with Connect's default priority 5 and ages up to 10 minutes; agents idle for up to
 * an hour, each with a routing profile of every queue (priority 1, no delay) plus its own agent
 * queue (priority 0), `slots` chat slots of which `held` are taken.
 */
export function plannerInput(shape: InputShape, seed = 7): PlannerInput {
  const rnd = random(seed);
  const queueIds = Array.from({ length: shape.queues }, (_, q) => `queue-${q}`);
  const contacts: WaitingContact[] = Array.from({ length: shape.contacts }, (_, i) => ({
    id: `contact-${i}`,
    queueId: queueIds[i % shape.queues],
    channel: 'CHAT',
    priority: 5,
    enqueuedAt: NOW - Math.floor(rnd() * 600_000),
    ageAdjustSeconds: 0,
  }));
  const agents: RoutableAgent[] = Array.from({ length: shape.agents }, (_, j) => ({
    id: `agent-${j}`,
    idleSince: NOW - Math.floor(rnd() * 3_600_000),
    slots: { CHAT: { max: shape.slots, held: shape.held, exclusive: true } },
    queues: [{ queueId: `agent-${j}`, channel: 'CHAT', priority: 0, delayMs: 0 }, ...queueIds.map((queueId) => ({ queueId, channel: 'CHAT' as const, priority: 1, delayMs: 0 }))],
  }));
  return { contacts, agents, now: NOW };
}

/** The same input with every agent's slots full but one agent's one slot: the decision when a single chat ends. */
export function oneFreeSlot(input: PlannerInput): PlannerInput {
  const agents = input.agents.map((a, j) => {
    const chat = a.slots.CHAT!;
    return { ...a, slots: { CHAT: { ...chat, held: j === 0 ? chat.max - 1 : chat.max } } };
  });
  return { ...input, agents };
}

/**
 * The baseline: the least an assignment of the same input can do. One sort of every contact by
 * priority then age, agents in order of idleness, and a single pass giving each contact, in
 * order, to the next agent round the line with a free slot that serves its queue. No per-agent
 * queue priorities, no exclusions or delays, no channels: what Parley's planner adds is the cost.
 */
export function greedyOffers(input: PlannerInput): [contactId: string, agentId: string][] {
  const contacts = [...input.contacts].sort((a, b) => a.priority - b.priority || a.enqueuedAt - a.ageAdjustSeconds * 1000 - (b.enqueuedAt - b.ageAdjustSeconds * 1000));
  const line = [...input.agents].sort((a, b) => a.idleSince - b.idleSince).map((a) => ({ id: a.id, free: a.slots.CHAT ? a.slots.CHAT.max - a.slots.CHAT.held : 0, serves: new Set(a.queues.map((q) => q.queueId)) }));
  const open = line.filter((a) => a.free > 0);
  const offers: [string, string][] = [];
  let at = 0;
  for (const c of contacts) {
    if (!open.length) break;
    for (let tried = 0; tried < open.length; tried++) {
      if (at >= open.length) at = 0;
      const agent = open[at];
      if (!agent.serves.has(c.queueId)) {
        at++;
        continue;
      }
      agent.free--;
      offers.push([c.id, agent.id]);
      // A full agent leaves the line (the last one takes its place); otherwise the next agent is next.
      if (agent.free > 0) at++;
      else open[at] = open[open.length - 1];
      if (agent.free === 0) open.pop();
      break;
    }
  }
  return offers;
}

/**
 * Median duration (ms) of runs of `fn`, which times itself (a routing pass excludes its
 * transaction's rollback), over at least `minMs` in all and at least `minRuns` runs, after one
 * warm-up run.
 */
export async function timeRuns(fn: () => Promise<{ ms: number; result: number }>, minMs: number, minRuns = 3): Promise<{ ms: number; result: number; runs: number }> {
  let { result } = await fn();
  const times: number[] = [];
  const until = performance.now() + minMs;
  while (times.length < minRuns || performance.now() < until) {
    const run = await fn();
    times.push(run.ms);
    result = run.result;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result, runs: times.length };
}
