import { precompiled } from '../../adapters/store/compiled.js';
import type { Tx } from '../../adapters/store/db.js';
import { CHANNELS, hasFreeSlot, slotsOf, type Channel, type MediaConcurrency, type PlannedOffer, type RoutableAgent } from '../../core/routing/plan.js';
import type { Deps } from '../deps.js';
import { writeOffers } from './offer-writes.js';
import { planFromHeads, type QueuedContact } from './waiting-heads.js';

/**
 * One routing pass over an instance, in the caller's transaction: reads who can take a contact
 * and the heads of the queues they serve, plans (core/routing/plan.ts) and claims each offer.
 * Passes of one instance are serialized (SQLite has one writer; on PostgreSQL a lock row is taken
 * first), so free slots read here cannot be taken by another pass before this one commits; each
 * contact is claimed with a conditional update, so a contact that left the queue meanwhile is
 * skipped. Returns how many offers were made. Cost: the instance's routable agents and their held
 * slots, and per queue they serve about as many contacts as they have free slots, through an
 * index: not the queues' length (waiting-heads.ts).
 */
export async function routeInstance(deps: Deps, tx: Tx, instanceId: string): Promise<number> {
  if (!deps.db.capabilities.singleWriter) await lockRouting(tx, instanceId);
  const now = deps.clock.now();
  const { offers, contacts } = await decideOffers(tx, instanceId, now);
  return writeOffers(deps, tx, instanceId, now, offers, contacts);
}

/** The decision of a pass at `now`: who can take a contact, the heads of the queues they serve, the plan. */
export async function decideOffers(tx: Tx, instanceId: string, now: number): Promise<{ offers: PlannedOffer[]; contacts: Map<string, QueuedContact> }> {
  const agents = await agentsWithFreeSlots(tx, instanceId, Date.now());
  if (!agents.length) return { offers: [], contacts: new Map() };
  return planFromHeads(tx, agents, now);
}

/** Serializes routing passes of an instance across processes (PostgreSQL): a row of its own, so no other writer ever waits on it. */
async function lockRouting(tx: Tx, instanceId: string): Promise<void> {
  const key = `routing-lock:${instanceId}`;
  await tx.insertInto('settings').values({ key, value: '' }).onConflict((oc) => oc.column('key').doNothing()).execute();
  await tx.selectFrom('settings').select('key').where('key', '=', key).forUpdate().execute();
}

const routable = precompiled((db, p: { instanceId: string; wallNow: number }) =>
  db
    .selectFrom('agents')
    .innerJoin('agent_statuses', 'agent_statuses.id', 'agents.status_id')
    .innerJoin('users', 'users.id', 'agents.user_id')
    .select(['agents.user_id', 'agents.idle_since', 'users.routing_profile_id'])
    .where('agents.instance_id', '=', p.instanceId)
    .where('agent_statuses.type', '=', 'ROUTABLE')
    .where('agents.next_status_id', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('agent_presence').select('node').whereRef('agent_presence.user_id', '=', 'agents.user_id').where('agent_presence.until', '>', p.wallNow))),
);

const heldByAgent = precompiled((db, p: { instanceId: string }) =>
  db
    .selectFrom('agent_contacts')
    .select(['user_id', 'channel', (eb) => eb.fn.countAll<number>().as('n')])
    .where('instance_id', '=', p.instanceId)
    .groupBy(['user_id', 'channel']),
);

/**
 * Agents who may be offered a contact now: in a ROUTABLE status with no next status pending (a
 * status set while busy pauses routing), with an event socket open on some node (a presence
 * lease still valid at `wallNow`), and a free slot; with their routing profile's queues and their
 * slots. The others could take nothing, so nothing more is made for them.
 */
export async function agentsWithFreeSlots(tx: Tx, instanceId: string, wallNow: number): Promise<RoutableAgent[]> {
  const rows = await routable.rows(tx, { instanceId, wallNow });
  if (!rows.length) return [];
  const profileIds = [...new Set(rows.map((r) => r.routing_profile_id))];
  const profiles = await tx.selectFrom('routing_profiles').select(['id', 'media_concurrencies']).where('id', 'in', profileIds).execute();
  const queues = await tx.selectFrom('routing_profile_queues').selectAll().where('routing_profile_id', 'in', profileIds).execute();
  const held = await heldByAgent.rows(tx, { instanceId });
  const heldOf = new Map(held.map((h) => [`${h.user_id}|${h.channel}`, Number(h.n)]));
  const concurrency = new Map(profiles.map((p) => [p.id, JSON.parse(p.media_concurrencies) as MediaConcurrency[]]));
  // A profile's queues, made once and shared by its agents (the planner only reads them).
  const queuesOf = new Map(
    profileIds.map((id) => [
      id,
      queues
        .filter((q) => q.routing_profile_id === id && (CHANNELS as readonly string[]).includes(q.channel))
        .map((q) => ({ queueId: q.queue_id, channel: q.channel as Channel, priority: Number(q.priority), delayMs: Number(q.delay) * 1000 })),
    ]),
  );
  const agents: RoutableAgent[] = [];
  for (const r of rows) {
    const slots = slotsOf(concurrency.get(r.routing_profile_id) ?? [], (channel) => heldOf.get(`${r.user_id}|${channel}`) ?? 0);
    if (!hasFreeSlot({ slots })) continue;
    const own = CHANNELS.filter((c) => slots[c]).map((channel) => ({ queueId: r.user_id, channel, priority: 0, delayMs: 0 }));
    agents.push({ id: r.user_id, idleSince: Number(r.idle_since), slots, queues: [...own, ...queuesOf.get(r.routing_profile_id)!] });
  }
  return agents;
}
