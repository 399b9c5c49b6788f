import type { Tx } from '../../adapters/store/db.js';
import { invalidRequest, notFound } from '../../core/errors.js';
import type { StartChatContactInput } from '../../http/connect/schemas.js';

/**
 * Persistent chat: only an ended chat can be continued. ENTIRE_PAST_SESSION names the past
 * chat's initial contact and continues from its last segment; FROM_SEGMENT names one segment,
 * and what came after it is not carried over.
 */
export async function resolvePersistentChat(tx: Tx, instanceId: string, input: StartChatContactInput) {
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
