import { precompiled } from '../../adapters/store/compiled.js';
import type { Database } from '../../adapters/store/schema.js';

/**
 * The statements every chat start runs, built once per dialect (compiled.ts) rather than by
 * Kysely on every start.
 */

/** The instance a start names, and its flow by id if it has one (a left join: the flow's columns null otherwise). */
export const instanceWithFlow = precompiled((db, p: { instanceId: string; flowId: string }) =>
  db
    .selectFrom('instances')
    .leftJoin('flows', (j) => j.onRef('flows.instance_id', '=', 'instances.id').on('flows.id', '=', p.flowId))
    .select(['instances.id', 'flows.id as flow_id', 'flows.version as flow_version', 'flows.type as flow_type'])
    .where('instances.id', '=', p.instanceId),
);

export const insertChat = precompiled((db, p: Database['chats']) =>
  db
    .insertInto('chats')
    .values({
      id: p.id,
      instance_id: p.instance_id,
      started_at: p.started_at,
      deadline_at: p.deadline_at,
      ended_at: p.ended_at,
      last_seq: p.last_seq,
      last_at: p.last_at,
      attributes: p.attributes,
      customer_id: p.customer_id,
      supported_types: p.supported_types,
      disconnect_on_customer_exit: p.disconnect_on_customer_exit,
      participant_config: p.participant_config,
      participant_timers: p.participant_timers,
      attachment_count: p.attachment_count,
      past_chat_id: p.past_chat_id,
      past_until_seq: p.past_until_seq,
      current_contact_id: p.current_contact_id,
    }),
);

type NewParticipants = { chatId: string; now: number; customerId: string; customerName: string; customerTokenHash: string; systemId: string; systemName: string; systemTokenHash: string };

/** The customer and the chat's SYSTEM participant. */
export const insertParticipants = precompiled((db, p: NewParticipants) =>
  db.insertInto('participants').values([
    { id: p.customerId, chat_id: p.chatId, contact_id: p.chatId, role: 'CUSTOMER', display_name: p.customerName, token_hash: p.customerTokenHash, created_at: p.now, connected_at: null, left_at: null },
    { id: p.systemId, chat_id: p.chatId, contact_id: p.chatId, role: 'SYSTEM', display_name: p.systemName, token_hash: p.systemTokenHash, created_at: p.now, connected_at: null, left_at: null },
  ]),
);

/** The timer kind of a chat's deadline (server.ts hands it to onChatDeadline). */
export const CHAT_DEADLINE = 'chat-deadline';
