import type { Tx } from '../../adapters/store/db.js';
import { uniqueOr } from '../../adapters/store/unique-violation.js';
import { DomainError, invalidParameter, notFound } from '../../core/errors.js';
import { epochSeconds } from '../../core/time.js';
import { arns, idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { requireFlowOfType, requireStandardQueue, requireUser } from './agent-config-refs.js';
import { cursorOf, namePage } from './hours.js';
import { requireInstance } from './instances.js';

/**
 * Quick connects, as Connect's API has them (CreateQuickConnect, DescribeQuickConnect,
 * ListQuickConnects, UpdateQuickConnectName, UpdateQuickConnectConfig, DeleteQuickConnect): the
 * transfer destinations an agent picks from. A chat can go to a user (through an AGENT_TRANSFER
 * flow) or to a queue (through a QUEUE_TRANSFER flow); Parley has no telephony, so no phone numbers.
 */
export const QUICK_CONNECT_TYPES = ['USER', 'QUEUE', 'PHONE_NUMBER', 'FLOW'] as const;

export interface QuickConnectConfig {
  QuickConnectType: string;
  UserConfig?: { UserId: string; ContactFlowId: string };
  QueueConfig?: { QueueId: string; ContactFlowId: string };
  PhoneConfig?: { PhoneNumber: string };
  FlowConfig?: { ContactFlowId: string };
}

/** The config as stored: plain ids, checked against the instance (user or queue, and a flow of the matching type). */
async function checkConfig(tx: Tx, instanceId: string, c: QuickConnectConfig): Promise<QuickConnectConfig> {
  const given = ['UserConfig', 'QueueConfig', 'PhoneConfig', 'FlowConfig'].filter((k) => c[k as keyof QuickConnectConfig] !== undefined);
  const needs = ({ USER: 'UserConfig', QUEUE: 'QueueConfig' } as Record<string, string>)[c.QuickConnectType];
  if (!needs) throw invalidParameter(`QuickConnectType ${c.QuickConnectType} is not supported: Parley has chat only, so quick connects go to a USER or a QUEUE`);
  if (given.length !== 1 || given[0] !== needs) throw invalidParameter(`A ${c.QuickConnectType} quick connect takes ${needs} and nothing else`);
  if (c.UserConfig) {
    const user = await requireUser(tx, instanceId, c.UserConfig.UserId);
    const flow = await requireFlowOfType(tx, instanceId, c.UserConfig.ContactFlowId, 'AGENT_TRANSFER');
    return { QuickConnectType: 'USER', UserConfig: { UserId: user.id, ContactFlowId: flow.id } };
  }
  const queue = await requireStandardQueue(tx, instanceId, c.QueueConfig!.QueueId);
  const flow = await requireFlowOfType(tx, instanceId, c.QueueConfig!.ContactFlowId, 'QUEUE_TRANSFER');
  return { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: queue.id, ContactFlowId: flow.id } };
}

const taken = (name: string | undefined) => () => new DomainError('DUPLICATE', `A quick connect named "${name}" already exists in this instance`);

/** CreateQuickConnect: a free name and a destination checked against the instance. */
export async function createQuickConnect(deps: Deps, instanceRef: string, input: { Name: string; Description?: string; QuickConnectConfig: QuickConnectConfig }) {
  return uniqueOr(
    deps.db.write(async (tx) => {
      const instance = await requireInstance(tx, instanceRef);
      await checkNameFree(tx, instance.id, input.Name);
      const config = await checkConfig(tx, instance.id, input.QuickConnectConfig);
      const id = deps.ids.uuid();
      const now = deps.clock.now();
      await tx
        .insertInto('quick_connects')
        .values({ id, instance_id: instance.id, name: input.Name, description: input.Description ?? '', type: config.QuickConnectType, config: JSON.stringify(config), created_at: now, updated_at: now })
        .execute();
      return { QuickConnectARN: arns(deps.config).quickConnect(instance.id, id), QuickConnectId: id };
    }),
    taken(input.Name),
  );
}

/** DescribeQuickConnect, the config with plain ids. */
export async function describeQuickConnect(deps: Deps, instanceRef: string, ref: string) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const qc = await requireQuickConnect(deps.db.kysely, instance.id, ref);
  return {
    QuickConnect: {
      QuickConnectARN: arns(deps.config).quickConnect(instance.id, qc.id),
      QuickConnectId: qc.id,
      Name: qc.name,
      Description: qc.description,
      QuickConnectConfig: JSON.parse(qc.config) as QuickConnectConfig,
      Tags: {},
      LastModifiedTime: epochSeconds(Number(qc.updated_at)),
      LastModifiedRegion: deps.config.region,
    },
  };
}

