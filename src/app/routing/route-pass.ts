import { afterCommit, type Tx } from '../../adapters/store/db.js';
import { recordEvent } from '../contacts/events.js';
import { CHANNELS, planOffers, slotsOf, type Channel, type MediaConcurrency, type RoutableAgent, type WaitingContact } from '../../core/routing/plan.js';
import { OFFER_TIMEOUT_MS, OFFER_TIMER } from '../agents/after-contact.js';
import type { Deps } from '../deps.js';

/** Routing priority of a contact nobody set one for (Connect's default QueuePriority). */
export const DEFAULT_QUEUE_PRIORITY = 5;

/**
 * One routing pass over an instance, in the caller's transaction: reads what waits and who can
 * take it, plans (core/routing/plan.ts) and claims each offer. Passes of one instance are
 * serialized (SQLite has one writer; on PostgreSQL a lock row is taken first), so free slots read
 * here cannot be taken by another pass before this one commits; each contact is claimed with a
 * conditional update, so a contact that left the queue meanwhile is skipped. Returns how many
 * offers were made.
 */
export async function routeInstance(deps: Deps, tx: Tx, instanceId: string): Promise<number> {
  if (!deps.db.capabilities.singleWriter) await lockRouting(tx, instanceId);
  const now = deps.clock.now();
  const contacts = await waitingContacts(tx, instanceId);
  if (!contacts.length) return 0;
  const agents = await routableAgents(tx, instanceId, Date.now());
  if (!agents.length) return 0;
  const byId = new Map(contacts.map((c) => [c.id, c]));
  let made = 0;
  for (const offer of planOffers(contacts, agents, now)) {
    const c = byId.get(offer.contactId)!;
    const claimed = await tx
      .updateTable('contacts')
      .set({ state: 'OFFERED', agent_id: offer.agentId, updated_at: now })
      .where('id', '=', c.id)
      .where('state', '=', 'QUEUED')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) continue;
    const id = deps.ids.uuid();
    await tx
      .insertInto('agent_contacts')
      .values({ id, user_id: offer.agentId, instance_id: instanceId, contact_id: c.id, chat_id: c.chatId, channel: offer.channel, queue_id: c.queueId, state: 'CONNECTING', state_since: now, offered_at: now, connected_at: null, ended_at: null, participant_id: null })
      .execute();
    await tx.updateTable('agents').set({ idle_since: now }).where('user_id', '=', offer.agentId).execute();
    await tx.insertInto('timers').values({ kind: OFFER_TIMER, target: id, due_at: now + OFFER_TIMEOUT_MS, lease_until: 0 }).execute();
    await recordEvent(tx, now, { id: c.id, instance_id: instanceId }, { type: 'OFFERED', agentId: offer.agentId, queueId: c.queueId });
    afterCommit(tx, () => deps.bus.publishAgent(offer.agentId));
    made++;
  }
  if (made) afterCommit(tx, () => deps.timers.wake());
  return made;
}

/** Serializes routing passes of an instance across processes (PostgreSQL): a row of its own, so no other writer ever waits on it. */
async function lockRouting(tx: Tx, instanceId: string): Promise<void> {
  const key = `routing-lock:${instanceId}`;
  await tx.insertInto('settings').values({ key, value: '' }).onConflict((oc) => oc.column('key').doNothing()).execute();
  await tx.selectFrom('settings').select('key').where('key', '=', key).forUpdate().execute();
}

async function waitingContacts(tx: Tx, instanceId: string): Promise<(WaitingContact & { chatId: string })[]> {
  const rows = await tx
    .selectFrom('contacts')
    .select(['id', 'chat_id', 'queue_id', 'channel', 'queue_priority', 'enqueued_at', 'queue_time_adjust_seconds'])
    .where('instance_id', '=', instanceId)
    .where('state', '=', 'QUEUED')
    .execute();
  if (!rows.length) return [];
  const shunned = await tx
    .selectFrom('agent_contacts')
    .select(['contact_id', 'user_id'])
    .where('instance_id', '=', instanceId)
    .where('state', 'in', ['MISSED', 'REJECTED'])
    .execute();
  const excluded = new Map<string, string[]>();
  for (const s of shunned) excluded.set(s.contact_id, [...(excluded.get(s.contact_id) ?? []), s.user_id]);
  return rows
    .filter((r) => r.queue_id !== null && (CHANNELS as readonly string[]).includes(r.channel))
    .map((r) => ({
      id: r.id,
      chatId: r.chat_id,
      queueId: r.queue_id!,
      channel: r.channel as Channel,
      priority: r.queue_priority ?? DEFAULT_QUEUE_PRIORITY,
      enqueuedAt: Number(r.enqueued_at ?? 0),
      ageAdjustSeconds: Number(r.queue_time_adjust_seconds ?? 0),
      excludedAgents: excluded.get(r.id),
    }));
}

/**
 * Agents who may be offered contacts: in a ROUTABLE status with no next status pending (a status
 * set while busy pauses routing), with an event socket open on some node (a presence lease still
 * valid at `wallNow`), with their routing profile's queues and their slots.
 */
export async function routableAgents(tx: Tx, instanceId: string, wallNow: number): Promise<RoutableAgent[]> {
  const rows = await tx
    .selectFrom('agents')
    .innerJoin('agent_statuses', 'agent_statuses.id', 'agents.status_id')
    .innerJoin('users', 'users.id', 'agents.user_id')
    .select(['agents.user_id', 'agents.idle_since', 'users.routing_profile_id'])
    .where('agents.instance_id', '=', instanceId)
    .where('agent_statuses.type', '=', 'ROUTABLE')
    .where('agents.next_status_id', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('agent_presence').select('node').whereRef('agent_presence.user_id', '=', 'agents.user_id').where('agent_presence.until', '>', wallNow)))
    .execute();
  if (!rows.length) return [];
  const profileIds = [...new Set(rows.map((r) => r.routing_profile_id))];
  const profiles = await tx.selectFrom('routing_profiles').select(['id', 'media_concurrencies']).where('id', 'in', profileIds).execute();
  const queues = await tx.selectFrom('routing_profile_queues').selectAll().where('routing_profile_id', 'in', profileIds).execute();
  const held = await tx
    .selectFrom('agent_contacts')
    .select(['user_id', 'channel', (eb) => eb.fn.countAll<number>().as('n')])
    .where('instance_id', '=', instanceId)
    .groupBy(['user_id', 'channel'])
    .execute();
  const heldOf = new Map(held.map((h) => [`${h.user_id}|${h.channel}`, Number(h.n)]));
  const concurrency = new Map(profiles.map((p) => [p.id, JSON.parse(p.media_concurrencies) as MediaConcurrency[]]));
  return rows.map((r) => {
    const slots = slotsOf(concurrency.get(r.routing_profile_id) ?? [], (channel) => heldOf.get(`${r.user_id}|${channel}`) ?? 0);
    const own = CHANNELS.filter((c) => slots[c]).map((channel) => ({ queueId: r.user_id, channel, priority: 0, delayMs: 0 }));
    const mine = queues
      .filter((q) => q.routing_profile_id === r.routing_profile_id && (CHANNELS as readonly string[]).includes(q.channel))
      .map((q) => ({ queueId: q.queue_id, channel: q.channel as Channel, priority: Number(q.priority), delayMs: Number(q.delay) * 1000 }));
    return { id: r.user_id, idleSince: Number(r.idle_since), slots, queues: [...own, ...mine] };
  });
}
