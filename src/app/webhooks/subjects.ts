import type { Tx } from '../../adapters/store/db.js';
import type { Config } from '../../config.js';
import type { LoggedContactEvent } from '../../core/contact/events.js';
import { loggedEvent } from '../contacts/events.js';
import { recordOf } from '../contacts/records.js';
import type { EventSubject } from './payload.js';

export interface Subjects {
  subject: Map<string, EventSubject>;
  /** Each contact's logged events in order, up to the last event asked about. */
  history: Map<string, LoggedContactEvent[]>;
}

/**
 * What the bodies of `events` are made of, read in the caller's transaction with a few queries
 * for the whole batch: the segments, their chats (attributes, customer id, when the customer
 * connected), their event logs, which queues are standard, and for ended segments their
 * ChatMetrics (from the contact record, app/contacts/records.ts).
 */
export async function readSubjects(tx: Tx, config: Pick<Config, 'region' | 'accountId'>, events: readonly LoggedContactEvent[]): Promise<Subjects> {
  const contactIds = [...new Set(events.map((e) => e.contactId))];
  const maxSeq = Math.max(...events.map((e) => e.seq));
  const contacts = await tx
    .selectFrom('contacts')
    .select([
      'id',
      'instance_id',
      'chat_id',
      'previous_contact_id',
      'related_contact_id',
      'initiation_method',
      'channel',
      'initiated_at',
      'segment_attributes',
      'queue_id',
      'enqueued_at',
      'agent_id',
      'connected_to_agent_at',
      'disconnected_at',
      'disconnect_reason',
    ])
    .where('id', 'in', contactIds)
    .execute();
  const chatIds = [...new Set(contacts.map((c) => c.chat_id))];
  const chats = new Map(
    chatIds.length ? (await tx.selectFrom('chats').select(['id', 'attributes', 'customer_id']).where('id', 'in', chatIds).execute()).map((c) => [c.id, c]) : [],
  );
  const connected = new Map(
    chatIds.length
      ? (
          await tx
            .selectFrom('participants')
            .select((eb) => ['chat_id', eb.fn.min('connected_at').as('at')])
            .where('chat_id', 'in', chatIds)
            .where('role', '=', 'CUSTOMER')
            .groupBy('chat_id')
            .execute()
        ).map((r) => [r.chat_id, r.at == null ? null : Number(r.at)])
      : [],
  );
  const history = new Map<string, LoggedContactEvent[]>(contactIds.map((id) => [id, []]));
  const logged = await tx.selectFrom('contact_events').select(['seq', 'contact_id', 'type', 'at', 'detail']).where('contact_id', 'in', contactIds).where('seq', '<=', maxSeq).orderBy('seq').execute();
  for (const row of logged) history.get(row.contact_id)?.push(loggedEvent(row));
  const queuedIds = [...history.values()].flat().flatMap((e) => (e.type === 'QUEUED' ? [e.queueId] : []));
  // The rows' queues too: for a segment whose QUEUED the log has forgotten (payload.ts rowHistory).
  const queueIds = [...new Set([...queuedIds, ...contacts.flatMap((c) => (c.queue_id ? [c.queue_id] : []))])];
  const standardQueueIds = new Set(queueIds.length ? (await tx.selectFrom('queues').select('id').where('id', 'in', queueIds).execute()).map((q) => q.id) : []);
  const ended = new Set(events.filter((e) => e.type === 'DISCONNECTED' || e.type === 'COMPLETED').map((e) => e.contactId));

  const subject = new Map<string, EventSubject>();
  for (const c of contacts) {
    const chat = chats.get(c.chat_id);
    subject.set(c.id, {
      instanceId: c.instance_id,
      contact: {
        id: c.id,
        chatId: c.chat_id,
        previousContactId: c.previous_contact_id,
        relatedContactId: c.related_contact_id,
        initiationMethod: c.initiation_method,
        channel: c.channel,
        initiatedAt: Number(c.initiated_at),
        segmentAttributes: JSON.parse(c.segment_attributes) as Record<string, unknown>,
        queueId: c.queue_id,
        enqueuedAt: c.enqueued_at === null ? null : Number(c.enqueued_at),
        agentId: c.agent_id,
        connectedToAgentAt: c.connected_to_agent_at === null ? null : Number(c.connected_to_agent_at),
        disconnectedAt: c.disconnected_at === null ? null : Number(c.disconnected_at),
        disconnectReason: c.disconnect_reason,
      },
      customerId: chat?.customer_id ?? null,
      attributes: chat ? (JSON.parse(chat.attributes) as Record<string, string>) : {},
      customerConnectedAt: connected.get(c.chat_id) ?? null,
      standardQueueIds,
      chatMetrics: ended.has(c.id) ? ((await recordOf(tx, config, c.id))?.record.ChatMetrics ?? null) : null,
    });
  }
  return { subject, history };
}
