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
