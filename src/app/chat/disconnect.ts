import { appendItems } from '../../adapters/store/items-repo.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import type { Deps } from '../deps.js';
import { whoOf } from './chat-records.js';
import { endChat } from './end-chat.js';
import { leftItem } from './system-items.js';
import type { Caller } from './participant-auth.js';

/**
 * DisconnectParticipant. The customer leaving ends the chat (chat.ended reaches every socket:
 * chatjs ≥4 waits for it); with DisconnectOnCustomerExit the agents are removed first, as
 * Connect does before a disconnect flow. Anyone else leaving only leaves (participant.left).
 */
export async function disconnectParticipant(deps: Deps, caller: Caller): Promise<void> {
  const { participant, chat } = caller;
  const seq = await deps.db.write(async (tx) => {
    const now = deps.clock.now();
    if (participant.role === 'CUSTOMER') {
      const exit = JSON.parse(chat.disconnect_on_customer_exit) as string[];
      const first = exit.includes('AGENT') ? participant.id : undefined;
      return endChat(tx, deps.ids, chat.id, DISCONNECT_REASONS.customer, now, first);
    }
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
