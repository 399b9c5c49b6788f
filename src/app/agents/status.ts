import { afterCommit, type Tx } from '../../adapters/store/db.js';
import { invalidRequest, notFound } from '../../core/errors.js';
import { idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';

/**
 * Sets an agent's status (the agent's own choice, or PutUserStatus by a supervisor). A status that
 * takes the agent out of routing while the agent still holds contacts becomes the next status
 * (NextAgentStatus; routing pauses at once and the status applies when the last contact is
 * cleared), as Connect does; a routable status applies at once. Status id, ARN or name.
 */
export async function setAgentStatus(deps: Deps, instanceId: string, userId: string, statusRef: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const status = await tx
      .selectFrom('agent_statuses')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .where((eb) => eb.or([eb('id', '=', idFromRef(statusRef)), eb('name', '=', statusRef)]))
      .executeTakeFirst();
    if (!status) throw notFound('AgentStatus', statusRef, 'AGENT_STATUS');
    if (status.state !== 'ENABLED') throw invalidRequest(`The status ${status.name} is disabled`);
    const agent = await tx.selectFrom('agents').selectAll().where('user_id', '=', userId).where('instance_id', '=', instanceId).executeTakeFirst();
    if (!agent) throw notFound('User', userId, 'USER');
    const now = deps.clock.now();
    const held = await tx.selectFrom('agent_contacts').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst();
    if (held && status.type !== 'ROUTABLE') {
      await tx.updateTable('agents').set({ next_status_id: status.id === agent.status_id ? null : status.id }).where('user_id', '=', userId).execute();
    } else {
      await tx
        .updateTable('agents')
        .set({
          status_id: status.id,
          next_status_id: null,
          // Changing status is activity: an agent who just became available is not the longest idle.
          ...(status.id !== agent.status_id ? { status_since: now, idle_since: now } : {}),
        })
        .where('user_id', '=', userId)
        .execute();
    }
    afterCommit(tx, () => {
      deps.bus.publishAgent(userId);
      deps.routing.wake();
    });
  });
}

/** Applies a pending next status once the agent holds no contact any more (after the last clear). */
export async function applyNextStatus(tx: Tx, userId: string, now: number): Promise<void> {
  const held = await tx.selectFrom('agent_contacts').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst();
  if (held) return;
  const agent = await tx.selectFrom('agents').select('next_status_id').where('user_id', '=', userId).executeTakeFirst();
  if (!agent?.next_status_id) return;
  await tx.updateTable('agents').set({ status_id: agent.next_status_id, next_status_id: null, status_since: now }).where('user_id', '=', userId).execute();
}
