import type { Tx } from '../../adapters/store/db.js';
import { agentQueueReads, headReads } from '../../core/routing/heads.js';
import { CHANNELS, planHeads, type Channel, type PlannedOffer, type RoutableAgent, type WaitingContact } from '../../core/routing/plan.js';
import { agentQueueContacts, DEFAULT_QUEUE_PRIORITY, exclusions, readHeads, type QueuedRow } from './heads-query.js';

export type QueuedContact = WaitingContact & { chatId: string };

/** How much further a queue is read when its heads ran short: few rounds even for a queue far longer than its share. */
const GROWTH = 4;

/**
 * Plans a routing pass reading only the heads of the queues its agents (those with a free slot)
 * serve, in service order through contacts_queue_heads: about free slots plus skipped contacts
 * per queue, however long the queues are. Where the planner looked past what was read (more
 * contacts excluded or delayed than read, or a queue holding more of the oldest contacts than its
 * share), those queues are read four times as far and the pass is planned again. Agents' own
 * queues are read whole. Returns the offers and the contacts read.
 */
export async function planFromHeads(tx: Tx, agents: readonly RoutableAgent[], now: number): Promise<{ offers: PlannedOffer[]; contacts: Map<string, QueuedContact> }> {
  const contacts = new Map<string, QueuedContact>();
  const reads = headReads(agents);
  const limitOf = new Map(reads.map((r) => [r.key, r.limit]));
  const partial = new Set<string>();
  let rows = await agentQueueContacts(tx, agentQueueReads(agents));
  let toRead = reads;
  for (;;) {
    for (const [key, heads] of await readHeads(tx, toRead)) {
      if (heads.length === limitOf.get(key)) partial.add(key);
      else partial.delete(key);
      rows.push(...heads);
    }
    const fresh = rows.filter((r) => !contacts.has(r.id) && r.queue_id !== null && (CHANNELS as readonly string[]).includes(r.channel));
    addContacts(contacts, fresh, await exclusions(tx, fresh.map((r) => r.id)));
    const plan = planHeads([...contacts.values()], agents, now, partial);
    if (!plan.short.size) return { offers: plan.offers, contacts };
    toRead = reads.filter((r) => plan.short.has(r.key));
    for (const r of toRead) limitOf.set(r.key, (r.limit *= GROWTH));
    rows = [];
  }
}

/** Adds contacts read, with the agents who missed or rejected each: they are not offered it again until they clear it. */
function addContacts(into: Map<string, QueuedContact>, rows: readonly QueuedRow[], excluded: ReadonlyMap<string, string[]>): void {
  for (const r of rows) {
    into.set(r.id, {
      id: r.id,
      chatId: r.chat_id,
      queueId: r.queue_id!,
      channel: r.channel as Channel,
      priority: r.queue_priority ?? DEFAULT_QUEUE_PRIORITY,
      enqueuedAt: Number(r.enqueued_at ?? 0),
      ageAdjustSeconds: Number(r.queue_time_adjust_seconds ?? 0),
      excludedAgents: excluded.get(r.id),
    });
  }
}
