import type { Tx } from '../../adapters/store/db.js';
import { recordEvent } from '../contacts/events.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import { invalidRequest, notFound } from '../../core/errors.js';
import { idFromRef } from '../arn.js';
import { systemOf, whoOf } from '../chat/chat-records.js';
import { insertSegment } from '../chat/insert-segment.js';
import { leftItem, transferredItem } from '../chat/system-items.js';
import type { Deps } from '../deps.js';
import { performExternal, publishContact } from '../flows/external.js';
import { lockSegment } from '../flows/lock-segment.js';
import { FLOW_TIMER, startFlow, type ExternalCall } from '../flows/runner.js';
import { endSegment } from '../flows/segments.js';
import { endAgentWork } from './after-contact.js';
import { myRow } from './offers.js';

/** Where an agent sends a chat: a quick connect (USER or QUEUE, with its transfer flow), or a queue or agent directly. */
export interface TransferTarget {
  QuickConnectId?: string;
  QueueId?: string;
  UserId?: string;
}

interface Resolved {
  queueId: string;
  flowId: string | null;
}

/**
 * An agent's transfer of a connected chat (a cold transfer, as Connect does for chat): a new
 * segment (InitiationMethod TRANSFER) takes over with the working queue set to the target queue
 * (an agent's own queue for a USER target); a quick connect's transfer flow runs on it (it
 * normally ends in TransferContactToQueue), else the contact is queued at once. The transferring
 * agent leaves the chat and enters after-contact work; the customer stays, with the same token
 * and socket, and sees transfer.succeeded; the disconnect flow does not run.
 */
export async function transferContact(deps: Deps, instanceId: string, userId: string, contactId: string, target: TransferTarget): Promise<{ ContactId: string }> {
  const res = await deps.db.write(async (tx) => {
    await lockSegment(tx, contactId);
    await myRow(tx, instanceId, userId, contactId);
    const row = await tx.selectFrom('agent_contacts').selectAll().where('contact_id', '=', contactId).where('user_id', '=', userId).where('state', '=', 'CONNECTED').executeTakeFirst();
    if (!row) throw invalidRequest(`Contact ${contactId} is not connected to this agent`);
    const old = await tx.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();
    const to = await resolve(tx, instanceId, target);
    const now = deps.clock.now();
    const id = deps.ids.uuid();
    const participant = await tx.selectFrom('participants').selectAll().where('id', '=', row.participant_id!).executeTakeFirstOrThrow();
    await tx.updateTable('participants').set({ left_at: now }).where('id', '=', participant.id).where('left_at', 'is', null).execute();
    await endAgentWork(tx, deps, [contactId], now, participant.id);
    await endSegment(tx, contactId, DISCONNECT_REASONS.agent, now, true);
    await insertSegment(
      tx,
      {
        id,
        instance_id: old.instance_id,
        chat_id: old.chat_id,
        previous_contact_id: old.id,
        initiation_method: 'TRANSFER',
        channel: old.channel,
        flow_id: to.flowId ?? old.flow_id,
        segment_attributes: old.segment_attributes,
        hooks: old.hooks,
        working_queue_id: to.queueId,
        queue_priority: old.queue_priority,
        queue_time_adjust_seconds: old.queue_time_adjust_seconds,
        routing_criteria: old.routing_criteria,
      },
      now,
    );
    await tx.updateTable('contacts').set({ next_contact_id: id }).where('id', '=', old.id).execute();
    await tx.updateTable('chats').set({ current_contact_id: id }).where('id', '=', old.chat_id).execute();
    const system = await systemOf(tx, old.chat_id);
    const items = await appendItems(tx, old.chat_id, [leftItem(deps.ids, contactId, whoOf(participant)), transferredItem(deps.ids, id, system)], now);
    let external: ExternalCall | null = null;
    if (to.flowId) {
      const flow = await tx.selectFrom('flows').select(['id', 'version']).where('id', '=', to.flowId).executeTakeFirstOrThrow();
      external = await startFlow(deps, tx, id, { id: flow.id, version: Number(flow.version) });
    } else {
      await tx.updateTable('contacts').set({ state: 'QUEUED', queue_id: to.queueId, enqueued_at: now, updated_at: now }).where('id', '=', id).execute();
      await recordEvent(tx, now, { id, instance_id: old.instance_id }, { type: 'QUEUED', queueId: to.queueId });
      await tx.deleteFrom('timers').where('kind', '=', FLOW_TIMER).where('target', '=', id).execute();
    }
    return { id, chatId: old.chat_id, seq: items[items.length - 1].seq, external };
  });
  deps.bus.publish(res.chatId, res.seq);
  deps.routing.wake();
  await publishContact(deps, res.id);
  if (res.external) performExternal(deps, res.external);
  return { ContactId: res.id };
}

async function resolve(tx: Tx, instanceId: string, t: TransferTarget): Promise<Resolved> {
  const given = [t.QuickConnectId, t.QueueId, t.UserId].filter((v) => v !== undefined).length;
  if (given !== 1) throw invalidRequest('Name exactly one of QuickConnectId, QueueId and UserId');
  if (t.QuickConnectId) {
    const qc = await tx.selectFrom('quick_connects').selectAll().where('instance_id', '=', instanceId).where('id', '=', idFromRef(t.QuickConnectId)).executeTakeFirst();
    if (!qc) throw notFound('QuickConnect', t.QuickConnectId, 'QUICK_CONNECT');
    const config = JSON.parse(qc.config) as { UserConfig?: { UserId: string; ContactFlowId: string }; QueueConfig?: { QueueId: string; ContactFlowId: string } };
    if (qc.type === 'USER' && config.UserConfig) return { queueId: await requireAgentQueue(tx, instanceId, config.UserConfig.UserId), flowId: config.UserConfig.ContactFlowId };
    if (qc.type === 'QUEUE' && config.QueueConfig) return { queueId: await requireQueue(tx, instanceId, config.QueueConfig.QueueId), flowId: config.QueueConfig.ContactFlowId };
    throw invalidRequest(`Quick connect ${qc.name} is of type ${qc.type}, which chats cannot be transferred to`);
  }
  if (t.QueueId) return { queueId: await requireQueue(tx, instanceId, t.QueueId), flowId: null };
  return { queueId: await requireAgentQueue(tx, instanceId, t.UserId!), flowId: null };
}

async function requireQueue(tx: Tx, instanceId: string, ref: string): Promise<string> {
  const q = await tx.selectFrom('queues').select('id').where('instance_id', '=', instanceId).where('id', '=', idFromRef(ref)).executeTakeFirst();
  if (!q) throw notFound('Queue', ref, 'QUEUE');
  return q.id;
}

/** An agent's own queue: its id is the user's. */
async function requireAgentQueue(tx: Tx, instanceId: string, ref: string): Promise<string> {
  const u = await tx.selectFrom('users').select('id').where('instance_id', '=', instanceId).where('id', '=', idFromRef(ref)).executeTakeFirst();
  if (!u) throw notFound('User', ref, 'USER');
  return u.id;
}
