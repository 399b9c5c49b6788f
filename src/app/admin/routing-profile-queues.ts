import type { Tx } from '../../adapters/store/db.js';
import { DomainError, notFound } from '../../core/errors.js';
import { epochSeconds } from '../../core/time.js';
import { arns } from '../arn.js';
import type { Deps } from '../deps.js';
import { requireRoutingProfile, requireStandardQueue } from './agent-config-refs.js';
import { cursorOf, namePage } from './hours.js';
import { requireInstance } from './instances.js';
import { checkQueueConfigs, checkQueueReferences, type QueueConfig, type QueueConfigInput } from './routing-profile-checks.js';

/**
 * The queues of a routing profile (AssociateRoutingProfileQueues, DisassociateRoutingProfileQueues,
 * UpdateRoutingProfileQueues, ListRoutingProfileQueues): per queue and channel, a priority and a
 * delay. Routing reads routing_profile_queues directly, so a change applies to the next offer.
 */

/** Adds queue configs to a profile; every queue must be a STANDARD queue of the instance and not yet there for that channel. */
export async function insertQueueConfigs(tx: Tx, instanceId: string, profileId: string, configs: QueueConfig[]): Promise<void> {
  for (const c of configs) await requireStandardQueue(tx, instanceId, c.queueId);
  if (!configs.length) return;
  const there = await tx
    .selectFrom('routing_profile_queues')
    .select(['queue_id', 'channel'])
    .where('routing_profile_id', '=', profileId)
    .where('queue_id', 'in', configs.map((c) => c.queueId))
    .execute();
  const clash = configs.find((c) => there.some((t) => t.queue_id === c.queueId && t.channel === c.channel));
  if (clash) throw new DomainError('DUPLICATE', `Queue ${clash.queueId} is already in the routing profile for channel ${clash.channel}`);
  await tx
    .insertInto('routing_profile_queues')
    .values(configs.map((c) => ({ routing_profile_id: profileId, queue_id: c.queueId, channel: c.channel, priority: c.priority, delay: c.delay })))
    .execute();
}

/** Runs `change` on a profile of the instance and marks the profile modified. */
async function changeProfile(deps: Deps, instanceRef: string, profileRef: string, change: (tx: Tx, instanceId: string, profileId: string) => Promise<void>) {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const rp = await requireRoutingProfile(tx, instance.id, profileRef);
    await change(tx, instance.id, rp.id);
    await tx.updateTable('routing_profiles').set({ updated_at: deps.clock.now() }).where('id', '=', rp.id).execute();
  });
}

/** AssociateRoutingProfileQueues: new queue-channel pairs only (a pair already there is a DUPLICATE). */
export async function associateRoutingProfileQueues(deps: Deps, instanceRef: string, profileRef: string, input: QueueConfigInput[]): Promise<void> {
  const configs = checkQueueConfigs(input);
  await changeProfile(deps, instanceRef, profileRef, (tx, instanceId, profileId) => insertQueueConfigs(tx, instanceId, profileId, configs));
}

/** Removes queue-channel pairs; the queues must exist, a pair the profile does not have is already gone. */
export async function disassociateRoutingProfileQueues(deps: Deps, instanceRef: string, profileRef: string, refs: { QueueId: string; Channel: string }[]): Promise<void> {
  const pairs = checkQueueReferences(refs);
  await changeProfile(deps, instanceRef, profileRef, async (tx, instanceId, profileId) => {
    for (const p of pairs) await requireStandardQueue(tx, instanceId, p.queueId);
    for (const p of pairs)
      await tx.deleteFrom('routing_profile_queues').where('routing_profile_id', '=', profileId).where('queue_id', '=', p.queueId).where('channel', '=', p.channel).execute();
  });
}

/** Changes the priority and delay of queue-channel pairs the profile already has. */
export async function updateRoutingProfileQueues(deps: Deps, instanceRef: string, profileRef: string, input: QueueConfigInput[]): Promise<void> {
  const configs = checkQueueConfigs(input);
  await changeProfile(deps, instanceRef, profileRef, async (tx, instanceId, profileId) => {
    for (const c of configs) {
      await requireStandardQueue(tx, instanceId, c.queueId);
      const r = await tx
        .updateTable('routing_profile_queues')
        .set({ priority: c.priority, delay: c.delay })
        .where('routing_profile_id', '=', profileId)
        .where('queue_id', '=', c.queueId)
        .where('channel', '=', c.channel)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw notFound(`Queue ${c.queueId} for channel ${c.channel} in the routing profile`, profileRef);
    }
  });
}

/** ListRoutingProfileQueues: by queue name, then queue id and channel; a profile holds at most a few dozen. */
export async function listRoutingProfileQueues(deps: Deps, instanceRef: string, profileRef: string, page: { maxResults?: number; nextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const rp = await requireRoutingProfile(deps.db.kysely, instance.id, profileRef);
  const key = `routing-profile-queues:${rp.id}`;
  const after = cursorOf(deps, key, page.nextToken);
  const rows = await deps.db.kysely
    .selectFrom('routing_profile_queues as c')
    .innerJoin('queues as q', 'q.id', 'c.queue_id')
    .select(['c.queue_id', 'c.channel', 'c.priority', 'c.delay', 'q.name'])
    .where('c.routing_profile_id', '=', rp.id)
    .execute();
  // Sorted here rather than in SQL so that the order and the cursor compare strings the same way on every store.
  const sorted = rows.map((r) => ({ ...r, id: `${r.queue_id}/${r.channel}` })).sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
  const rest = after ? sorted.filter((r) => cmp(r.name, after.n) > 0 || (r.name === after.n && cmp(r.id, after.i) > 0)) : sorted;
  const limit = page.maxResults ?? 100;
  const { shown, NextToken } = namePage(deps, key, rest.slice(0, limit + 1), limit);
  return {
    RoutingProfileQueueConfigSummaryList: shown.map((r) => ({
      QueueId: r.queue_id,
      QueueArn: arns(deps.config).queue(instance.id, r.queue_id),
      QueueName: r.name,
      Priority: Number(r.priority),
      Delay: Number(r.delay),
      Channel: r.channel,
    })),
    ...(NextToken ? { NextToken } : {}),
    LastModifiedTime: epochSeconds(Number(rp.updated_at)),
    LastModifiedRegion: deps.config.region,
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
