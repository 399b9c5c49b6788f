import { describe, expect, it } from 'vitest';
import { freeSlots, planOffers, type RoutableAgent, type WaitingContact } from './plan.js';

const chat = (id: string, queueId: string, enqueuedAt: number, extra: Partial<WaitingContact> = {}): WaitingContact => ({ id, queueId, channel: 'CHAT', priority: 5, enqueuedAt, ageAdjustSeconds: 0, ...extra });
const agent = (id: string, idleSince: number, queues: RoutableAgent['queues'], chats = 1, held = 0): RoutableAgent => ({
  id,
  idleSince,
  slots: { CHAT: { max: chats, held, exclusive: true }, TASK: { max: 1, held: 0, exclusive: true } },
  queues,
});
const q = (queueId: string, priority = 1, delayMs = 0) => ({ queueId, channel: 'CHAT' as const, priority, delayMs });

describe('planOffers', () => {
  it('gives the oldest contact to the agent idle longest', () => {
    const offers = planOffers([chat('young', 'Q', 200), chat('old', 'Q', 100)], [agent('busy-lately', 50, [q('Q')]), agent('idle-long', 10, [q('Q')])], 1000);
    expect(offers).toEqual([
      { contactId: 'old', agentId: 'idle-long', channel: 'CHAT' },
      { contactId: 'young', agentId: 'busy-lately', channel: 'CHAT' },
    ]);
  });

  it('serves the agent’s higher-priority queue first, then routing priority, then age adjusted by QueueTimeAdjustmentSeconds', () => {
    const contacts = [chat('low-queue-old', 'LOW', 0), chat('hi-queue', 'HIGH', 500), chat('hi-urgent', 'HIGH', 900, { priority: 1 }), chat('hi-aged', 'HIGH', 800, { ageAdjustSeconds: 1 })];
    const offers = planOffers(contacts, [agent('a', 0, [q('HIGH', 1), q('LOW', 2)], 4)], 1000);
    expect(offers.map((o) => o.contactId)).toEqual(['hi-urgent', 'hi-aged', 'hi-queue', 'low-queue-old']);
  });

  it('never exceeds free slots and leaves contacts waiting only when no eligible agent has room', () => {
    const contacts = Array.from({ length: 10 }, (_, i) => chat(`c${i}`, 'Q', i));
    const offers = planOffers(contacts, [agent('a', 0, [q('Q')], 3, 1), agent('b', 1, [q('Q')], 2)], 100);
    expect(offers.filter((o) => o.agentId === 'a')).toHaveLength(2);
    expect(offers.filter((o) => o.agentId === 'b')).toHaveLength(2);
    expect(offers.map((o) => o.contactId).sort()).toEqual(['c0', 'c1', 'c2', 'c3']);
  });

  it('honours queue delays per agent and skips agents who missed or rejected the contact', () => {
    const contacts = [chat('fresh', 'Q', 990), chat('shunned', 'Q', 0, { excludedAgents: ['a'] })];
    const offers = planOffers(contacts, [agent('a', 0, [q('Q', 1, 100)], 2), agent('b', 5, [q('Q', 1, 0)])], 1000);
    expect(offers).toEqual([{ contactId: 'shunned', agentId: 'b', channel: 'CHAT' }]);
  });

  it('keeps channels apart under ROUTE_CURRENT_CHANNEL_ONLY and mixes them under ROUTE_ANY_CHANNEL', () => {
    const exclusive = { CHAT: { max: 3, held: 1, exclusive: true }, TASK: { max: 1, held: 0, exclusive: true } };
    expect(freeSlots(exclusive, 'TASK')).toBe(0);
    expect(freeSlots(exclusive, 'CHAT')).toBe(2);
    expect(freeSlots({ ...exclusive, CHAT: { max: 3, held: 1, exclusive: false } }, 'TASK')).toBe(1);
  });
});
