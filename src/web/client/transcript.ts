import { CONTENT_TYPES, TRANSCRIPT_EVENTS, type ChatItem, type Receipt } from './types';

/** Items that belong in a transcript: messages, attachments and the persisted events. Typing and the like are transient. */
export const isTranscriptItem = (i: ChatItem): boolean =>
  i.Type === 'MESSAGE' || i.Type === 'ATTACHMENT' || (i.Type === 'EVENT' && TRANSCRIPT_EVENTS.includes(i.ContentType));

const isReceiptItem = (i: ChatItem) => i.Type === 'MESSAGEMETADATA' || i.Type === 'MESSAGE_METADATA';

/**
 * The ordered, de-duplicated transcript of one participant's view of a chat. Items carry no
 * sequence number on the wire and AbsoluteTime may repeat, so order comes from the server's own
 * batches: a socket delivers in sequence order, a transcript page is a contiguous run. An item
 * of a batch that is already known anchors the items around it; an unanchored item goes after
 * every item not later than it (a socket item is the newest the client has seen).
 */
export class Transcript {
  private list: ChatItem[] = [];
  private readonly byId = new Map<string, ChatItem>();
  /** Receipts that arrived before their message. */
  private readonly orphanReceipts = new Map<string, Receipt[]>();

  get items(): readonly ChatItem[] {
    return this.list;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): ChatItem | undefined {
    return this.byId.get(id);
  }

  /** The newest item of the current session (not a past one of a persistent chat). */
  lastCurrent(): ChatItem | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) if (!this.list[i].RelatedContactId) return this.list[i];
    return undefined;
  }

  /**
   * Merges a run of items in the server's order (oldest first). Returns true when anything
   * visible changed. Receipt items fold into their message; transient events are ignored.
   */
  merge(batch: readonly ChatItem[]): boolean {
    let changed = false;
    // Where the previous item of the batch sits: -1 = not known yet.
    let anchor = -1;
    const pendingHead: ChatItem[] = [];
    for (const raw of batch) {
      if (isReceiptItem(raw)) {
        changed = this.foldReceipts(raw.MessageMetadata?.MessageId, raw.MessageMetadata?.Receipts ?? []) || changed;
        continue;
      }
      if (!isTranscriptItem(raw)) continue;
      const known = this.byId.get(raw.Id);
      if (known) {
        changed = this.update(known, raw) || changed;
        const at = this.list.indexOf(known);
        // Batch items seen before the first anchor are older than it: they go right before it.
        if (anchor < 0 && pendingHead.length) {
          this.list.splice(at, 0, ...pendingHead);
          anchor = at + pendingHead.length;
          pendingHead.length = 0;
        } else anchor = at;
        continue;
      }
      const item = this.adopt(raw);
      changed = true;
      if (anchor >= 0) {
        let at = anchor + 1;
        // Never ahead of an item that is strictly older (an item of another run in between).
        while (at < this.list.length && this.list[at].AbsoluteTime < item.AbsoluteTime) at++;
        this.list.splice(at, 0, item);
        anchor = at;
      } else pendingHead.push(item);
    }
    // A batch with no known item at all: placed by time, after everything not later than it.
    for (const item of pendingHead) {
      let at = this.list.length;
      while (at > 0 && this.list[at - 1].AbsoluteTime > item.AbsoluteTime) at--;
      this.list.splice(at, 0, item);
    }
    if (changed) this.list = [...this.list];
    return changed;
  }

  private adopt(raw: ChatItem): ChatItem {
    const item: ChatItem = { ...raw };
    this.byId.set(item.Id, item);
    const orphans = this.orphanReceipts.get(item.Id);
    if (orphans) {
      this.orphanReceipts.delete(item.Id);
      item.MessageMetadata = { ...item.MessageMetadata, MessageId: item.Id, Receipts: mergeReceipts(item.MessageMetadata?.Receipts, orphans) };
    }
    return item;
  }

  /** The same item again: a streamed chunk, a scanned attachment's status, receipts. Replaced in place. */
  private update(known: ChatItem, raw: ChatItem): boolean {
    const meta = raw.MessageMetadata;
    let next: ChatItem = { ...known, ...raw };
    // Streaming bot replies: chunks share the Id and are concatenated until the completed one replaces them.
    if (meta?.ChunkNumber !== undefined && !meta.MessageCompleted && known.MessageMetadata?.ChunkNumber === meta.ChunkNumber - 1)
      next = { ...next, Content: (known.Content ?? '') + (raw.Content ?? '') };
    if (known.MessageMetadata?.Receipts || meta?.Receipts)
      next.MessageMetadata = { ...next.MessageMetadata, Receipts: mergeReceipts(known.MessageMetadata?.Receipts, meta?.Receipts ?? []) };
    if (JSON.stringify(next) === JSON.stringify(known)) return false;
    this.replace(known, next);
    return true;
  }

  private foldReceipts(messageId: string | undefined, receipts: Receipt[]): boolean {
    if (!messageId || !receipts.length) return false;
    const msg = this.byId.get(messageId);
    if (!msg) {
      this.orphanReceipts.set(messageId, mergeReceipts(this.orphanReceipts.get(messageId), receipts));
      return false;
    }
    const merged = mergeReceipts(msg.MessageMetadata?.Receipts, receipts);
    if (JSON.stringify(merged) === JSON.stringify(msg.MessageMetadata?.Receipts)) return false;
    this.replace(msg, { ...msg, MessageMetadata: { ...msg.MessageMetadata, MessageId: msg.Id, Receipts: merged } });
    return true;
  }

  private replace(known: ChatItem, next: ChatItem): void {
    this.list[this.list.indexOf(known)] = next;
    this.byId.set(next.Id, next);
  }
}

/** Receipts by recipient; a timestamp once set stays set. */
function mergeReceipts(a: Receipt[] = [], b: Receipt[]): Receipt[] {
  const out = new Map(a.map((r) => [r.RecipientParticipantId, { ...r }]));
  for (const r of b) out.set(r.RecipientParticipantId, { ...out.get(r.RecipientParticipantId), ...r });
  return [...out.values()];
}

/** Whether a message was read / delivered by someone other than its sender. */
export function receiptState(item: ChatItem): 'read' | 'delivered' | null {
  const rs = (item.MessageMetadata?.Receipts ?? []).filter((r) => r.RecipientParticipantId !== item.ParticipantId);
  if (rs.some((r) => r.ReadTimestamp)) return 'read';
  if (rs.some((r) => r.DeliveredTimestamp)) return 'delivered';
  return null;
}

export const isChatEnded = (i: ChatItem) => i.ContentType === CONTENT_TYPES.chatEnded;
