import type { Tx } from '../../adapters/store/db.js';
import { uniqueOr } from '../../adapters/store/unique-violation.js';
import { DomainError, notFound } from '../../core/errors.js';
import { epochSeconds } from '../../core/time.js';
import { arns, idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { sign } from '../signing.js';
import { cursorOf, requireHours } from './hours.js';
import { requireInstance } from './instances.js';

/**
 * Queues, as Connect's API has them (CreateQueue, DescribeQueue, ListQueues, UpdateQueueName,
 * UpdateQueueHoursOfOperation, UpdateQueueMaxContacts, DeleteQueue). Only STANDARD queues have
 * rows; an agent queue is a user (its id is the user's id) and shows only in ListQueues. Flows
 * read the rows directly, so a change applies to the next CheckHoursOfOperation or
 * TransferContactToQueue.
 */
export interface CreateQueueInput {
  Name: string;
  Description?: string;
  HoursOfOperationId: string;
  MaxContacts?: number;
}

export async function createQueue(deps: Deps, instanceRef: string, input: CreateQueueInput) {
  return uniqueOr(deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const hours = await requireHours(tx, instance.id, input.HoursOfOperationId);
    await checkNameFree(tx, instance.id, input.Name);
    const id = deps.ids.uuid();
    await tx
      .insertInto('queues')
      .values({
        id,
        instance_id: instance.id,
        name: input.Name,
        description: input.Description ?? '',
        created_at: deps.clock.now(),
        hours_of_operation_id: hours.id,
        max_contacts: input.MaxContacts ?? null,
      })
      .execute();
    return { QueueId: id, QueueArn: arns(deps.config).queue(instance.id, id) };
  }), () => new DomainError('DUPLICATE', `A queue named "${input.Name}" already exists in this instance`));
}

export async function describeQueue(deps: Deps, instanceRef: string, queueRef: string) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const q = await requireQueue(deps.db.kysely, instance.id, queueRef);
  return {
    Queue: {
      QueueId: q.id,
      QueueArn: arns(deps.config).queue(instance.id, q.id),
      Name: q.name,
      Description: q.description,
      ...(q.hours_of_operation_id ? { HoursOfOperationId: q.hours_of_operation_id } : {}),
      ...(q.max_contacts != null ? { MaxContacts: Number(q.max_contacts) } : {}),
      Status: 'ENABLED',
      Tags: {},
      LastModifiedTime: epochSeconds(Number(q.created_at)),
      LastModifiedRegion: deps.config.region,
    },
  };
}

/**
 * ListQueues: the STANDARD queues by name (then id), then the AGENT queues (one per user, named
 * after the user) by username (then id); without QueueTypes both, as Connect does. Each kind is
 * paged by its own query, so the NextToken says which kind it stopped in.
 */
export async function listQueues(deps: Deps, instanceRef: string, types: string[] | undefined, page: { maxResults?: number; nextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const filter = [...(types ?? [])].sort().join(',');
  const key = `queues:${instance.id}:${filter}`;
  const limit = page.maxResults ?? 100;
  const after = cursorOf(deps, key, page.nextToken) as QueueCursor | null;
  const k = deps.db.kysely;
  const rows: { id: string; name: string; at: number; type: 'STANDARD' | 'AGENT' }[] = [];
  if ((!types?.length || types.includes('STANDARD')) && after?.t !== 'AGENT') {
    let q = k.selectFrom('queues').select(['id', 'name', 'created_at as at']).where('instance_id', '=', instance.id);
    if (after) q = q.where((eb) => eb.or([eb('name', '>', after.n), eb.and([eb('name', '=', after.n), eb('id', '>', after.i)])]));
    rows.push(...(await q.orderBy('name').orderBy('id').limit(limit + 1).execute()).map((r) => ({ ...r, type: 'STANDARD' as const })));
  }
  if ((!types?.length || types.includes('AGENT')) && rows.length <= limit) {
    let q = k.selectFrom('users').select(['id', 'username as name', 'updated_at as at']).where('instance_id', '=', instance.id);
    const a = after?.t === 'AGENT' ? after : null;
    if (a) q = q.where((eb) => eb.or([eb('username', '>', a.n), eb.and([eb('username', '=', a.n), eb('id', '>', a.i)])]));
    rows.push(...(await q.orderBy('username').orderBy('id').limit(limit + 1 - rows.length).execute()).map((r) => ({ ...r, type: 'AGENT' as const })));
  }
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  const NextToken = rows.length > limit && last ? sign(deps.secret, 'config-list-page', { k: key, n: last.name, i: last.id, t: last.type } satisfies QueueCursor) : undefined;
  const a = arns(deps.config);
  return {
    QueueSummaryList: shown.map((r) => ({
      Id: r.id,
      Arn: r.type === 'AGENT' ? a.agentQueue(instance.id, r.id) : a.queue(instance.id, r.id),
      Name: r.name,
      QueueType: r.type,
      LastModifiedTime: epochSeconds(Number(r.at)),
      LastModifiedRegion: deps.config.region,
    })),
    ...(NextToken ? { NextToken } : {}),
  };
}

/** A ListQueues position: the name cursor of hours.ts, and the kind of queue it is in (absent: STANDARD). */
interface QueueCursor {
  k: string;
  n: string;
  i: string;
  t?: 'STANDARD' | 'AGENT';
}

export async function updateQueueName(deps: Deps, instanceRef: string, queueRef: string, patch: { Name?: string; Description?: string }): Promise<void> {
  const taken = () => new DomainError('DUPLICATE', `A queue named "${patch.Name}" already exists in this instance`);
  await uniqueOr(deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const q = await requireQueue(tx, instance.id, queueRef);
    if (patch.Name !== undefined && patch.Name !== q.name) await checkNameFree(tx, instance.id, patch.Name);
    const set = { ...(patch.Name !== undefined ? { name: patch.Name } : {}), ...(patch.Description !== undefined ? { description: patch.Description } : {}) };
    if (Object.keys(set).length) await tx.updateTable('queues').set(set).where('id', '=', q.id).execute();
  }), taken);
}

