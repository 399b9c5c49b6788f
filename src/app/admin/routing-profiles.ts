import type { Updateable } from 'kysely';
import type { Tx } from '../../adapters/store/db.js';
import type { Database } from '../../adapters/store/schema.js';
import { uniqueOr } from '../../adapters/store/unique-violation.js';
import { DomainError } from '../../core/errors.js';
import { epochSeconds } from '../../core/time.js';
import { arns } from '../arn.js';
import type { Deps } from '../deps.js';
import { requireRoutingProfile, requireStandardQueue } from './agent-config-refs.js';
import { cursorOf, namePage } from './hours.js';
import { requireInstance } from './instances.js';
import { checkAcwSeconds, checkMediaConcurrencies, checkQueueConfigs, type MediaConcurrencyInput, type QueueConfigInput } from './routing-profile-checks.js';
import { insertQueueConfigs } from './routing-profile-queues.js';

/**
 * Routing profiles, as Connect's API has them (CreateRoutingProfile, DescribeRoutingProfile,
 * ListRoutingProfiles, UpdateRoutingProfileName/Concurrency/DefaultOutboundQueue/
 * AgentAvailabilityTimer, DeleteRoutingProfile), plus Parley's after-contact work limit per
 * profile. Routing reads the rows directly: a change applies to the next offer.
 */
export interface CreateRoutingProfileInput {
  Name: string;
  Description: string;
  DefaultOutboundQueueId: string;
  QueueConfigs?: QueueConfigInput[];
  MediaConcurrencies: MediaConcurrencyInput[];
  AgentAvailabilityTimer?: string;
  /** Parley extension: seconds of after-contact work for this profile's agents (overrides UserPhoneConfig's). */
  AfterContactWorkTimeLimit?: number;
}

const taken = (name: string | undefined) => () => new DomainError('DUPLICATE', `A routing profile named "${name}" already exists in this instance`);

/** CreateRoutingProfile: every queue named must be a STANDARD queue of the instance; the name must be free. */
export async function createRoutingProfile(deps: Deps, instanceRef: string, input: CreateRoutingProfileInput) {
  const media = checkMediaConcurrencies(input.MediaConcurrencies);
  const queues = checkQueueConfigs(input.QueueConfigs ?? []);
  checkAcwSeconds(input.AfterContactWorkTimeLimit);
  return uniqueOr(
    deps.db.write(async (tx) => {
      const instance = await requireInstance(tx, instanceRef);
      await checkNameFree(tx, instance.id, input.Name);
      const outbound = await requireStandardQueue(tx, instance.id, input.DefaultOutboundQueueId);
      const id = deps.ids.uuid();
      const now = deps.clock.now();
      await tx
        .insertInto('routing_profiles')
        .values({
          id,
          instance_id: instance.id,
          name: input.Name,
          description: input.Description,
          default_outbound_queue_id: outbound.id,
          media_concurrencies: JSON.stringify(media),
          agent_availability_timer: input.AgentAvailabilityTimer ?? 'TIME_SINCE_LAST_ACTIVITY',
          acw_seconds: input.AfterContactWorkTimeLimit ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await insertQueueConfigs(tx, instance.id, id, queues);
      return { RoutingProfileArn: arns(deps.config).routingProfile(instance.id, id), RoutingProfileId: id };
    }),
    taken(input.Name),
  );
}

/** DescribeRoutingProfile, with the counts of queues and users and, when set, Parley's AfterContactWorkTimeLimit. */
export async function describeRoutingProfile(deps: Deps, instanceRef: string, profileRef: string) {
  const k = deps.db.kysely;
  const instance = await requireInstance(k, instanceRef);
  const rp = await requireRoutingProfile(k, instance.id, profileRef);
  const queues = await k.selectFrom('routing_profile_queues').select('queue_id').distinct().where('routing_profile_id', '=', rp.id).orderBy('queue_id').execute();
  const users = await k.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('routing_profile_id', '=', rp.id).executeTakeFirstOrThrow();
  return {
    RoutingProfile: {
      InstanceId: instance.id,
      Name: rp.name,
      RoutingProfileArn: arns(deps.config).routingProfile(instance.id, rp.id),
      RoutingProfileId: rp.id,
      Description: rp.description,
      MediaConcurrencies: JSON.parse(rp.media_concurrencies) as unknown[],
      DefaultOutboundQueueId: rp.default_outbound_queue_id,
      Tags: {},
      NumberOfAssociatedQueues: queues.length,
      NumberOfAssociatedUsers: Number(users.n),
      AgentAvailabilityTimer: rp.agent_availability_timer,
      AssociatedQueueIds: queues.map((q) => q.queue_id),
      LastModifiedTime: epochSeconds(Number(rp.updated_at)),
      LastModifiedRegion: deps.config.region,
      ...(rp.acw_seconds != null ? { AfterContactWorkTimeLimit: Number(rp.acw_seconds) } : {}),
    },
  };
}

/** ListRoutingProfiles pages by name (then id), 100 by default. */
export async function listRoutingProfiles(deps: Deps, instanceRef: string, page: { maxResults?: number; nextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const key = `routing-profiles:${instance.id}`;
  const limit = page.maxResults ?? 100;
  const after = cursorOf(deps, key, page.nextToken);
  let q = deps.db.kysely.selectFrom('routing_profiles').select(['id', 'name', 'updated_at']).where('instance_id', '=', instance.id);
  if (after) q = q.where((eb) => eb.or([eb('name', '>', after.n), eb.and([eb('name', '=', after.n), eb('id', '>', after.i)])]));
  const { shown, NextToken } = namePage(deps, key, await q.orderBy('name').orderBy('id').limit(limit + 1).execute(), limit);
  return {
    RoutingProfileSummaryList: shown.map((r) => ({
      Id: r.id,
      Arn: arns(deps.config).routingProfile(instance.id, r.id),
      Name: r.name,
      LastModifiedTime: epochSeconds(Number(r.updated_at)),
      LastModifiedRegion: deps.config.region,
    })),
    ...(NextToken ? { NextToken } : {}),
  };
}

/** Applies `set` to one profile of the instance, after `check` (which may refuse), and marks it modified. */
async function updateProfile(
  deps: Deps,
  instanceRef: string,
  profileRef: string,
  set: (tx: Tx, instanceId: string, rp: { id: string; name: string }) => Promise<Updateable<Database['routing_profiles']>>,
): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const rp = await requireRoutingProfile(tx, instance.id, profileRef);
    const values = await set(tx, instance.id, rp);
    await tx.updateTable('routing_profiles').set({ ...values, updated_at: deps.clock.now() }).where('id', '=', rp.id).execute();
  });
}

