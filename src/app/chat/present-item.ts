import type { Receipt, StoredItem } from '../../core/chat/items.js';
import { isoTime } from '../../core/time.js';

/** The wire form of an item (spec §6.1). Every item carries Id, AbsoluteTime, ContentType, Type and the sender. */
export function presentItem(item: StoredItem, opts: { past?: boolean; receipts?: Receipt[] } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {
    AbsoluteTime: isoTime(item.at),
    ContentType: item.contentType,
    Id: item.id,
    Type: item.type,
    ParticipantId: item.participantId,
    DisplayName: item.displayName,
    ParticipantRole: item.role,
  };
  if (item.content !== null) out.Content = item.content;
  if (item.attachments) out.Attachments = item.attachments;
  if (item.metadata) out.MessageMetadata = item.metadata;
  else if (opts.receipts?.length) out.MessageMetadata = { MessageId: item.id, Receipts: opts.receipts };
  if (opts.past) out.RelatedContactId = item.contactId;
  else out.ContactId = item.contactId;
  return out;
}

/** A socket frame's item also names the chat (InitialContactId), or chatjs drops it (spec §5.3). */
export const presentSocketItem = (item: StoredItem) => ({ ...presentItem(item), InitialContactId: item.chatId });
