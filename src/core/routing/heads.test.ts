import { describe, expect, it } from 'vitest';
import { agentQueueReads, headReads } from './heads.js';
import { bucketKey, planHeads, planOffers, type RoutableAgent, type WaitingContact } from './plan.js';

const chat = (id: string, queueId: string, enqueuedAt: number, extra: Partial<WaitingContact> = {}): WaitingContact => ({ id, queueId, channel: 'CHAT', priority: 5, enqueuedAt, ageAdjustSeconds: 0, ...extra });
const q = (queueId: string, priority = 1, delayMs = 0) => ({ queueId, channel: 'CHAT' as const, priority, delayMs });
const agent = (id: string, idleSince: number, queues: RoutableAgent['queues'], max = 1, held = 0): RoutableAgent => ({ id, idleSince, slots: { CHAT: { max, held, exclusive: true } }, queues });

/** The first `n` contacts of each queue in service order (priority, effective age, id), as a pass reads them. */
function heads(contacts: readonly WaitingContact[], n: (queueId: string) => number): WaitingContact[] {
  const since = (c: WaitingContact) => c.enqueuedAt - c.ageAdjustSeconds * 1000;
  const sorted = [...contacts].sort((a, b) => a.priority - b.priority || since(a) - since(b) || (a.id < b.id ? -1 : 1));
  const taken = new Map<string, number>();
  return sorted.filter((c) => {
    const k = (taken.get(c.queueId) ?? 0) + 1;
    taken.set(c.queueId, k);
    return k <= n(c.queueId);
  });
}

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('planHeads', () => {
  it('reports a partial queue whose heads ran out before the agent found a contact it may take', () => {
    const contacts = [chat('a', 'Q', 1, { excludedAgents: ['x'] }), chat('b', 'Q', 2, { excludedAgents: ['x'] }), chat('c', 'Q', 3)];
    const x = agent('x', 0, [q('Q')]);
    const partial = new Set([bucketKey('Q', 'CHAT')]);
    expect(planHeads(contacts.slice(0, 2), [x], 10, partial)).toEqual({ offers: [], short: partial });
    expect(planHeads(contacts, [x], 10, partial)).toEqual({ offers: [{ contactId: 'c', agentId: 'x', channel: 'CHAT' }], short: new Set() });
  });

  it('plans as planOffers on whole queues whenever it reports nothing short', () => {
    const rnd = random(11);
    let complete = 0;
    for (let round = 0; round < 200; round++) {
      const queues = ['A', 'B', 'C'];
      const agents = Array.from({ length: 1 + Math.floor(rnd() * 5) }, (_, j) =>
        agent(`ag${j}`, Math.floor(rnd() * 100), queues.filter(() => rnd() < 0.7).map((id) => q(id, 1 + Math.floor(rnd() * 2), rnd() < 0.2 ? 50 : 0)), 1 + Math.floor(rnd() * 3)),
      );
      const contacts = Array.from({ length: Math.floor(rnd() * 30) }, (_, i) =>
        chat(`c${i}`, queues[Math.floor(rnd() * 3)], Math.floor(rnd() * 100), {
          priority: rnd() < 0.2 ? 1 : 5,
          ageAdjustSeconds: rnd() < 0.1 ? 0.05 : 0,
          excludedAgents: agents.filter(() => rnd() < 0.15).map((a) => a.id),
        }),
      );
      const limit = new Map(queues.map((id) => [id, Math.floor(rnd() * 6)]));
      const read = heads(contacts, (id) => limit.get(id)!);
      const partial = new Set(queues.filter((id) => contacts.filter((c) => c.queueId === id).length > limit.get(id)!).map((id) => bucketKey(id, 'CHAT')));
      const plan = planHeads(read, agents, 100, partial);
      if (plan.short.size) continue;
      complete++;
      expect(plan.offers).toEqual(planOffers(contacts, agents, 100));
    }
    expect(complete).toBeGreaterThan(50);
  });
});

describe('headReads', () => {
  it('reads each queue of agents with a free slot to a little more than its share of the free slots, at most their free slots, plus a few', () => {
    const agents = [
      agent('x', 0, [q('x', 0), q('A'), q('B')], 5),
      agent('y', 0, [q('y', 0), q('A')], 3, 1),
      agent('full', 0, [q('full', 0), q('C')], 2, 2),
    ];
    // 7 free slots over queues A and B (C's only agent is full): 1.25 even shares are 5 (rounded up); A's agents have 7 free, B's 5.
    expect(headReads(agents)).toEqual([
      { key: bucketKey('A', 'CHAT'), queueId: 'A', channel: 'CHAT', limit: 5 + 4 },
      { key: bucketKey('B', 'CHAT'), queueId: 'B', channel: 'CHAT', limit: 5 + 4 },
    ]);
    expect(agentQueueReads(agents)).toEqual(['x', 'y']);
  });
});
