/**
 * @parley/chat-client: a small browser client for Connect's participant API and chat WebSocket
 * (README.md). Framework-free; works against Parley or any Connect-compatible endpoint.
 */
export { ChatSession } from './chat-session';
export { ParticipantApiError } from './participant-api';
export { isTranscriptItem, receiptState } from './transcript';
export { CONTENT_TYPES, type ChatItem, type ConnectOptions, type PendingMessage, type Receipt, type SessionStatus, type AttachmentInfo } from './types';
