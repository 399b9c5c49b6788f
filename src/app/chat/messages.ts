import { appendMessageAtOnce } from '../../adapters/store/append-at-once.js';
import { precompiled } from '../../adapters/store/compiled.js';
import { idempotent } from '../../adapters/store/idempotency-repo.js';
import { appendOne, itemById } from '../../adapters/store/items-repo.js';
import type { Tx } from '../../adapters/store/db.js';
import { CONTENT_LIMITS, EVENT_TYPES, SENDABLE_EVENTS, isMessageContentType } from '../../core/chat/content-types.js';
import type { NewItem, StoredItem } from '../../core/chat/items.js';
import { DomainError, accessDenied, invalidParameter } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import type { Deps } from '../deps.js';
import { messageHash, requestHash } from '../request-hash.js';
import { whoOf } from './chat-records.js';
import { customerSpoke } from '../flows/customer-input.js';
import { participantActive } from './participant-timers.js';
import { parseTimerState } from './participant-timer-state.js';
import { performExternal, publishContact } from '../flows/external.js';
import type { Caller } from './participant-auth.js';
import { messageItem, participantEventItem, receiptItem } from './system-items.js';
import { chainOf } from './transcript.js';
import { handCommitted } from './committed-items.js';
import { messageDecidedFirst } from './message-decided-first.js';

export interface Posted {
  Id: string;
  AbsoluteTime: string;
}

/**
 * Appends one item for the caller, once per ClientToken: a retry gets the first answer, and the
 * same token with another body is a ValidationException. Durable before it returns.
 * The SDK sends a ClientToken with every message, so this is the hot path: the item id is chosen
 * first and recorded with the claim itself (one write), and a retry reads the item back by id.
 */
async function post(
  deps: Deps,
  caller: Caller,
  op: string,
  body: unknown,
  clientToken: string | undefined,
  build: (tx: Tx, id: string, contactId: string) => Promise<NewItem>,
): Promise<Posted> {
  const { chat, participant } = caller;
  const id = deps.ids.timeUuid();
  // A customer's message may be what the segment's flow waits for (customer-input.ts). Where
  // writes are serialized, the append reads the flow's state in its own statement.
  const withFlowState = op === 'SendMessage' && participant.role === 'CUSTOMER' && deps.db.capabilities.singleWriter;
  const res = await deps.db.write(async (tx) => {
    // Where a message may also be appended in one statement, which locks the chat before its
    // claim (append-at-once.ts), the general path locks in the same order, so the two never wait
    // on each other's locks the other way round.
    if (op === 'SendMessage' && deps.db.autocommit) await lockChat.execute(tx, { chatId: chat.id });
    const key = { scope: `${op}:${participant.id}`, token: clientToken, requestHash: requestHash(body), now: deps.clock.now() };
    const { result } = await idempotent(tx, key, {
      early: { Id: id },
      run: async () => {
        // The segment (current contact) is read under the chat's lock, in the statement that
        // bumps its sequence: a disconnect flow may have started since the caller was
        // authenticated, and a customer message must reach its Wait. The chat is locked first, as
        // every flow runner locks it (flows/lock-segment.ts), so no new segment can start before
        // the append.
        const at = { chatId: chat.id, senderId: participant.id, now: deps.clock.now() };
        const { item, chat: held } = await appendOne(tx, at, (c) => build(tx, id, c.contactId), { withFlowState });
        const contactId = held.contactId;
        // Participant timers run only once configured and an agent joined (participant-timers.ts).
        if (item.type === 'MESSAGE' && parseTimerState(held.participantTimers)?.live) await participantActive(deps, tx, chat.id, participant.id, item.at);
        // Undefined when no flow took the message (only a customer's can reach one).
        const external = item.type === 'MESSAGE' && participant.role === 'CUSTOMER' ? await customerSpoke(deps, tx, contactId, item, held.flowState) : undefined;
        return { posted: { Id: item.id, AbsoluteTime: isoTime(item.at) }, item: item as StoredItem | null, external, contactId: contactId as string | null };
      },
      replay: async (r: { Id: string; AbsoluteTime?: string }) => {
        // A remembered caller was not read again (participant-auth.ts asSender): a retry answers only while it could still send.
        if (!(await stillSending.first(tx, { chatId: chat.id, senderId: participant.id, now: deps.clock.now() }))) throw accessDenied('The chat has ended');
        return { posted: await postedBefore(tx, r), item: null, external: undefined, contactId: null };
      },
    });
    return result;
  });
  if (res.item) {
    // This node's hub sends the item without reading it back.
    handCommitted(deps.bus, chat.id, [res.item]);
    deps.bus.publish(chat.id, res.item.seq);
    // The flow may have written items too (a reply on the CustomerReturned branch).
    if (res.external !== undefined && res.contactId) await publishContact(deps, res.contactId);
    if (res.external) performExternal(deps, res.external);
  }
  return res.posted;
}

