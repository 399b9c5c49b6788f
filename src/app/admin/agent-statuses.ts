import type { Tx } from '../../adapters/store/db.js';
import { uniqueOr } from '../../adapters/store/unique-violation.js';
import { DomainError, invalidParameter, invalidRequest, notFound } from '../../core/errors.js';
import { epochSeconds } from '../../core/time.js';
import { arns, idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { cursorOf, namePage } from './hours.js';
import { requireInstance } from './instances.js';

/**
 * Agent statuses, as Connect's API has them (CreateAgentStatus, DescribeAgentStatus,
 * ListAgentStatuses, UpdateAgentStatus). Created statuses are CUSTOM (agents in them get no
 * contacts); the ROUTABLE and OFFLINE ones come with the instance and always stay enabled,
 * since agents could otherwise neither take contacts nor sign off.
 */
export const AGENT_STATUS_TYPES = ['ROUTABLE', 'CUSTOM', 'OFFLINE'] as const;

export interface AgentStatusInput {
  Name?: string;
  Description?: string;
  State?: string;
  DisplayOrder?: number;
  ResetOrderNumber?: boolean;
}

const taken = (name: string | undefined) => () => new DomainError('DUPLICATE', `An agent status named "${name}" already exists in this instance`);

/** CreateAgentStatus: a CUSTOM status; the name must be free, DisplayOrder 1–50. */
export async function createAgentStatus(deps: Deps, instanceRef: string, input: AgentStatusInput & { Name: string; State: string }) {
  checkDisplayOrder(input.DisplayOrder);
  return uniqueOr(
    deps.db.write(async (tx) => {
      const instance = await requireInstance(tx, instanceRef);
      await checkNameFree(tx, instance.id, input.Name);
      const id = deps.ids.uuid();
      const now = deps.clock.now();
      await tx
        .insertInto('agent_statuses')
        .values({
          id,
          instance_id: instance.id,
          name: input.Name,
          description: input.Description ?? '',
          type: 'CUSTOM',
          state: input.State,
          display_order: input.DisplayOrder ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return { AgentStatusARN: arns(deps.config).agentStatus(instance.id, id), AgentStatusId: id };
    }),
    taken(input.Name),
  );
}

/** DescribeAgentStatus; DisplayOrder only when the status has one. */
export async function describeAgentStatus(deps: Deps, instanceRef: string, statusRef: string) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const s = await requireStatus(deps.db.kysely, instance.id, statusRef);
  return {
    AgentStatus: {
      AgentStatusARN: arns(deps.config).agentStatus(instance.id, s.id),
      AgentStatusId: s.id,
      Name: s.name,
      Description: s.description,
      Type: s.type,
      ...(s.display_order != null ? { DisplayOrder: Number(s.display_order) } : {}),
      State: s.state,
      Tags: {},
      LastModifiedTime: epochSeconds(Number(s.updated_at)),
      LastModifiedRegion: deps.config.region,
    },
  };
}

/** ListAgentStatuses pages by name (then id); AgentStatusTypes keeps those of the given types. */
export async function listAgentStatuses(deps: Deps, instanceRef: string, types: string[] | undefined, page: { maxResults?: number; nextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const key = `agent-statuses:${instance.id}:${[...(types ?? [])].sort().join(',')}`;
  const limit = page.maxResults ?? 100;
  const after = cursorOf(deps, key, page.nextToken);
  let q = deps.db.kysely.selectFrom('agent_statuses').select(['id', 'name', 'type', 'updated_at']).where('instance_id', '=', instance.id);
  if (types?.length) q = q.where('type', 'in', types);
  if (after) q = q.where((eb) => eb.or([eb('name', '>', after.n), eb.and([eb('name', '=', after.n), eb('id', '>', after.i)])]));
  const { shown, NextToken } = namePage(deps, key, await q.orderBy('name').orderBy('id').limit(limit + 1).execute(), limit);
  return {
    AgentStatusSummaryList: shown.map((s) => ({
      Id: s.id,
      Arn: arns(deps.config).agentStatus(instance.id, s.id),
      Name: s.name,
      Type: s.type,
      LastModifiedTime: epochSeconds(Number(s.updated_at)),
      LastModifiedRegion: deps.config.region,
    })),
    ...(NextToken ? { NextToken } : {}),
  };
}

/** UpdateAgentStatus: what is given changes; ResetOrderNumber removes the display order. */
export async function updateAgentStatus(deps: Deps, instanceRef: string, statusRef: string, patch: AgentStatusInput): Promise<void> {
  checkDisplayOrder(patch.DisplayOrder);
  if (patch.ResetOrderNumber && patch.DisplayOrder !== undefined) throw invalidParameter('Give either DisplayOrder or ResetOrderNumber, not both');
  await uniqueOr(
    deps.db.write(async (tx) => {
      const instance = await requireInstance(tx, instanceRef);
      const s = await requireStatus(tx, instance.id, statusRef);
      if (patch.State === 'DISABLED' && s.type !== 'CUSTOM') throw invalidRequest(`The ${s.type} status "${s.name}" cannot be disabled: agents need it`);
      if (patch.Name !== undefined && patch.Name !== s.name) await checkNameFree(tx, instance.id, patch.Name);
      await tx
        .updateTable('agent_statuses')
        .set({
          ...(patch.Name !== undefined ? { name: patch.Name } : {}),
          ...(patch.Description !== undefined ? { description: patch.Description } : {}),
          ...(patch.State !== undefined ? { state: patch.State } : {}),
          ...(patch.DisplayOrder !== undefined ? { display_order: patch.DisplayOrder } : {}),
          ...(patch.ResetOrderNumber ? { display_order: null } : {}),
          updated_at: deps.clock.now(),
        })
        .where('id', '=', s.id)
        .execute();
    }),
    taken(patch.Name),
  );
}

async function requireStatus(tx: Tx, instanceId: string, ref: string) {
  const s = await tx.selectFrom('agent_statuses').selectAll().where('instance_id', '=', instanceId).where('id', '=', idFromRef(ref)).executeTakeFirst();
  if (!s) throw notFound('Agent status', ref, 'AGENT_STATUS');
  return s;
}

async function checkNameFree(tx: Tx, instanceId: string, name: string): Promise<void> {
  const other = await tx.selectFrom('agent_statuses').select('id').where('instance_id', '=', instanceId).where('name', '=', name).executeTakeFirst();
  if (other) throw taken(name)();
}

function checkDisplayOrder(order: number | undefined): void {
  if (order !== undefined && (!Number.isInteger(order) || order < 1 || order > 50)) throw invalidParameter(`DisplayOrder must be between 1 and 50, not ${order}`);
}
