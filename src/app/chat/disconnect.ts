import { appendItems } from '../../adapters/store/items-repo.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import type { Deps } from '../deps.js';
import { performExternal, publishContact } from '../flows/external.js';
import { customerRemaining, type DisconnectSegment } from '../flows/segments.js';
import { whoOf } from './chat-records.js';
import { endChat } from './end-chat.js';
import { leftItem } from './system-items.js';
import type { Caller } from './participant-auth.js';

/**
 * DisconnectParticipant. The customer leaving ends the chat (chat.ended reaches every socket:
 * chatjs ≥4 waits for it). Anyone else leaving leaves (participant.left); when that leaves the
 * customer alone and the segment has a disconnect flow (CustomerRemaining), the flow runs on a new
 * segment, in the same transaction.
 */
export async function disconnectParticipant(deps: Deps, caller: Caller): Promise<void> {
  const { participant, chat } = caller;
  const res = await deps.db.write(async (tx) => {
    const now = deps.clock.now();
    // Without agents in the chat (routing comes later), the customer leaving ends it; every other
    // participant leaves after the customer. DisconnectOnCustomerExit decides about agents.
    if (participant.role === 'CUSTOMER') return { seq: await endChat(tx, deps.ids, chat.id, DISCONNECT_REASONS.customer, now, participant.id), next: null };
    const left = await tx
      .updateTable('participants')
      .set({ left_at: now })
      .where('id', '=', participant.id)
      .where('left_at', 'is', null)
      .executeTakeFirst();
    if (Number(left.numUpdatedRows) === 0) return { seq: null, next: null };
    const current = await tx.selectFrom('chats').select('current_contact_id').where('id', '=', chat.id).executeTakeFirstOrThrow();
    // The leaver leaves the segment it was on; the disconnect flow's items carry the new segment's id.
    const items = await appendItems(tx, chat.id, [leftItem(deps.ids, current.current_contact_id, whoOf(participant))], now);
    const next: DisconnectSegment | null = await customerRemaining(deps, tx, chat.id, participant, now);
    return { seq: items[0].seq, next };
  });
  if (res.seq !== null) deps.bus.publish(chat.id, res.seq);
  if (res.next) {
    await publishContact(deps, res.next.contactId);
    if (res.next.external) performExternal(deps, res.next.external);
  }
}
