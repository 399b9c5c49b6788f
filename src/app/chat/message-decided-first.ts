import { claimFreeToken } from '../../adapters/store/idempotency-repo.js';
import { appendDecided, senderState } from '../../adapters/store/items-repo.js';
import type { StoredItem } from '../../core/chat/items.js';
import { accessDenied } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import type { Deps } from '../deps.js';
import { flowHearsCustomer } from '../flows/customer-input.js';
import { messageHash } from '../request-hash.js';
import { whoOf } from './chat-records.js';
import { handCommitted } from './committed-items.js';
import { parseTimerState } from './participant-timer-state.js';
import type { Caller } from './participant-auth.js';
import { messageItem } from './system-items.js';

/**
 * SendMessage where writes are serialized (SQLite), deciding everything before the first write,
 * so that the write can declare `failsBeforeWriting` and share its batch's transaction without a
 * savepoint (group-commit.ts). It decides what the general path (messages.ts post) decides:
 * inside the write transaction, with a single writer, nothing read can change before the writes.
 * One read (items-repo senderState) tells:
 *  - the chat ended, past its deadline, or the sender left: ACCESS_DENIED, as the bump refuses
 *    (a repeated ClientToken too, then, as PostgreSQL's append-at-once.ts answers it);
 *  - a ClientToken claimed before: the general path answers the repeat (or refuses another body);
 *  - participant timers running, or a customer's message that the segment's flow would hear
 *    (customer-input.ts): the general path, which writes more and may fail later.
 * Only then: the sequence bump and the item, and the claim (with the item id as its answer).
 * Null (nothing written) where the general path must do it.
 */
export async function messageDecidedFirst(deps: Deps, caller: Caller, body: { type: string; content: string }, token: string | undefined): Promise<{ Id: string; AbsoluteTime: string } | null> {
  if (!deps.db.capabilities.singleWriter) return null;
  const { chat, participant } = caller;
  const claim = token ? { scope: `SendMessage:${participant.id}`, token } : undefined;
  const hash = claim ? messageHash(body) : '';
  const fromCustomer = participant.role === 'CUSTOMER';
  const who = whoOf(participant);
  const id = deps.ids.timeUuid();
  const item = await deps.db.write(
    async (tx): Promise<StoredItem | null> => {
      const now = deps.clock.now();
      const state = await senderState(tx, { chatId: chat.id, senderId: participant.id, now }, claim);
      if (!state) throw accessDenied('The chat has ended');
      if (state.tokenClaimed) return null;
      if (parseTimerState(state.participantTimers)?.live) return null;
      if (fromCustomer && flowHearsCustomer(state.flowState)) return null;
      // Nothing below refuses: what was read still holds (a write that throws now is a bug, and
      // its batch rolls back: group-commit.ts).
      const appended = await appendDecided(tx, chat.id, now, messageItem(deps.ids, state.contactId, who, body.type, body.content, id));
      if (claim) await claimFreeToken(tx, claim.scope, claim.token, hash, now, { Id: id });
      return appended;
    },
    { failsBeforeWriting: true },
  );
  if (!item) return null;
  handCommitted(deps.bus, chat.id, [item]);
  deps.bus.publish(chat.id, item.seq);
  return { Id: item.id, AbsoluteTime: isoTime(item.at) };
}
