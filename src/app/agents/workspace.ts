import { invalidRequest } from '../../core/errors.js';
import { participantLeaves, publishDeparture, type Departure } from '../chat/disconnect.js';
import type { Deps } from '../deps.js';
import { lockSegment } from '../flows/lock-segment.js';
import type { AgentCaller } from './sessions.js';
import { myRow } from './offers.js';

/**
 * The agent ends its part in a connected chat (the workspace's "End chat"): the agent participant
 * leaves through the same path as DisconnectParticipant, so after-contact work starts and, when
 * the customer stays, the disconnect flow (CustomerRemaining) takes over.
 */
export async function endAgentContact(deps: Deps, instanceId: string, userId: string, contactId: string): Promise<void> {
  const res = await deps.db.write(async (tx): Promise<Departure & { chatId: string }> => {
    await lockSegment(tx, contactId);
    // Another agent's contact is refused as such (403); one's own in the wrong state is a bad request.
    await myRow(tx, instanceId, userId, contactId);
    const row = await tx
      .selectFrom('agent_contacts')
      .innerJoin('participants', 'participants.id', 'agent_contacts.participant_id')
      .selectAll('participants')
      .where('agent_contacts.contact_id', '=', contactId)
      .where('agent_contacts.user_id', '=', userId)
      .where('agent_contacts.instance_id', '=', instanceId)
      .where('agent_contacts.state', '=', 'CONNECTED')
      .executeTakeFirst();
    if (!row) throw invalidRequest(`Contact ${contactId} is not connected to this agent`);
    return { ...(await participantLeaves(deps, tx, row.chat_id, row, deps.clock.now())), chatId: row.chat_id };
  });
  await publishDeparture(deps, res.chatId, res);
}

/** What an agent picks from: the statuses it may set, the quick connects it may transfer to, and the queues. */
export async function agentDirectory(deps: Deps, caller: AgentCaller) {
  const k = deps.db.kysely;
  const statuses = await k.selectFrom('agent_statuses').select(['id', 'name', 'type', 'display_order']).where('instance_id', '=', caller.instanceId).where('state', '=', 'ENABLED').orderBy('display_order').orderBy('name').execute();
  const quick = await k.selectFrom('quick_connects').select(['id', 'name', 'type', 'config']).where('instance_id', '=', caller.instanceId).where('type', 'in', ['USER', 'QUEUE']).orderBy('name').execute();
  const queues = await k.selectFrom('queues').select(['id', 'name']).where('instance_id', '=', caller.instanceId).orderBy('name').execute();
  return {
    AgentStatuses: statuses.map((s) => ({ Id: s.id, Name: s.name, Type: s.type })),
    QuickConnects: quick.map((q) => ({ Id: q.id, Name: q.name, QuickConnectType: q.type })),
    Queues: queues.map((q) => ({ Id: q.id, Name: q.name })),
  };
}
