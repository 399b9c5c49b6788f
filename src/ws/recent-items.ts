import type { StoredItem } from '../core/chat/items.js';

/** Items kept per chat at most: a socket further behind is served from the store. */
const KEEP = 64;

/**
 * What a hub knows of its chats without the store: the highest sequence announced on the bus, and
 * the items this node committed lately (items never change once written). When these hold every
 * item from a socket's position up to the announced sequence, they are exactly what reading the
 * store would return up to there; anything committed but not announced yet comes with its own
 * announcement. Kept only for chats with sockets on this node.
 */
export class RecentItems {
  private readonly announced = new Map<string, number>();
  private readonly items = new Map<string, StoredItem[]>();

  announce(chatId: string, seq: number): void {
    if (seq > (this.announced.get(chatId) ?? 0)) this.announced.set(chatId, seq);
  }

  /** Items committed by this node (sequences consecutive, as one append writes them). */
  add(chatId: string, items: readonly StoredItem[]): void {
    const list = this.items.get(chatId) ?? [];
    for (const it of items) if (!list.length || it.seq > list[list.length - 1].seq) list.push(it);
    if (list.length > KEEP) list.splice(0, list.length - KEEP);
    this.items.set(chatId, list);
  }

  /** The items after `from` up to the announced sequence, or null when some are missing here. */
  after(chatId: string, from: number): StoredItem[] | null {
    const upTo = this.announced.get(chatId);
    if (upTo === undefined) return null;
    if (upTo <= from) return [];
    const list = (this.items.get(chatId) ?? []).filter((it) => it.seq > from && it.seq <= upTo);
    // Consecutive and ending at upTo, so exactly from + 1 … upTo.
    const whole = list.length === upTo - from && list.every((it, i) => it.seq === from + 1 + i);
    return whole ? list : null;
  }

  /** Every socket of the chat is past `seq`. */
  sent(chatId: string, seq: number): void {
    const list = this.items.get(chatId);
    if (list) this.items.set(chatId, list.filter((it) => it.seq > seq));
  }

  forget(chatId: string): void {
    this.announced.delete(chatId);
    this.items.delete(chatId);
  }
}
