import type { Tx } from '../../adapters/store/db.js';

/** Live figures of a queue for flows (CheckMetricData, GetMetricData). */
export interface QueueFigures {
  inQueue: number;
  oldestMs: number;
  /** Logged in (an event socket open) with a status other than Offline. */
  agentsOnline: number;
  /** Online in a routable status with a free chat slot: could take a contact now. */
  agentsAvailable: number;
  /** Online and available, on contact or in after-contact work (Connect: Staffed). */
  agentsStaffed: number;
  agentsOnContact: number;
  agentsAfterContactWork: number;
  agentsMissed: number;
  agentsNonProductive: number;
}

/**
 * The figures of a queue at `now` (domain) and `wallNow` (presence leases). The agents counted are
 * those whose routing profile serves the queue; for an agent's own queue (its id is the user's),
 * that agent alone.
 */
export async function queueMetrics(tx: Tx, queueId: string, now: number, wallNow: number = Date.now()): Promise<QueueFigures> {
  const row = await tx
    .selectFrom('contacts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('enqueued_at').as('oldest')])
    .where('queue_id', '=', queueId)
    .where('state', '=', 'QUEUED')
    .executeTakeFirst();
  const oldest = row?.oldest == null ? null : Number(row.oldest);
  const agents = await tx
    .selectFrom('agents')
    .innerJoin('users', 'users.id', 'agents.user_id')
    .innerJoin('agent_statuses', 'agent_statuses.id', 'agents.status_id')
    .innerJoin('routing_profiles', 'routing_profiles.id', 'users.routing_profile_id')
    .select(['agents.user_id', 'agents.next_status_id', 'agent_statuses.type', 'routing_profiles.media_concurrencies'])
    .where((eb) =>
      eb.or([eb('users.id', '=', queueId), eb('users.routing_profile_id', 'in', eb.selectFrom('routing_profile_queues').select('routing_profile_id').where('queue_id', '=', queueId))]),
    )
    .where((eb) => eb.exists(eb.selectFrom('agent_presence').select('node').whereRef('agent_presence.user_id', '=', 'agents.user_id').where('agent_presence.until', '>', wallNow)))
    .where('agent_statuses.type', '!=', 'OFFLINE')
    .execute();
  const held = agents.length
    ? await tx.selectFrom('agent_contacts').select(['user_id', 'state']).where('user_id', 'in', agents.map((a) => a.user_id)).execute()
    : [];
  const f: QueueFigures = { inQueue: Number(row?.n ?? 0), oldestMs: oldest === null ? 0 : now - oldest, agentsOnline: agents.length, agentsAvailable: 0, agentsStaffed: 0, agentsOnContact: 0, agentsAfterContactWork: 0, agentsMissed: 0, agentsNonProductive: 0 };
  for (const a of agents) {
    const mine = held.filter((h) => h.user_id === a.user_id);
    const chatSlots = (JSON.parse(a.media_concurrencies) as { Channel: string; Concurrency: number }[]).find((m) => m.Channel === 'CHAT')?.Concurrency ?? 0;
    const onContact = mine.some((h) => h.state === 'CONNECTED' || h.state === 'CONNECTING');
    const acw = mine.some((h) => h.state === 'ENDED');
    const routable = a.type === 'ROUTABLE' && !a.next_status_id;
    if (routable && mine.length < chatSlots) f.agentsAvailable++;
    if (routable || onContact || acw) f.agentsStaffed++;
    if (onContact) f.agentsOnContact++;
    if (acw) f.agentsAfterContactWork++;
    if (mine.some((h) => h.state === 'MISSED' || h.state === 'REJECTED' || h.state === 'ERROR')) f.agentsMissed++;
    if (a.type === 'CUSTOM') f.agentsNonProductive++;
  }
  return f;
}