/** ListQuickConnects pages by name (then id); QuickConnectTypes keeps those of the given types. */
export async function listQuickConnects(deps: Deps, instanceRef: string, types: string[] | undefined, page: { maxResults?: number; nextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const key = `quick-connects:${instance.id}:${[...(types ?? [])].sort().join(',')}`;
  const limit = page.maxResults ?? 100;
  const after = cursorOf(deps, key, page.nextToken);
  let q = deps.db.kysely.selectFrom('quick_connects').select(['id', 'name', 'type', 'updated_at']).where('instance_id', '=', instance.id);
  if (types?.length) q = q.where('type', 'in', types);
  if (after) q = q.where((eb) => eb.or([eb('name', '>', after.n), eb.and([eb('name', '=', after.n), eb('id', '>', after.i)])]));
  const { shown, NextToken } = namePage(deps, key, await q.orderBy('name').orderBy('id').limit(limit + 1).execute(), limit);
  return { QuickConnectSummaryList: shown.map((r) => quickConnectSummary(deps, instance.id, r)), ...(NextToken ? { NextToken } : {}) };
}

/** A QuickConnectSummary, as the quick connect lists show it. */
export const quickConnectSummary = (deps: Deps, instanceId: string, r: { id: string; name: string; type: string; updated_at: number }) => ({
  Id: r.id,
  Arn: arns(deps.config).quickConnect(instanceId, r.id),
  Name: r.name,
  QuickConnectType: r.type,
  LastModifiedTime: epochSeconds(Number(r.updated_at)),
  LastModifiedRegion: deps.config.region,
});

/** UpdateQuickConnectName: changes what is given; a taken name is a DUPLICATE. */
export async function updateQuickConnectName(deps: Deps, instanceRef: string, ref: string, patch: { Name?: string; Description?: string }): Promise<void> {
  await uniqueOr(
    deps.db.write(async (tx) => {
      const instance = await requireInstance(tx, instanceRef);
      const qc = await requireQuickConnect(tx, instance.id, ref);
      if (patch.Name !== undefined && patch.Name !== qc.name) await checkNameFree(tx, instance.id, patch.Name);
      await tx
        .updateTable('quick_connects')
        .set({ ...(patch.Name !== undefined ? { name: patch.Name } : {}), ...(patch.Description !== undefined ? { description: patch.Description } : {}), updated_at: deps.clock.now() })
        .where('id', '=', qc.id)
        .execute();
    }),
    taken(patch.Name),
  );
}

/** UpdateQuickConnectConfig replaces the destination (its type may change too). */
export async function updateQuickConnectConfig(deps: Deps, instanceRef: string, ref: string, input: QuickConnectConfig): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const qc = await requireQuickConnect(tx, instance.id, ref);
    const config = await checkConfig(tx, instance.id, input);
    await tx.updateTable('quick_connects').set({ type: config.QuickConnectType, config: JSON.stringify(config), updated_at: deps.clock.now() }).where('id', '=', qc.id).execute();
  });
}

/** DeleteQuickConnect; the queues it was offered on lose it. */
export async function deleteQuickConnect(deps: Deps, instanceRef: string, ref: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const qc = await requireQuickConnect(tx, instance.id, ref);
    await tx.deleteFrom('queue_quick_connects').where('quick_connect_id', '=', qc.id).execute();
    await tx.deleteFrom('quick_connects').where('id', '=', qc.id).execute();
  });
}

/** A quick connect of the instance, or NOT_FOUND. */
export async function requireQuickConnect(tx: Tx, instanceId: string, ref: string) {
  const qc = await tx.selectFrom('quick_connects').selectAll().where('instance_id', '=', instanceId).where('id', '=', idFromRef(ref)).executeTakeFirst();
  if (!qc) throw notFound('Quick connect', ref, 'QUICK_CONNECT');
  return qc;
}

async function checkNameFree(tx: Tx, instanceId: string, name: string): Promise<void> {
  const other = await tx.selectFrom('quick_connects').select('id').where('instance_id', '=', instanceId).where('name', '=', name).executeTakeFirst();
  if (other) throw taken(name)();
}
