import { bucketKey, CHANNELS, freeSlots, hasFreeSlot, type Channel, type QueueConfig, type RoutableAgent } from './plan.js';

/** Heads read beyond the free slots at first, so that a few excluded or delayed contacts cost no second read. */
const SLACK = 4;
/**
 * A queue's share of the channel's free slots is read this many times over at first: routing by
 * age takes from each queue about in proportion to its oldest contacts, with some spread.
 */
const SHARE_MARGIN = 1.25;

/** A bucket (queue and channel) a routing pass reads the head of, and how many contacts to read at first. */
export interface HeadRead {
  key: string;
  queueId: string;
  channel: Channel;
  limit: number;
}

/**
 * What a routing pass reads, from its agents alone: the buckets of the queues that agents with a
 * free slot serve. A bucket can give at most as many offers as the free slots of its agents, and
 * the offers of a pass are at most the free slots of the channel, which the queues of the channel
 * share; each bucket is read to a little more than its even share of those at first (routing by
 * age drains the queues about evenly), and the planner asks for more where that was not enough
 * (planHeads).
 * Agents' own queues (queue id = agent id) are left out: they are read whole, by agent.
 */
export function headReads(agents: readonly RoutableAgent[]): HeadRead[] {
  const demand = new Map<string, { queueId: string; channel: Channel; free: number }>();
  // Agents of a profile share its queue entries: a key is made once per entry, not per agent.
  const keyOf = new Map<QueueConfig, string>();
  const freeOf = new Map<Channel, number>(CHANNELS.map((c) => [c, 0]));
  for (const agent of agents) {
    const free = new Map(CHANNELS.map((c) => [c, freeSlots(agent.slots, c)]));
    for (const c of CHANNELS) freeOf.set(c, freeOf.get(c)! + free.get(c)!);
    for (const q of agent.queues) {
      if (q.queueId === agent.id || !free.get(q.channel)) continue;
      let key = keyOf.get(q);
      if (key === undefined) keyOf.set(q, (key = bucketKey(q.queueId, q.channel)));
      const d = demand.get(key);
      if (d) d.free += free.get(q.channel)!;
      else demand.set(key, { queueId: q.queueId, channel: q.channel, free: free.get(q.channel)! });
    }
  }
  const bucketsOf = new Map<Channel, number>(CHANNELS.map((c) => [c, 0]));
  for (const d of demand.values()) bucketsOf.set(d.channel, bucketsOf.get(d.channel)! + 1);
  return [...demand].map(([key, d]) => {
    const share = Math.ceil((SHARE_MARGIN * freeOf.get(d.channel)!) / bucketsOf.get(d.channel)!);
    return { key, queueId: d.queueId, channel: d.channel, limit: Math.min(d.free, share) + SLACK };
  });
}

/** The agents whose own queue (contacts sent to the agent) a routing pass reads. */
export const agentQueueReads = (agents: readonly RoutableAgent[]): string[] => agents.filter(hasFreeSlot).map((a) => a.id);