const lockChat = precompiled((db, p: { chatId: string }) => db.selectFrom('chats').select('id').where('id', '=', p.chatId).forNoKeyUpdate());

/** The sender is still in a chat that goes on (what the append checks, for a retry that appends nothing). */
const stillSending = precompiled((db, p: { chatId: string; senderId: string; now: number }) =>
  db
    .selectFrom('participants')
    .innerJoin('chats', 'chats.id', 'participants.chat_id')
    .select('participants.id')
    .where('participants.id', '=', p.senderId)
    .where('participants.left_at', 'is', null)
    .where('chats.id', '=', p.chatId)
    .where('chats.ended_at', 'is', null)
    .where('chats.deadline_at', '>', p.now),
);

/** The answer a retry gets: the item the first request wrote (records made before carry the time too). */
async function postedBefore(tx: Tx, r: { Id: string; AbsoluteTime?: string }): Promise<Posted> {
  if (r.AbsoluteTime) return { Id: r.Id, AbsoluteTime: r.AbsoluteTime };
  const item = await itemById(tx, r.Id);
  if (!item) throw new Error(`item ${r.Id} of an idempotency record is missing`);
  return { Id: item.id, AbsoluteTime: isoTime(item.at) };
}

/** SendMessage: content type allowed for the chat, within its size limit (spec §7.1). */
export async function sendMessage(deps: Deps, caller: Caller, input: { ContentType: string; Content: string; ClientToken?: string }): Promise<Posted> {
  const { ContentType: type, Content: content } = input;
  if (!isMessageContentType(type)) throw invalidParameter(`ContentType ${type} is not a message content type`);
  const supported = JSON.parse(caller.chat.supported_types) as string[];
  // Agents and bots send interactive templates; a customer may only use the chat's types.
  if (caller.participant.role === 'CUSTOMER' && !supported.includes(type) && !(type.endsWith('interactive.response') && supported.some((t) => t.endsWith('interactive'))))
    throw invalidParameter(`ContentType ${type} is not supported in this chat (SupportedMessagingContentTypes)`);
  if (content.length > CONTENT_LIMITS[type]) throw invalidParameter(`Content of type ${type} may be at most ${CONTENT_LIMITS[type]} characters`);
  if (type === 'application/json' || type.includes('interactive')) {
    try {
      JSON.parse(content);
    } catch {
      throw invalidParameter(`Content of type ${type} must be valid JSON`);
    }
  }
  const body = { type, content };
  const token = input.ClientToken;
  return (
    (token && (await messageAtOnce(deps, caller, body, token))) ||
    (await messageDecidedFirst(deps, caller, body, token)) ||
    post(deps, caller, 'SendMessage', body, token, async (_tx, id, contactId) => messageItem(deps.ids, contactId, whoOf(caller.participant), type, content, id))
  );
}

/**
 * SendMessage in one statement where the store offers it (append-at-once.ts): the common case,
 * with nothing for a flow or timer to do. Null when the general path must do it.
 */
