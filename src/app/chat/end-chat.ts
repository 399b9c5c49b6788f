import { sql } from 'kysely';
import { completeIfDone, recordEvent } from '../contacts/events.js';
import type { ContactState } from '../../core/contact/contact-state.js';
import type { Tx } from '../../adapters/store/db.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import type { Ids } from '../../core/ports.js';
import { endAgentWork, type AgentNotices } from '../agents/after-contact.js';
import { participantsOf, whoOf } from './chat-records.js';
import { chatEndedItem, leftItem } from './system-items.js';

/**
 * Ends a chat at `at`: the current contact is disconnected with `reason`, every participant
 * still present leaves (`firstToLeave` first), then `chat.ended`; its agents enter after-contact work. Idempotent: a chat that already
 * ended is left alone and null is returned; otherwise the last sequence number written.
 */
export async function endChat(
  tx: Tx,
  deps: AgentNotices & { ids: Ids },
  chatId: string,
  reason: string,
  at: number,
  firstToLeave?: string,
): Promise<number | null> {
  const ended = await tx
    .updateTable('chats')
    .set({ ended_at: at })
    .where('id', '=', chatId)
    .where('ended_at', 'is', null)
    .returning(['current_contact_id', 'instance_id'])
    .executeTakeFirst();
  if (!ended) return null;
  const contactId = ended.current_contact_id;
  const before = await tx.selectFrom('contacts').select('state').where('id', '=', contactId).executeTakeFirst();
  await tx
    .updateTable('contacts')
    .set({ state: 'ENDED', disconnected_at: at, disconnect_reason: reason, updated_at: at })
    .where('id', '=', contactId)
    .execute();
  // The chat's deadline and the timers of every flow of its segments: the chat outlives none of them.
  await tx.deleteFrom('timers').where('target', 'in', tx.selectFrom('contacts').select('id').where('chat_id', '=', chatId)).execute();

  await endAgentWork(tx, deps, [contactId], at);
  if (before && before.state !== 'ENDED') {
    await recordEvent(tx, at, { id: contactId, instance_id: ended.instance_id }, { type: 'DISCONNECTED', reason, state: before.state as ContactState, transferred: false });
    await completeIfDone(tx, contactId, at);
  }
  const { ids } = deps;
  const present = (await participantsOf(tx, chatId)).filter((p) => p.left_at === null && p.role !== 'SYSTEM');
  present.sort((a, b) => (a.id === firstToLeave ? -1 : b.id === firstToLeave ? 1 : 0));
  await tx.updateTable('participants').set({ left_at: at }).where('chat_id', '=', chatId).where('left_at', 'is', null).execute();
  const system = (await participantsOf(tx, chatId)).find((p) => p.role === 'SYSTEM');
  const items = present.map((p) => leftItem(ids, contactId, whoOf(p)));
  if (system) items.push(chatEndedItem(ids, contactId, whoOf(system)));
  const written = await appendItems(tx, chatId, items, at, { ending: true });
  // Last, so that the instance row (every chat start of the instance waits for it on PostgreSQL)
  // is locked as briefly as this function can. Unconditional: a chat that its flow ends during
  // its own start is taken off here before StartChatContact counts it, at the end of that start.
  await tx.updateTable('instances').set({ active_chats: sql`active_chats - 1` }).where('id', '=', ended.instance_id).execute();
  return written.length ? written[written.length - 1].seq : null;
}
