/** Message and event content types of the Connect chat protocol, and their limits (spec §6.2, §7.1). */

export const MESSAGE_CONTENT_TYPES = [
  'text/plain',
  'text/markdown',
  'application/json',
  'application/vnd.amazonaws.connect.message.interactive',
  'application/vnd.amazonaws.connect.message.interactive.response',
] as const;
export type MessageContentType = (typeof MESSAGE_CONTENT_TYPES)[number];

/** Max `Content` length per type for SendMessage; 16384 is the model's hard cap for everything. */
export const CONTENT_LIMITS: Record<MessageContentType, number> = {
  'text/plain': 1024,
  'text/markdown': 1024,
  'application/json': 12000,
  'application/vnd.amazonaws.connect.message.interactive': 16384,
  'application/vnd.amazonaws.connect.message.interactive.response': 12288,
};
export const MAX_CONTENT = 16384;

const EVENT = 'application/vnd.amazonaws.connect.event.';
export const EVENT_TYPES = {
  typing: `${EVENT}typing`,
  delivered: `${EVENT}message.delivered`,
  read: `${EVENT}message.read`,
  metadata: `${EVENT}message.metadata`,
  connectionAck: `${EVENT}connection.acknowledged`,
  joined: `${EVENT}participant.joined`,
  left: `${EVENT}participant.left`,
  invited: `${EVENT}participant.invited`,
  chatEnded: `${EVENT}chat.ended`,
  transferSucceeded: `${EVENT}transfer.succeeded`,
  transferFailed: `${EVENT}transfer.failed`,
  idle: `${EVENT}participant.idle`,
  returned: `${EVENT}participant.returned`,
  autoDisconnection: `${EVENT}participant.autodisconnection`,
  rehydrated: `${EVENT}chat.rehydrated`,
} as const;

/** What a participant may send with SendEvent. Anything else is a ValidationException. */
export const SENDABLE_EVENTS: readonly string[] = [
  EVENT_TYPES.typing,
  EVENT_TYPES.delivered,
  EVENT_TYPES.read,
  EVENT_TYPES.connectionAck,
];

/** Events that GetTranscript returns; the others are pushed on the socket only. */
export const TRANSCRIPT_EVENTS: readonly string[] = [
  EVENT_TYPES.invited,
  EVENT_TYPES.joined,
  EVENT_TYPES.left,
  EVENT_TYPES.chatEnded,
  EVENT_TYPES.transferSucceeded,
  EVENT_TYPES.transferFailed,
];

/** Types a customer may be limited to by StartChatContact's SupportedMessagingContentTypes. */
export const SUPPORTED_MESSAGING_TYPES: readonly string[] = MESSAGE_CONTENT_TYPES;

export const isMessageContentType = (t: string): t is MessageContentType =>
  (MESSAGE_CONTENT_TYPES as readonly string[]).includes(t);