async function messageAtOnce(deps: Deps, caller: Caller, body: { type: string; content: string }, token: string): Promise<Posted | null> {
  if (!deps.db.autocommit) return null;
  const { chat, participant } = caller;
  const id = deps.ids.timeUuid();
  const outcome = await appendMessageAtOnce(deps.db, {
    chatId: chat.id,
    senderId: participant.id,
    now: deps.clock.now(),
    fromCustomer: participant.role === 'CUSTOMER',
    claim: { scope: `SendMessage:${participant.id}`, token, requestHash: messageHash(body), response: JSON.stringify({ Id: id }) },
    item: messageItem(deps.ids, '', whoOf(participant), body.type, body.content, id),
  });
  if (!outcome || outcome.kind === 'general') return null;
  if (outcome.kind === 'refused') throw accessDenied('The chat has ended');
  handCommitted(deps.bus, chat.id, [outcome.item]);
  deps.bus.publish(chat.id, outcome.item.seq);
  return { Id: outcome.item.id, AbsoluteTime: isoTime(outcome.item.at) };
}

/**
 * SendEvent: typing is relayed; delivered and read receipts are recorded against the message and
 * pushed as a MESSAGEMETADATA item; connection.acknowledged marks the caller connected.
 */
export async function sendEvent(deps: Deps, caller: Caller, input: { ContentType: string; Content?: string; ClientToken?: string }): Promise<Posted> {
  const type = input.ContentType;
  if (!SENDABLE_EVENTS.includes(type)) throw invalidParameter(`ContentType ${type} is not an event a participant can send`);
  const isReceipt = type === EVENT_TYPES.delivered || type === EVENT_TYPES.read;
  const messageId = isReceipt ? receiptMessageId(input.Content) : null;
  const me = whoOf(caller.participant);
  return post(deps, caller, 'SendEvent', { type, content: input.Content ?? null }, input.ClientToken, async (tx, id, contactId) => {
    const now = deps.clock.now();
    if (type === EVENT_TYPES.connectionAck && caller.participant.connected_at === null)
      await tx.updateTable('participants').set({ connected_at: now }).where('id', '=', me.id).execute();
    if (!messageId) return participantEventItem(deps.ids, contactId, me, type, input.Content ?? null, id);
    // A persistent chat's transcript shows the past sessions' messages too: chatjs sends receipts for them.
    const message = await itemById(tx, messageId);
    if (!message || !(await inChain(tx, caller.chat.id, message)) || (message.type !== 'MESSAGE' && message.type !== 'ATTACHMENT'))
      throw invalidParameter(`messageId ${messageId} is not a message of this chat`);
    const read = type === EVENT_TYPES.read;
    await (read ? recordRead : recordDelivered).execute(tx, { messageId, recipientId: me.id, chatId: caller.chat.id, now });
    const stamp = isoTime(now);
    const receipt = read ? { ReadTimestamp: stamp, RecipientParticipantId: me.id } : { DeliveredTimestamp: stamp, RecipientParticipantId: me.id };
    return receiptItem(deps.ids, contactId, me, messageId, receipt, id);
  });
}

/** A receipt, once per message and recipient: delivered when first received, read when first read. */
const receiptOf = (read: boolean) =>
  precompiled((db, p: { messageId: string; recipientId: string; chatId: string; now: number }) =>
    db
      .insertInto('receipts')
      .values({ message_id: p.messageId, recipient_id: p.recipientId, chat_id: p.chatId, delivered_at: p.now, read_at: read ? p.now : null })
      .onConflict((oc) =>
        oc.columns(['message_id', 'recipient_id']).doUpdateSet((eb) => ({
          read_at: read ? eb.fn.coalesce('receipts.read_at', eb.val(p.now)) : eb.ref('receipts.read_at'),
        })),
      ),
  );
const recordDelivered = receiptOf(false);
const recordRead = receiptOf(true);

/** Whether an item is in the transcript of a chat: the chat itself or one of its past sessions. */
async function inChain(tx: Tx, chatId: string, item: StoredItem): Promise<boolean> {
  if (item.chatId === chatId) return true;
  const session = (await chainOf(tx, chatId)).find((s) => s.chatId === item.chatId);
  return session !== undefined && item.seq <= session.upTo;
}

function receiptMessageId(content: string | undefined): string {
  try {
    const id = (JSON.parse(content ?? '') as { messageId?: unknown }).messageId;
    if (typeof id === 'string' && id.length > 0 && id.length <= 256) return id;
  } catch {
    /* falls through to the error */
  }
  throw new DomainError('INVALID_PARAMETER', 'Receipt events need Content {"messageId":"<message Id>"}');
}
