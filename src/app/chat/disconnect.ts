import type { Tx } from '../../adapters/store/db.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import { endAgentWork } from '../agents/after-contact.js';
import type { Deps } from '../deps.js';
import { performExternal, publishContact } from '../flows/external.js';
import { customerRemaining, type DisconnectSegment } from '../flows/segments.js';
import { whoOf, type ParticipantRow } from './chat-records.js';
import { endChat } from './end-chat.js';
import { leftItem } from './system-items.js';
import type { Caller } from './participant-auth.js';

/** What a departure wrote: the last sequence number (to publish) and the disconnect flow's segment, if one started. */
export interface Departure {
  seq: number | null;
  next: DisconnectSegment | null;
}

/**
 * DisconnectParticipant. The customer leaving ends the chat (chat.ended reaches every socket:
 * chatjs ≥4 waits for it). Anyone else leaving leaves (participantLeaves).
 */
export async function disconnectParticipant(deps: Deps, caller: Caller): Promise<void> {
  const { participant, chat } = caller;
  const res = await deps.db.write(async (tx): Promise<Departure> => {
    const now = deps.clock.now();
    // The customer leaving ends the chat; the agents present leave with it and enter after-contact work.
    if (participant.role === 'CUSTOMER') return { seq: await endChat(tx, deps, chat.id, DISCONNECT_REASONS.customer, now, participant.id), next: null };
    return participantLeaves(deps, tx, chat.id, participant, now);
  });
  await publishDeparture(deps, chat.id, res);
}

/**
 * A participant other than the customer leaves, in the caller's transaction: participant.left, an
 * agent's after-contact work begins, and when that leaves the customer alone on a segment with a
 * disconnect flow (CustomerRemaining) the flow runs on a new segment. Leaving twice does nothing.
 */
export async function participantLeaves(deps: Deps, tx: Tx, chatId: string, participant: ParticipantRow, now: number): Promise<Departure> {
  const left = await tx.updateTable('participants').set({ left_at: now }).where('id', '=', participant.id).where('left_at', 'is', null).executeTakeFirst();
  if (Number(left.numUpdatedRows) === 0) return { seq: null, next: null };
  const current = await tx.selectFrom('chats').select('current_contact_id').where('id', '=', chatId).executeTakeFirstOrThrow();
  // The leaver leaves the segment it was on; the disconnect flow's items carry the new segment's id.
  const items = await appendItems(tx, chatId, [leftItem(deps.ids, current.current_contact_id, whoOf(participant))], now);
  if (participant.role === 'AGENT') await endAgentWork(tx, deps, [participant.contact_id], now, participant.id);
  const next = await customerRemaining(deps, tx, chatId, participant, now);
  if (!next && participant.role === 'AGENT' && !(await othersServing(tx, chatId))) {
    // The last agent left and no disconnect flow takes over: the chat ends, as in Connect (flow-language.md §6.2 step 6).
    const seq = await endChat(tx, deps, chatId, DISCONNECT_REASONS.agent, now);
    return { seq: seq ?? items[0].seq, next: null };
  }
  return { seq: items[0].seq, next };
}

/** Whether an agent or a bot is still in the chat to serve the customer. */
async function othersServing(tx: Tx, chatId: string): Promise<boolean> {
  const row = await tx.selectFrom('participants').select('id').where('chat_id', '=', chatId).where('left_at', 'is', null).where('role', 'in', ['AGENT', 'CUSTOM_BOT']).executeTakeFirst();
  return Boolean(row);
}

/** After the commit of a departure: sockets hear of it, and the disconnect flow makes its outside call, if it parked on one. */
export async function publishDeparture(deps: Deps, chatId: string, res: Departure): Promise<void> {
  if (res.seq !== null) deps.bus.publish(chatId, res.seq);
  if (res.next) {
    await publishContact(deps, res.next.contactId);
    if (res.next.external) performExternal(deps, res.next.external);
  }
}
