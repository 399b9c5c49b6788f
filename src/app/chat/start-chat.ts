import { sql } from 'kysely';
import { hashToken } from '../../adapters/ids.js';
import { idempotent } from '../../adapters/store/idempotency-repo.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import type { Tx } from '../../adapters/store/db.js';
import { DomainError, invalidRequest, notFound } from '../../core/errors.js';
import { MINUTE_MS } from '../../core/time.js';
import type { StartChatContactInput } from '../../http/connect/schemas.js';
import { requireInstance } from '../admin/instances.js';
import { idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { requestHash } from '../request-hash.js';
import { derivedParticipantToken } from '../signing.js';
import { checkStartChatInput } from './check-chat-input.js';
import { insertSegment } from './insert-segment.js';
import { joinedItem, messageItem, SYSTEM_DISPLAY_NAME, type Who } from './system-items.js';
import { startFlow, type ExternalCall } from '../flows/runner.js';
import { performExternal } from '../flows/external.js';

export interface StartChatResult {
  ContactId: string;
  ParticipantId: string;
  ParticipantToken: string;
  ContinuedFromContactId?: string;
}

export const DEFAULT_CHAT_DURATION_MINUTES = 1500;

/**
 * StartChatContact: creates the chat, its first contact, the customer, runs the inbound flow.
 * A ClientToken seen before returns the first response (checked before any quota, since the SDK
 * retries a 429 with the same token); the same token with other parameters is INVALID_REQUEST.
 */
export async function startChat(deps: Deps, input: StartChatContactInput): Promise<StartChatResult> {
  const supported = checkStartChatInput(input);
  const { ClientToken, ...request } = input;
  const result = await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, input.InstanceId);
    const scope = `StartChatContact:${instance.id}`;
    const key = { scope, token: ClientToken, requestHash: requestHash(request), now: deps.clock.now() };
    // The participant token is not recorded: a retry gets it derived again (signing.ts).
    const token = (participantId: string) => (ClientToken ? derivedParticipantToken(deps.secret, scope, ClientToken, participantId) : deps.ids.token());
    const { result, fresh } = await idempotent(tx, key, {
      run: () => createChat(deps, tx, instance.id, input, supported, token),
      record: ({ response: { ParticipantToken: _secret, ...recorded } }) => recorded,
      // A record written before tokens were derived still holds its token: answer that one.
      replay: (recorded: Omit<StartChatResult, 'ParticipantToken'> & { ParticipantToken?: string }) => ({
        response: { ...recorded, ParticipantToken: recorded.ParticipantToken ?? token(recorded.ParticipantId) },
        external: null,
      }),
    });
    return { ...result, fresh };
  });
  if (result.fresh) {
    deps.timers.wake();
    const chat = await deps.db.kysely.selectFrom('chats').select('last_seq').where('id', '=', result.response.ContactId).executeTakeFirst();
    if (chat) deps.bus.publish(result.response.ContactId, Number(chat.last_seq));
    if (result.external) performExternal(deps, result.external);
  }
  return result.response;
}

