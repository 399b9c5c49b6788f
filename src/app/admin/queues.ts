import type { Tx } from '../../adapters/store/db.js';
import { uniqueOr } from '../../adapters/store/unique-violation.js';
import { DomainError, notFound } from '../../core/errors.js';
import { epochSeconds } from '../../core/time.js';
import { arns, idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { cursorOf, namePage, requireHours } from './hours.js';
import { requireInstance } from './instances.js';

/**
 * Queues, as Connect's API has them (CreateQueue, DescribeQueue, ListQueues, UpdateQueueName,
 * UpdateQueueHoursOfOperation, UpdateQueueMaxContacts, DeleteQueue). Only STANDARD queues exist so
 * far; agent queues come with users. Flows read the rows directly, so a change applies to the
 * next CheckHoursOfOperation or TransferContactToQueue.
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

/** ListQueues pages by name (then id). Every queue is STANDARD: a filter of AGENT alone lists none. */
export async function listQueues(deps: Deps, instanceRef: string, types: string[] | undefined, page: { maxResults?: number; nextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const filter = [...(types ?? [])].sort().join(',');
  const key = `queues:${instance.id}:${filter}`;
  const limit = page.maxResults ?? 100;
  const after = cursorOf(deps, key, page.nextToken);
  if (types?.length && !types.includes('STANDARD')) return { QueueSummaryList: [] };
  let q = deps.db.kysely.selectFrom('queues').selectAll().where('instance_id', '=', instance.id);
  if (after) q = q.where((eb) => eb.or([eb('name', '>', after.n), eb.and([eb('name', '=', after.n), eb('id', '>', after.i)])]));
  const rows = await q.orderBy('name').orderBy('id').limit(limit + 1).execute();
  const { shown, NextToken } = namePage(deps, key, rows, limit);
  return {
    QueueSummaryList: shown.map((r) => ({
      Id: r.id,
      Arn: arns(deps.config).queue(instance.id, r.id),
      Name: r.name,
      QueueType: 'STANDARD',
      LastModifiedTime: epochSeconds(Number(r.created_at)),
      LastModifiedRegion: deps.config.region,
    })),
    ...(NextToken ? { NextToken } : {}),
  };
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

/** DeleteQueue, refused while contacts wait in the queue: they would be left in a queue that no longer exists. */
export async function deleteQueue(deps: Deps, instanceRef: string, queueRef: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const q = await requireQueue(tx, instance.id, queueRef);
    const waiting = await tx.selectFrom('contacts').select('id').where('queue_id', '=', q.id).where('state', '=', 'QUEUED').executeTakeFirst();
    if (waiting) throw new DomainError('RESOURCE_IN_USE', `Contacts are queued in queue "${q.name}"`, { ResourceId: q.id, ResourceType: 'QUEUE' });
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
