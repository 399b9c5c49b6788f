import { appendItems } from '../../adapters/store/items-repo.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import type { Deps } from '../deps.js';
import { whoOf } from './chat-records.js';
import { endChat } from './end-chat.js';
import { leftItem } from './system-items.js';
import type { Caller } from './participant-auth.js';

/**
 * DisconnectParticipant. The customer leaving ends the chat (chat.ended reaches every socket:
 * chatjs ≥4 waits for it). Anyone else leaving only leaves (participant.left).
 */
export async function disconnectParticipant(deps: Deps, caller: Caller): Promise<void> {
  const { participant, chat } = caller;
  const seq = await deps.db.write(async (tx) => {
    const now = deps.clock.now();
    // Without agents in the chat (routing comes later), the customer leaving ends it; every other
    // participant leaves after the customer. DisconnectOnCustomerExit decides about agents.
    if (participant.role === 'CUSTOMER') return endChat(tx, deps.ids, chat.id, DISCONNECT_REASONS.customer, now, participant.id);
    const left = await tx
      .updateTable('participants')
      .set({ left_at: now })
      .where('id', '=', participant.id)
      .where('left_at', 'is', null)
      .executeTakeFirst();
    if (Number(left.numUpdatedRows) === 0) return null;
    const items = await appendItems(tx, chat.id, [leftItem(deps.ids, chat.current_contact_id, whoOf(participant))], now);
    return items[0].seq;
  });
  if (seq !== null) deps.bus.publish(chat.id, seq);
}
