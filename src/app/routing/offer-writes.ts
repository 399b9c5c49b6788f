import { sql } from 'kysely';
import { afterCommit, type Tx } from '../../adapters/store/db.js';
import type { PlannedOffer } from '../../core/routing/plan.js';
import { OFFER_TIMEOUT_MS, OFFER_TIMER } from '../agents/after-contact.js';
import { recordEvents } from '../contacts/events.js';
import type { Deps } from '../deps.js';
import { inFixedChunks } from './chunks.js';
import type { QueuedContact } from './waiting-heads.js';

/**
 * Makes the planned offers of a pass, a statement per chunk of offers rather than five per offer:
 * each contact is claimed with a conditional update (one that left the queue meanwhile is skipped),
 * then for the claimed ones the agent's offer (agent contact CONNECTING), its 20 s timer and the
 * OFFERED event are written, and each agent offered something is marked busy since `now`. Each
 * such agent is told once after commit, however many offers it got. Returns how many were made.
 */
export async function writeOffers(deps: Pick<Deps, 'ids' | 'bus' | 'timers'>, tx: Tx, instanceId: string, now: number, planned: readonly PlannedOffer[], contacts: ReadonlyMap<string, QueuedContact>): Promise<number> {
  const offers: PlannedOffer[] = [];
  for (const chunk of inFixedChunks(planned)) offers.push(...(await claim(tx, now, chunk)));
  if (!offers.length) return 0;
  for (const chunk of inFixedChunks(offers)) {
    const rows = chunk.map((o) => {
      const c = contacts.get(o.contactId)!;
      return { id: deps.ids.uuid(), user_id: o.agentId, instance_id: instanceId, contact_id: c.id, chat_id: c.chatId, channel: o.channel, queue_id: c.queueId, state: 'CONNECTING', state_since: now, offered_at: now, connected_at: null, ended_at: null, participant_id: null };
    });
    await tx.insertInto('agent_contacts').values(rows).execute();
    await tx.insertInto('timers').values(rows.map((r) => ({ kind: OFFER_TIMER, target: r.id, due_at: now + OFFER_TIMEOUT_MS, lease_until: 0 }))).execute();
    await recordEvents(tx, now, chunk.map((o) => ({ contact: { id: o.contactId, instance_id: instanceId }, event: { type: 'OFFERED', agentId: o.agentId, queueId: contacts.get(o.contactId)!.queueId } })));
  }
  const agents = [...new Set(offers.map((o) => o.agentId))];
  for (const chunk of inFixedChunks(agents)) await tx.updateTable('agents').set({ idle_since: now }).where('user_id', 'in', chunk).execute();
  afterCommit(tx, () => {
    for (const a of agents) deps.bus.publishAgent(a);
    deps.timers.wake();
  });
  return offers.length;
}

/**
 * Claims the contacts of `offers` still QUEUED for their agents; returns the offers claimed, in
 * plan order. One UPDATE … FROM VALUES: as cheap as a single-value update (a CASE over the
 * chunk's ids costs SQLite a comparison per id for each row).
 */
async function claim(tx: Tx, now: number, offers: readonly PlannedOffer[]): Promise<PlannedOffer[]> {
  const pairs = sql.join(offers.map((o) => sql`(${o.contactId}, ${o.agentId})`));
  const { rows } = await sql<{ id: string }>`update contacts set state = 'OFFERED', agent_id = v.column2, updated_at = ${now}
    from (values ${pairs}) as v where contacts.id = v.column1 and contacts.state = 'QUEUED' returning contacts.id`.execute(tx);
  const ids = new Set(rows.map((r) => r.id));
  return offers.filter((o) => ids.has(o.contactId));
}