async function createChat(
  deps: Deps,
  tx: Tx,
  instanceId: string,
  input: StartChatContactInput,
  supported: string[],
  participantToken: (participantId: string) => string,
): Promise<{ response: StartChatResult; external: ExternalCall | null }> {
  const now = deps.clock.now();
  const flow = await tx
    .selectFrom('flows')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', idFromRef(input.ContactFlowId))
    .executeTakeFirst();
  if (!flow) throw notFound('Contact flow', input.ContactFlowId, 'CONTACT_FLOW');
  const past = await resolvePersistentChat(tx, instanceId, input);
  if (input.RelatedContactId) {
    const related = await tx.selectFrom('contacts').select('id').where('id', '=', input.RelatedContactId).where('instance_id', '=', instanceId).executeTakeFirst();
    if (!related) throw notFound('Contact', input.RelatedContactId, 'CONTACT');
  }
  const ids = deps.ids;
  const contactId = ids.uuid();
  const customer: Who = { id: ids.uuid(), role: 'CUSTOMER', displayName: input.ParticipantDetails.DisplayName };
  const customerToken = participantToken(customer.id);
  const system: Who = { id: ids.uuid(), role: 'SYSTEM', displayName: SYSTEM_DISPLAY_NAME };
  const deadline = now + (input.ChatDurationInMinutes ?? DEFAULT_CHAT_DURATION_MINUTES) * MINUTE_MS;

  await tx
    .insertInto('chats')
    .values({
      id: contactId,
      instance_id: instanceId,
      started_at: now,
      deadline_at: deadline,
      ended_at: null,
      last_seq: 0,
      last_at: 0,
      attributes: JSON.stringify(input.Attributes ?? {}),
      customer_id: input.CustomerId ?? null,
      supported_types: JSON.stringify(supported),
      disconnect_on_customer_exit: JSON.stringify(input.DisconnectOnCustomerExit ?? []),
      participant_config: input.ParticipantConfiguration ? JSON.stringify(input.ParticipantConfiguration) : null,
      attachment_count: 0,
      past_chat_id: past?.chatId ?? null,
      past_until_seq: past?.untilSeq ?? null,
      current_contact_id: contactId,
    })
    .execute();
  await insertSegment(
    tx,
    {
      id: contactId,
      instance_id: instanceId,
      chat_id: contactId,
      related_contact_id: past?.continuedFrom ?? input.RelatedContactId ?? null,
      continued_from_contact_id: past?.continuedFrom ?? null,
      initiation_method: 'API',
      channel: 'CHAT',
      flow_id: flow.id,
      segment_attributes: JSON.stringify(input.SegmentAttributes ?? {}),
    },
    now,
  );
  await tx
    .insertInto('participants')
    .values([
      { id: customer.id, chat_id: contactId, contact_id: contactId, role: 'CUSTOMER', display_name: customer.displayName, token_hash: hashToken(customerToken), created_at: now, connected_at: null, left_at: null },
      // The system participant never authenticates: its token is thrown away unseen.
      { id: system.id, chat_id: contactId, contact_id: contactId, role: 'SYSTEM', display_name: system.displayName, token_hash: hashToken(ids.token()), created_at: now, connected_at: null, left_at: null },
    ])
    .execute();
  await tx.insertInto('timers').values({ kind: 'chat-deadline', target: contactId, due_at: deadline, lease_until: 0 }).execute();

  const first = [joinedItem(ids, contactId, customer)];
  // chat.rehydrated is written when the customer first connects (connection.ts), so it reaches a socket.
  if (input.InitialMessage) first.push(messageItem(ids, contactId, customer, input.InitialMessage.ContentType, input.InitialMessage.Content));
  await appendItems(tx, contactId, first, now);
  const external = await startFlow(deps, tx, contactId, { id: flow.id, version: flow.version });
  await countActiveChat(deps, tx, instanceId, contactId);
  const response = {
    ContactId: contactId,
    ParticipantId: customer.id,
    ParticipantToken: customerToken,
    ...(past ? { ContinuedFromContactId: past.continuedFrom } : {}),
  };
  return { response, external };
}

/**
 * Counts the new chat against the instance's concurrent-chat quota. Last in the transaction: on
 * PostgreSQL the instance row stays locked until commit, so every chat start of the instance
 * waits for it; taken after the flow run, it is held only for the commit. A flow that ended the
 * chat during its start has already taken it off the count (endChat decrements unconditionally),
 * so it is counted back here and still refused when the instance is at its limit.
 */
async function countActiveChat(deps: Deps, tx: Tx, instanceId: string, chatId: string): Promise<void> {
  const limit = deps.config.maxActiveChats;
  const chat = await tx.selectFrom('chats').select('ended_at').where('id', '=', chatId).executeTakeFirstOrThrow();
  const under = limit === null ? null : chat.ended_at === null ? limit : limit - 1;
  const counted = await tx
    .updateTable('instances')
    .set({ active_chats: sql`active_chats + 1` })
    .where('id', '=', instanceId)
    .$if(under !== null, (q) => q.where('active_chats', '<', under as number))
    .executeTakeFirst();
  if (Number(counted.numUpdatedRows) === 0)
    throw new DomainError('LIMIT_EXCEEDED', `The instance has reached its limit of ${limit} concurrent active chats`);
}

/**
 * Persistent chat: only an ended chat can be continued. ENTIRE_PAST_SESSION names the past
 * chat's initial contact and continues from its last segment; FROM_SEGMENT names one segment,
 * and what came after it is not carried over.
 */
async function resolvePersistentChat(tx: Tx, instanceId: string, input: StartChatContactInput) {
  const pc = input.PersistentChat;
  if (!pc) return null;
  const source = await tx
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', pc.SourceContactId)
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
  if (!source) throw notFound('Contact', pc.SourceContactId, 'CONTACT');
  const chat = await tx.selectFrom('chats').selectAll().where('id', '=', source.chat_id).executeTakeFirstOrThrow();
  if (chat.ended_at === null) throw invalidRequest(`Contact ${pc.SourceContactId} has not ended; only ended chats can be continued`);
  if (pc.RehydrationType === 'ENTIRE_PAST_SESSION') {
    if (source.id !== chat.id)
      throw invalidRequest('ENTIRE_PAST_SESSION needs the initial contact id of the past chat as SourceContactId');
    return { chatId: chat.id, untilSeq: Number(chat.last_seq), continuedFrom: chat.current_contact_id };
  }
  const last = await tx
    .selectFrom('items')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('chat_id', '=', chat.id)
    .where('contact_id', '=', source.id)
    .executeTakeFirst();
  return { chatId: chat.id, untilSeq: Number(last?.seq ?? 0), continuedFrom: source.id };
}
