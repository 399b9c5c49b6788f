import type { Tx } from '../../adapters/store/db.js';
import type { FlowDocument } from '../../core/flow/flow-document.js';
import { idFromRef } from '../arn.js';

/** A flow of the instance by id, ARN or name (exports name flows by ARN of another instance; --map fixes those). */
export async function findFlow(tx: Tx, instanceId: string, ref: string, types?: readonly string[]) {
  let q = tx
    .selectFrom('flows')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where((eb) => eb.or([eb('id', '=', idFromRef(ref)), eb('name', '=', ref)]));
  if (types?.length) q = q.where('type', 'in', types);
  return q.executeTakeFirst();
}

/** The content of one version of a flow: contacts run the version they started on. */
export async function flowVersion(tx: Tx, flowId: string, version: number): Promise<FlowDocument | null> {
  const row = await tx.selectFrom('flow_versions').select('content').where('flow_id', '=', flowId).where('version', '=', version).executeTakeFirst();
  return row ? (JSON.parse(row.content) as FlowDocument) : null;
}

/** A queue of the instance by id, ARN or name. */
export async function findQueue(tx: Tx, instanceId: string, ref: string) {
  return tx
    .selectFrom('queues')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where((eb) => eb.or([eb('id', '=', idFromRef(ref)), eb('name', '=', ref)]))
    .executeTakeFirst();
}

/**
 * A queue by id, ARN or name, or an agent's own queue by the agent's user id, ARN or username
 * (UpdateContactTargetQueue AgentId; exports pass `$.Agent.UserName`). An agent queue has no row
 * in `queues`: its id is the user's, it has no hours (always open) and no capacity limit.
 */
export async function findTarget(tx: Tx, instanceId: string, ref: { queueRef?: string; agentRef?: string }): Promise<{ id: string; name: string; agent: boolean } | undefined> {
  if (ref.queueRef) {
    const q = await findQueue(tx, instanceId, ref.queueRef);
    return q ? { id: q.id, name: q.name, agent: false } : undefined;
  }
  if (!ref.agentRef) return undefined;
  const u = await tx
    .selectFrom('users')
    .select(['id', 'username'])
    .where('instance_id', '=', instanceId)
    .where((eb) => eb.or([eb('id', '=', idFromRef(ref.agentRef!)), eb('username', '=', ref.agentRef!)]))
    .executeTakeFirst();
  return u ? { id: u.id, name: u.username, agent: true } : undefined;
}
