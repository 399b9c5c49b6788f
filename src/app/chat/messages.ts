import { claimToken, recordResponse } from '../../adapters/store/idempotency-repo.js';
import { appendItems, itemById } from '../../adapters/store/items-repo.js';
import type { Tx } from '../../adapters/store/db.js';
import { CONTENT_LIMITS, EVENT_TYPES, SENDABLE_EVENTS, isMessageContentType } from '../../core/chat/content-types.js';
import type { NewItem } from '../../core/chat/items.js';
import { DomainError, invalidParameter, invalidRequest } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import type { Deps } from '../deps.js';
import { requestHash } from '../request-hash.js';
import { whoOf } from './chat-records.js';
import { customerSpoke } from '../flows/customer-input.js';
import { performExternal, publishContact } from '../flows/external.js';
import type { Caller } from './participant-auth.js';

export interface Posted {
  Id: string;
  AbsoluteTime: string;
}

/**
 * Appends one item for the caller, once per ClientToken: a retry gets the first answer, and the
 * same token with another body is a ValidationException. Durable before it returns.
 */
async function post(deps: Deps, caller: Caller, op: string, body: unknown, clientToken: string | undefined, build: (tx: Tx) => Promise<NewItem>): Promise<Posted> {
  const { chat, participant } = caller;
  const res = await deps.db.write(async (tx) => {
    const scope = `${op}:${participant.id}`;
    if (clientToken) {
      const claim = await claimToken(tx, scope, clientToken, requestHash(body), deps.clock.now());
      if (!claim.fresh) {
        if (!claim.sameRequest) throw invalidRequest('ClientToken was already used for a different request');
        return { posted: JSON.parse(claim.response ?? 'null') as Posted, seq: null, external: undefined };
      }
    }
    const [item] = await appendItems(tx, chat.id, [await build(tx)], deps.clock.now());
    const posted = { Id: item.id, AbsoluteTime: isoTime(item.at) };
    if (clientToken) await recordResponse(tx, scope, clientToken, posted);
    const external = item.type === 'MESSAGE' && participant.role === 'CUSTOMER' ? await customerSpoke(deps, tx, chat.current_contact_id) : null;
    return { posted, seq: item.seq, external };
  });
  if (res.seq !== null) {
    deps.bus.publish(chat.id, res.seq);
    // The flow may have written items too (a reply on the CustomerReturned branch).
    if (res.external !== undefined) await publishContact(deps, chat.current_contact_id);
    if (res.external) performExternal(deps, res.external);
  }
  return res.posted;
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
  return post(deps, caller, 'SendMessage', { type, content }, input.ClientToken, async () => ({
    id: deps.ids.uuid(),
    contactId: caller.chat.current_contact_id,
    type: 'MESSAGE',
    contentType: type,
    content,
    participantId: caller.participant.id,
    role: whoOf(caller.participant).role,
    displayName: caller.participant.display_name,
    inTranscript: true,
    attachments: null,
    metadata: null,
  }));
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
  return post(deps, caller, 'SendEvent', { type, content: input.Content ?? null }, input.ClientToken, async (tx) => {
    const now = deps.clock.now();
    if (type === EVENT_TYPES.connectionAck && caller.participant.connected_at === null)
      await tx.updateTable('participants').set({ connected_at: now }).where('id', '=', me.id).execute();
    if (!messageId)
      return {
        id: deps.ids.uuid(),
        contactId: caller.chat.current_contact_id,
        type: type === EVENT_TYPES.connectionAck ? 'CONNECTION_ACK' : 'EVENT',
        contentType: type,
        content: input.Content ?? null,
        participantId: me.id,
        role: me.role,
        displayName: me.displayName,
        inTranscript: false,
        attachments: null,
        metadata: null,
      };
    const message = await itemById(tx, messageId);
    if (!message || message.chatId !== caller.chat.id || (message.type !== 'MESSAGE' && message.type !== 'ATTACHMENT'))
      throw invalidParameter(`messageId ${messageId} is not a message of this chat`);
    const read = type === EVENT_TYPES.read;
    await tx
      .insertInto('receipts')
      .values({ message_id: messageId, recipient_id: me.id, chat_id: caller.chat.id, delivered_at: now, read_at: read ? now : null })
      .onConflict((oc) =>
        oc.columns(['message_id', 'recipient_id']).doUpdateSet((eb) => ({
          read_at: read ? eb.fn.coalesce('receipts.read_at', eb.val(now)) : eb.ref('receipts.read_at'),
        })),
      )
      .execute();
    const stamp = isoTime(now);
    return {
      id: deps.ids.uuid(),
      contactId: caller.chat.current_contact_id,
      type: 'MESSAGEMETADATA',
      contentType: EVENT_TYPES.metadata,
      content: null,
      participantId: me.id,
      role: me.role,
      displayName: me.displayName,
      inTranscript: false,
      attachments: null,
      metadata: { MessageId: messageId, Receipts: [read ? { ReadTimestamp: stamp, RecipientParticipantId: me.id } : { DeliveredTimestamp: stamp, RecipientParticipantId: me.id }] },
    };
  });
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
