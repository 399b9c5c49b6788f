import { EVENT_TYPES } from '../../core/chat/content-types.js';
import type { AttachmentRef, NewItem, ParticipantRole, Receipt } from '../../core/chat/items.js';
import type { Ids } from '../../core/ports.js';

export interface Who {
  id: string;
  role: ParticipantRole;
  displayName: string;
}

/** The display name Connect gives system messages (seen in the hosted widget's fixtures). */
export const SYSTEM_DISPLAY_NAME = 'SYSTEM_MESSAGE';

const event = (ids: Ids, contactId: string, who: Who, contentType: string, inTranscript: boolean): NewItem => ({
  id: ids.uuid(),
  contactId,
  type: 'EVENT',
  contentType,
  content: null,
  participantId: who.id,
  role: who.role,
  displayName: who.displayName,
  inTranscript,
  attachments: null,
  metadata: null,
});

export const joinedItem = (ids: Ids, contactId: string, who: Who) => event(ids, contactId, who, EVENT_TYPES.joined, true);
export const leftItem = (ids: Ids, contactId: string, who: Who) => event(ids, contactId, who, EVENT_TYPES.left, true);
/** The chat moved to another queue or agent (an agent's transfer): the customer's widget says so. */
export const transferredItem = (ids: Ids, contactId: string, system: Who) => event(ids, contactId, system, EVENT_TYPES.transferSucceeded, true);
export const chatEndedItem = (ids: Ids, contactId: string, system: Who) => event(ids, contactId, system, EVENT_TYPES.chatEnded, true);
export const rehydratedItem = (ids: Ids, contactId: string, system: Who) => event(ids, contactId, system, EVENT_TYPES.rehydrated, false);

export const messageItem = (ids: Ids, contactId: string, who: Who, contentType: string, content: string, id = ids.uuid()): NewItem => ({
  id,
  contactId,
  type: 'MESSAGE',
  contentType,
  content,
  participantId: who.id,
  role: who.role,
  displayName: who.displayName,
  inTranscript: true,
  attachments: null,
  metadata: null,
});

/** An event a participant sends (typing, connection.acknowledged): relayed on sockets, not in the transcript. */
export const participantEventItem = (ids: Ids, contactId: string, who: Who, contentType: string, content: string | null, id = ids.uuid()): NewItem => ({
  id,
  contactId,
  type: contentType === EVENT_TYPES.connectionAck ? 'CONNECTION_ACK' : 'EVENT',
  contentType,
  content,
  participantId: who.id,
  role: who.role,
  displayName: who.displayName,
  inTranscript: false,
  attachments: null,
  metadata: null,
});

/** A delivered or read receipt, pushed as MESSAGEMETADATA (the transcript carries it on the message instead). */
export const receiptItem = (ids: Ids, contactId: string, who: Who, messageId: string, receipt: Receipt, id = ids.uuid()): NewItem => ({
  id,
  contactId,
  type: 'MESSAGEMETADATA',
  contentType: EVENT_TYPES.metadata,
  content: null,
  participantId: who.id,
  role: who.role,
  displayName: who.displayName,
  inTranscript: false,
  attachments: null,
  metadata: { MessageId: messageId, Receipts: [receipt] },
});

/** A completed attachment upload. */
export const attachmentItem = (ids: Ids, contactId: string, who: Who, attachment: AttachmentRef, id = ids.uuid()): NewItem => ({
  id,
  contactId,
  type: 'ATTACHMENT',
  contentType: attachment.ContentType,
  content: null,
  participantId: who.id,
  role: who.role,
  displayName: who.displayName,
  inTranscript: true,
  attachments: [attachment],
  metadata: null,
});
