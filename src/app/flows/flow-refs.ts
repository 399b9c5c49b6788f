import { precompiled } from '../../adapters/store/compiled.js';
import type { Tx } from '../../adapters/store/db.js';
import type { Database } from '../../adapters/store/schema.js';
import { idFromRef } from '../arn.js';
import { readAheadFor } from './read-ahead.js';

const flowByRef = precompiled((db, p: { instanceId: string; id: string; name: string }) =>
  db
    .selectFrom('flows')
    .selectAll()
    .where('instance_id', '=', p.instanceId)
    .where((eb) => eb.or([eb('id', '=', p.id), eb('name', '=', p.name)])),
);
const flowByRefOfType = precompiled((db, p: { instanceId: string; id: string; name: string; type: string }) =>
  db
    .selectFrom('flows')
    .selectAll()
    .where('instance_id', '=', p.instanceId)
    .where((eb) => eb.or([eb('id', '=', p.id), eb('name', '=', p.name)]))
    .where('type', 'in', [p.type]),
);

/** A flow of the instance by id, ARN or name (exports name flows by ARN of another instance; --map fixes those). */
export async function findFlow(tx: Tx, instanceId: string, ref: string, types?: readonly string[]) {
  if (!types || types.length <= 1) {
    const ahead = readAheadFor<Database['flows']>(tx, { kind: 'flow', instanceId, ref, type: types?.[0] ?? null });
    if (ahead) return ahead.row;
  }
  // The lookups of every chat start (no type, or one) are built once; other lists as they come.
  if (!types?.length) return flowByRef.first(tx, { instanceId, id: idFromRef(ref), name: ref });
  if (types.length === 1) return flowByRefOfType.first(tx, { instanceId, id: idFromRef(ref), name: ref, type: types[0] });
  return tx
    .selectFrom('flows')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where((eb) => eb.or([eb('id', '=', idFromRef(ref)), eb('name', '=', ref)]))
    .where('type', 'in', types)
    .executeTakeFirst();
}

const queueByRef = precompiled((db, p: { instanceId: string; id: string; name: string }) =>
  db
    .selectFrom('queues')
    .selectAll()
    .where('instance_id', '=', p.instanceId)
    .where((eb) => eb.or([eb('id', '=', p.id), eb('name', '=', p.name)])),
);

/** A queue of the instance by id, ARN or name. */
export async function findQueue(tx: Tx, instanceId: string, ref: string) {
  const ahead = readAheadFor<Database['queues']>(tx, { kind: 'queue', instanceId, ref });
  if (ahead) return ahead.row;
  return queueByRef.first(tx, { instanceId, id: idFromRef(ref), name: ref });
}

/**
 * A queue by id, ARN or name, or an agent's own queue by the agent's user id, ARN or username
 * (UpdateContactTargetQueue AgentId; exports pass `$.Agent.UserName`). An agent queue has no row
 * in `queues`: its id is the user's, it has no hours (always open) and no capacity limit.
 */
export async function findTarget(tx: Tx, instanceId: string, ref: { queueRef?: string; agentRef?: string }): Promise<Target | undefined> {
  if (ref.queueRef) {
    const q = await findQueue(tx, instanceId, ref.queueRef);
    return q ? { id: q.id, name: q.name, agent: false, maxContacts: q.max_contacts } : undefined;
  }
  if (!ref.agentRef) return undefined;
  const u = await tx
    .selectFrom('users')
    .select(['id', 'username'])
    .where('instance_id', '=', instanceId)
    .where((eb) => eb.or([eb('id', '=', idFromRef(ref.agentRef!)), eb('username', '=', ref.agentRef!)]))
    .executeTakeFirst();
  return u ? { id: u.id, name: u.username, agent: true, maxContacts: null } : undefined;
}

/** A queue a flow names, or an agent's own queue; `maxContacts` as read with it (null: no limit). */
export interface Target {
  id: string;
  name: string;
  agent: boolean;
  maxContacts: number | null;
}
