import { precompiled } from '../../adapters/store/compiled.js';
import { afterCommit, type Tx } from '../../adapters/store/db.js';
import { invalidRequest, notFound } from '../../core/errors.js';
import { idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { snapshotOf, type AgentSnapshot } from './snapshot.js';
import { setStatusAtOnce } from './status-at-once.js';

/**
 * The status asked for, with the agent's current status (null: no such agent) and whether the
 * agent holds a contact, in one statement (one round trip on PostgreSQL). Like the updates below,
 * built once (compiled.ts): a shift's start sends thousands of status changes at once.
 */
const statusAndAgent = precompiled((db, p: { instanceId: string; userId: string; id: string; name: string }) =>
  db
    .selectFrom('agent_statuses')
    .select((eb) => [
      'id',
      'name',
      'type',
      'state',
      eb.selectFrom('agents').select('agents.status_id').where('agents.user_id', '=', p.userId).where('agents.instance_id', '=', p.instanceId).as('agent_status_id'),
      eb.exists(eb.selectFrom('agent_contacts').select('agent_contacts.id').where('agent_contacts.user_id', '=', p.userId)).as('held'),
    ])
    .where('instance_id', '=', p.instanceId)
    .where((eb) => eb.or([eb('id', '=', p.id), eb('name', '=', p.name)])),
);
const setNext = precompiled((db, p: { userId: string; next: string | null }) => db.updateTable('agents').set({ next_status_id: p.next }).where('user_id', '=', p.userId));
const setStatus = precompiled((db, p: { userId: string; statusId: string; now: number }) =>
  db.updateTable('agents').set({ status_id: p.statusId, next_status_id: null, status_since: p.now, idle_since: p.now }).where('user_id', '=', p.userId),
);
const clearNext = precompiled((db, p: { userId: string }) => db.updateTable('agents').set({ next_status_id: null }).where('user_id', '=', p.userId));

/**
 * Sets an agent's status (the agent's own choice, or PutUserStatus by a supervisor). A status that
 * takes the agent out of routing while the agent still holds contacts becomes the next status
 * (NextAgentStatus; routing pauses at once and the status applies when the last contact is
 * cleared), as Connect does; a routable status applies at once. Status id, ARN or name. Returns
 * the agent's snapshot as changed when it came with the change (PostgreSQL), else null: the
 * caller reads it.
 */
export async function setAgentStatus(deps: Deps, instanceId: string, userId: string, statusRef: string): Promise<AgentSnapshot | null> {
  const atOnce = await setStatusAtOnce(deps.db, { instanceId, userId, id: idFromRef(statusRef), name: statusRef, now: deps.clock.now(), wallNow: Date.now() });
  if (atOnce) {
    changed(deps, userId);
    return atOnce.read && snapshotOf(deps.config, atOnce.read);
  }
  await deps.db.write(async (tx) => {
    const status = await statusAndAgent.first(tx, { instanceId, userId, id: idFromRef(statusRef), name: statusRef });
    if (!status) throw notFound('AgentStatus', statusRef, 'AGENT_STATUS');
    if (status.state !== 'ENABLED') throw invalidRequest(`The status ${status.name} is disabled`);
    if (status.agent_status_id == null) throw notFound('User', userId, 'USER');
    const now = deps.clock.now();
    if (status.held && status.type !== 'ROUTABLE') {
      await setNext.execute(tx, { userId, next: status.id === status.agent_status_id ? null : status.id });
    } else if (status.id !== status.agent_status_id) {
      // Changing status is activity: an agent who just became available is not the longest idle.
      await setStatus.execute(tx, { userId, statusId: status.id, now });
    } else {
      await clearNext.execute(tx, { userId });
    }
    afterCommit(tx, () => changed(deps, userId));
  });
  return null;
}

/** After the commit: the agent's sockets are told, and the router may have a new agent to offer to. */
function changed(deps: Deps, userId: string): void {
  deps.bus.publishAgent(userId);
  deps.routing.wake();
}

/** Applies a pending next status once the agent holds no contact any more (after the last clear). */
export async function applyNextStatus(tx: Tx, userId: string, now: number): Promise<void> {
  const held = await tx.selectFrom('agent_contacts').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst();
  if (held) return;
  const agent = await tx.selectFrom('agents').select('next_status_id').where('user_id', '=', userId).executeTakeFirst();
  if (!agent?.next_status_id) return;
  await tx.updateTable('agents').set({ status_id: agent.next_status_id, next_status_id: null, status_since: now }).where('user_id', '=', userId).execute();
}