/** UpdateRoutingProfileName: changes what is given; a taken name is a DUPLICATE. */
export async function updateRoutingProfileName(deps: Deps, instanceRef: string, profileRef: string, patch: { Name?: string; Description?: string }): Promise<void> {
  await uniqueOr(
    updateProfile(deps, instanceRef, profileRef, async (tx, instanceId, rp) => {
      if (patch.Name !== undefined && patch.Name !== rp.name) await checkNameFree(tx, instanceId, patch.Name);
      return { ...(patch.Name !== undefined ? { name: patch.Name } : {}), ...(patch.Description !== undefined ? { description: patch.Description } : {}) };
    }),
    taken(patch.Name),
  );
}

/** UpdateRoutingProfileConcurrency replaces the channel list: a channel left out is no longer offered. */
export async function updateRoutingProfileConcurrency(deps: Deps, instanceRef: string, profileRef: string, list: MediaConcurrencyInput[]): Promise<void> {
  const media = checkMediaConcurrencies(list);
  await updateProfile(deps, instanceRef, profileRef, () => Promise.resolve({ media_concurrencies: JSON.stringify(media) }));
}

/** UpdateRoutingProfileDefaultOutboundQueue: the queue must be a STANDARD queue of the instance. */
export async function updateRoutingProfileDefaultOutboundQueue(deps: Deps, instanceRef: string, profileRef: string, queueRef: string): Promise<void> {
  await updateProfile(deps, instanceRef, profileRef, async (tx, instanceId) => ({ default_outbound_queue_id: (await requireStandardQueue(tx, instanceId, queueRef)).id }));
}

/** UpdateRoutingProfileAgentAvailabilityTimer (the value is checked by the wire schema). */
export async function updateRoutingProfileAgentAvailabilityTimer(deps: Deps, instanceRef: string, profileRef: string, timer: string): Promise<void> {
  await updateProfile(deps, instanceRef, profileRef, () => Promise.resolve({ agent_availability_timer: timer }));
}

/** Parley extension: the profile's after-contact work limit in seconds; without one, each user's PhoneConfig limit applies. */
export async function updateRoutingProfileAfterContactWork(deps: Deps, instanceRef: string, profileRef: string, seconds: number | undefined): Promise<void> {
  checkAcwSeconds(seconds);
  await updateProfile(deps, instanceRef, profileRef, () => Promise.resolve({ acw_seconds: seconds ?? null }));
}

/** DeleteRoutingProfile, refused while a user has the profile: every user must have one. */
export async function deleteRoutingProfile(deps: Deps, instanceRef: string, profileRef: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const rp = await requireRoutingProfile(tx, instance.id, profileRef);
    const user = await tx.selectFrom('users').select('username').where('routing_profile_id', '=', rp.id).executeTakeFirst();
    if (user) throw new DomainError('RESOURCE_IN_USE', `The routing profile is used by user "${user.username}"`, { ResourceId: rp.id, ResourceType: 'USER' });
    await tx.deleteFrom('routing_profile_queues').where('routing_profile_id', '=', rp.id).execute();
    await tx.deleteFrom('routing_profiles').where('id', '=', rp.id).execute();
  });
}

async function checkNameFree(tx: Tx, instanceId: string, name: string): Promise<void> {
  const other = await tx.selectFrom('routing_profiles').select('id').where('instance_id', '=', instanceId).where('name', '=', name).executeTakeFirst();
  if (other) throw taken(name)();
}
