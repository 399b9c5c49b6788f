/** The shapes of Connect's participant API that the client deals in (spec §6.1). */

export interface Receipt {
  RecipientParticipantId: string;
  DeliveredTimestamp?: string;
  ReadTimestamp?: string;
}

export interface AttachmentInfo {
  AttachmentId: string;
  AttachmentName: string;
  ContentType: string;
  Status?: 'APPROVED' | 'REJECTED' | 'IN_PROGRESS';
}

/** A transcript item exactly as the wire has it (GetTranscript element or socket payload). */
export interface ChatItem {
  Id: string;
  Type: string;
  ContentType: string;
  AbsoluteTime: string;
  Content?: string;
  ParticipantId?: string;
  ParticipantRole?: 'CUSTOMER' | 'AGENT' | 'SYSTEM' | 'CUSTOM_BOT' | 'SUPERVISOR';
  DisplayName?: string;
  Attachments?: AttachmentInfo[];
  MessageMetadata?: {
    MessageId?: string;
    Receipts?: Receipt[];
    MessageProcessingStatus?: string;
    MessageCompleted?: boolean;
    ChunkNumber?: number;
  };
  /** Set on items of the current session. */
  ContactId?: string;
  /** Set on items of a past session (persistent chat) instead of ContactId. */
  RelatedContactId?: string;
  InitialContactId?: string;
}

export type SessionStatus = 'connecting' | 'connected' | 'reconnecting' | 'ended';

/** A message handed to sendMessage and not yet acknowledged by the server (or not yet echoed back). */
export interface PendingMessage {
  clientToken: string;
  content: string;
  contentType: string;
  /** Set once the server acknowledged it; the item with this Id replaces it when it arrives. */
  id?: string;
  failed?: string;
}

export interface ConnectOptions {
  /** Where the participant API lives: Parley's URL (or any Connect-compatible endpoint). */
  baseUrl: string;
  /** From StartChatContact, the widget start endpoint, or the agent API's accept. */
  participantToken: string;
  /** The caller's own ParticipantId when known (tells own messages apart; learned from echoes otherwise). */
  participantId?: string;
  /** Called with the whole ordered, de-duplicated transcript each time it or the status changes. */
  onChange?: (items: readonly ChatItem[], status: SessionStatus) => void;
  /**
   * Called for every item pushed on the socket, including the transient ones that never enter
   * `items` (typing, participant.idle, chat.rehydrated...).
   */
  onEvent?: (item: ChatItem) => void;
  /** How many items the first load reads back at most (default 500, newest first). */
  historyLimit?: number;
}

export const EVENT_PREFIX = 'application/vnd.amazonaws.connect.event.';
export const CONTENT_TYPES = {
  typing: `${EVENT_PREFIX}typing`,
  delivered: `${EVENT_PREFIX}message.delivered`,
  read: `${EVENT_PREFIX}message.read`,
  joined: `${EVENT_PREFIX}participant.joined`,
  left: `${EVENT_PREFIX}participant.left`,
  chatEnded: `${EVENT_PREFIX}chat.ended`,
  rehydrated: `${EVENT_PREFIX}chat.rehydrated`,
  interactive: 'application/vnd.amazonaws.connect.message.interactive',
  interactiveResponse: 'application/vnd.amazonaws.connect.message.interactive.response',
} as const;

/** Events that GetTranscript returns: the only events kept in `items` (others are transient). */
export const TRANSCRIPT_EVENTS: readonly string[] = ['participant.invited', 'participant.joined', 'participant.left', 'chat.ended', 'transfer.succeeded', 'transfer.failed'].map(
  (s) => EVENT_PREFIX + s,
);
