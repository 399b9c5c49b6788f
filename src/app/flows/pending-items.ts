import type { Tx } from '../../adapters/store/db.js';
import { appendItems, insertItemsAt } from '../../adapters/store/items-repo.js';
import type { NewItem } from '../../core/chat/items.js';
import { accessDenied } from '../../core/errors.js';
import type { ChatRow } from '../chat/chat-records.js';
import { insertChat } from '../chat/start-statements.js';

/**
 * Items a run of a flow has said (its messages) and not written yet: appended together when the
 * run stops, one sequence bump and one insert for all of them. The run's writers of items other
 * than its messages (the end of the chat) write these first, so the transcript keeps the order in
 * which things were said; nothing in a run reads the flow's own messages back.
 *
 * A chat start hands over its chat unwritten, with its first items: the row is then inserted with
 * them, already counting them, instead of being inserted and bumped. Whatever reads or changes the
 * chat's row in SQL during the run writes what is pending first (`write`).
 */
export class PendingItems {
  private readonly items: NewItem[];

  constructor(
    private readonly chat: ChatRow,
    first: NewItem[] = [],
    private chatUnwritten = false,
  ) {
    this.items = [...first];
  }

  add(item: NewItem): void {
    this.items.push(item);
  }

  /** Writes what is pending; the chat's row in memory learns its last sequence number. */
  async write(tx: Tx, now: number): Promise<void> {
    const items = this.items.splice(0);
    if (this.chatUnwritten) return this.writeWithChat(tx, now, items);
    if (!items.length) return;
    const written = await appendItems(tx, this.chat.id, items, now);
    const last = written[written.length - 1];
    this.chat.last_seq = last.seq;
    this.chat.last_at = last.at;
  }

  /** The chat's row and its first items, numbered as appendItems would (nothing after the deadline). */
  private async writeWithChat(tx: Tx, now: number, items: NewItem[]): Promise<void> {
    this.chatUnwritten = false;
    const chat = this.chat;
    const firstSeq = Number(chat.last_seq) + 1;
    const at = Math.max(Number(chat.last_at), now);
    if (items.length) {
      if (Number(chat.deadline_at) <= now) throw accessDenied('The chat has ended');
      chat.last_seq = firstSeq + items.length - 1;
      chat.last_at = at;
    }
    await insertChat.defer(tx, chat);
    if (items.length) await insertItemsAt(tx, chat.id, firstSeq, at, items);
  }
}
