/** Transcript items: the one record every message, event and receipt of a chat becomes. */

export const ITEM_TYPES = ['MESSAGE', 'EVENT', 'ATTACHMENT', 'MESSAGEMETADATA', 'CONNECTION_ACK'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const PARTICIPANT_ROLES = ['CUSTOMER', 'AGENT', 'SYSTEM', 'CUSTOM_BOT', 'SUPERVISOR'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export interface AttachmentRef {
  ContentType: string;
  AttachmentId: string;
  AttachmentName: string;
  Status: 'APPROVED' | 'REJECTED' | 'IN_PROGRESS';
}

export interface Receipt {
  DeliveredTimestamp?: string;
  ReadTimestamp?: string;
  RecipientParticipantId: string;
}

export interface MessageMetadata {
  MessageId: string;
  Receipts?: Receipt[];
}

/** A stored item. `seq` orders it within its chat; `at` is epoch ms and never goes backwards. */
export interface StoredItem {
  chatId: string;
  seq: number;
  id: string;
  contactId: string;
  type: ItemType;
  contentType: string;
  content: string | null;
  participantId: string;
  role: ParticipantRole;
  displayName: string;
  at: number;
  /** Shown by GetTranscript (messages, attachments, joined/left/ended…); typing and receipts are not. */
  inTranscript: boolean;
  attachments: AttachmentRef[] | null;
  metadata: MessageMetadata | null;
}

/** An item about to be appended: the store assigns chatId, seq and at. */
export type NewItem = Omit<StoredItem, 'chatId' | 'seq' | 'at'>;
