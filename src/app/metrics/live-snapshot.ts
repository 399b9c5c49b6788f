import type { Tx } from '../../adapters/store/db.js';
import type { Config } from '../../config.js';
import type { LiveSnapshot } from '../../core/metrics/current.js';
import type { MediaConcurrency } from '../../core/routing/plan.js';
import { arns } from '../arn.js';

/**
 * The live state of an instance that real-time metrics aggregate, in six reads (no per-agent
 * queries, so a scrape of a large instance stays cheap): standard queues (by name), routing
 * profiles with their queue-channel pairs, statuses, agents with their status and the contacts
 * holding their slots, and the contacts waiting in queue. `agentQueues` adds agents' own queues
 * (user ids) that a filter named. Presence (an open event socket) is not read: like Connect,
 * which counts the status an agent set in the CCP, an agent is online while its status says so.
 */
export async function readLiveSnapshot(db: Tx, config: Pick<Config, 'region' | 'accountId'>, instanceId: string, now: number, agentQueues: readonly string[] = []): Promise<LiveSnapshot> {
  const arn = arns(config);
  const queues = await db.selectFrom('queues').select(['id', 'name']).where('instance_id', '=', instanceId).orderBy('name').orderBy('id').execute();
  const ownQueues = agentQueues.length ? await db.selectFrom('users').select(['id', 'username']).where('instance_id', '=', instanceId).where('id', 'in', [...agentQueues]).execute() : [];
  const profiles = await db.selectFrom('routing_profiles').select(['id', 'media_concurrencies']).where('instance_id', '=', instanceId).orderBy('name').orderBy('id').execute();
  const pairs = await db
    .selectFrom('routing_profile_queues')
    .innerJoin('routing_profiles', 'routing_profiles.id', 'routing_profile_queues.routing_profile_id')
    .select(['routing_profile_queues.routing_profile_id', 'routing_profile_queues.queue_id', 'routing_profile_queues.channel'])
    .where('routing_profiles.instance_id', '=', instanceId)
    .execute();
  const statuses = await db.selectFrom('agent_statuses').select(['id', 'type']).where('instance_id', '=', instanceId).orderBy('display_order').orderBy('name').execute();
  const agents = await db
    .selectFrom('agents')
    .innerJoin('users', 'users.id', 'agents.user_id')
    .innerJoin('agent_statuses', 'agent_statuses.id', 'agents.status_id')
    .select(['agents.user_id', 'agents.status_id', 'agents.next_status_id', 'agent_statuses.type', 'users.routing_profile_id'])
    .where('agents.instance_id', '=', instanceId)
    .execute();
  const held = await db.selectFrom('agent_contacts').select(['user_id', 'channel', 'state']).where('instance_id', '=', instanceId).execute();
  const waiting = await db.selectFrom('contacts').select(['queue_id', 'channel', 'enqueued_at']).where('instance_id', '=', instanceId).where('state', '=', 'QUEUED').execute();
  const media = new Map(profiles.map((p) => [p.id, JSON.parse(p.media_concurrencies) as MediaConcurrency[]]));
  const servedBy = groupBy(pairs, (x) => x.routing_profile_id);
  const heldBy = groupBy(held, (h) => h.user_id);
  return {
    now,
    queues: [
      ...queues.map((q) => ({ id: q.id, arn: arn.queue(instanceId, q.id), name: q.name })),
      ...ownQueues.map((u) => ({ id: u.id, arn: arn.agentQueue(instanceId, u.id), name: u.username, agentId: u.id })),
    ],
    profiles: profiles.map((p) => ({
      id: p.id,
      arn: arn.routingProfile(instanceId, p.id),
      serves: (servedBy.get(p.id) ?? []).map((x) => ({ queueId: x.queue_id, channel: x.channel })),
    })),
    statuses: statuses.map((s) => ({ id: s.id, arn: arn.agentStatus(instanceId, s.id), type: s.type })),
    agents: agents.map((a) => ({
      id: a.user_id,
      profileId: a.routing_profile_id,
      statusId: a.status_id,
      statusType: a.type,
      hasNextStatus: a.next_status_id !== null,
      media: media.get(a.routing_profile_id) ?? [],
      contacts: (heldBy.get(a.user_id) ?? []).map((h) => ({ channel: h.channel, state: h.state })),
    })),
    waiting: waiting.filter((w) => w.queue_id !== null && w.enqueued_at !== null).map((w) => ({ queueId: w.queue_id!, channel: w.channel, enqueuedAt: Number(w.enqueued_at) })),
  };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