export async function updateQueueHoursOfOperation(deps: Deps, instanceRef: string, queueRef: string, hoursRef: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const q = await requireQueue(tx, instance.id, queueRef);
    const hours = await requireHours(tx, instance.id, hoursRef);
    await tx.updateTable('queues').set({ hours_of_operation_id: hours.id }).where('id', '=', q.id).execute();
  });
}

/** UpdateQueueMaxContacts; without MaxContacts the queue has no limit (Connect's default). */
export async function updateQueueMaxContacts(deps: Deps, instanceRef: string, queueRef: string, maxContacts: number | undefined): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const q = await requireQueue(tx, instance.id, queueRef);
    await tx.updateTable('queues').set({ max_contacts: maxContacts ?? null }).where('id', '=', q.id).execute();
  });
}

/**
 * DeleteQueue, refused while contacts wait in the queue (they would be left in a queue that no
 * longer exists) and while a routing profile or a quick connect refers to it. The quick connects
 * offered on the queue are no longer offered anywhere through it.
 */
export async function deleteQueue(deps: Deps, instanceRef: string, queueRef: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const q = await requireQueue(tx, instance.id, queueRef);
    const inUse = (why: string) => new DomainError('RESOURCE_IN_USE', why, { ResourceId: q.id, ResourceType: 'QUEUE' });
    const waiting = await tx.selectFrom('contacts').select('id').where('queue_id', '=', q.id).where('state', '=', 'QUEUED').executeTakeFirst();
    if (waiting) throw inUse(`Contacts are queued in queue "${q.name}"`);
    const profile = await tx
      .selectFrom('routing_profiles')
      .select('name')
      .where('instance_id', '=', instance.id)
      .where((eb) => eb.or([eb('default_outbound_queue_id', '=', q.id), eb('id', 'in', eb.selectFrom('routing_profile_queues').select('routing_profile_id').where('queue_id', '=', q.id))]))
      .executeTakeFirst();
    if (profile) throw inUse(`Queue "${q.name}" is used by routing profile "${profile.name}"`);
    const quickConnects = await tx.selectFrom('quick_connects').select(['name', 'config']).where('instance_id', '=', instance.id).where('type', '=', 'QUEUE').execute();
    const qc = quickConnects.find((r) => (JSON.parse(r.config) as { QueueConfig?: { QueueId?: string } }).QueueConfig?.QueueId === q.id);
    if (qc) throw inUse(`Queue "${q.name}" is the destination of quick connect "${qc.name}"`);
    await tx.deleteFrom('queue_quick_connects').where('queue_id', '=', q.id).execute();
    await tx.deleteFrom('queues').where('id', '=', q.id).execute();
  });
}

async function requireQueue(tx: Tx, instanceId: string, ref: string) {
  const q = await tx.selectFrom('queues').selectAll().where('instance_id', '=', instanceId).where('id', '=', idFromRef(ref)).executeTakeFirst();
  if (!q) throw notFound('Queue', ref, 'QUEUE');
  return q;
}

async function checkNameFree(tx: Tx, instanceId: string, name: string): Promise<void> {
  const taken = await tx.selectFrom('queues').select('id').where('instance_id', '=', instanceId).where('name', '=', name).executeTakeFirst();
  if (taken) throw new DomainError('DUPLICATE', `A queue named "${name}" already exists in this instance`);
}
