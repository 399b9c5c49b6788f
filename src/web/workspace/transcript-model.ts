import { CONTENT_TYPES, type ChatItem } from '../client';

const EVENT_PREFIX = 'application/vnd.amazonaws.connect.event.';

/** Whether `participantId` has already sent a read receipt for the message (receipts are folded into it). */
export function readBy(item: ChatItem, participantId: string | null): boolean {
  return (item.MessageMetadata?.Receipts ?? []).some((r) => r.RecipientParticipantId === participantId && r.ReadTimestamp);
}

/** Items shown in the transcript: messages, attachments and the events people care about. */
export function isShown(i: ChatItem): boolean {
  if (i.Type === 'MESSAGE' || i.Type === 'ATTACHMENT') return true;
  // The client keeps only persisted events in `items`; receipts and typing are filtered anyway.
  return i.Type === 'EVENT' && ![CONTENT_TYPES.typing, CONTENT_TYPES.read, CONTENT_TYPES.delivered].includes(i.ContentType as never);
}

const EVENT_TEXT: Record<string, (who: string) => string> = {
  'participant.joined': (who) => `${who} joined`,
  'participant.left': (who) => `${who} left`,
  'participant.invited': (who) => `${who} was invited`,
  'participant.idle': (who) => `${who} is idle`,
  'participant.returned': (who) => `${who} is back`,
  'chat.ended': () => 'The chat ended',
  'transfer.succeeded': () => 'Transferred',
  'transfer.failed': () => 'The transfer failed',
};

/** One line describing an event item. */
export function eventText(i: ChatItem): string {
  const key = i.ContentType.startsWith(EVENT_PREFIX) ? i.ContentType.slice(EVENT_PREFIX.length) : i.ContentType;
  const who = senderName(i);
  return (EVENT_TEXT[key] ?? (() => key))(who);
}

/** Who sent an item, as the agent should read it (Connect names the system SYSTEM_MESSAGE). */
export function senderName(i: ChatItem): string {
  if (i.ParticipantRole === 'SYSTEM' || !i.DisplayName || i.DisplayName === 'SYSTEM_MESSAGE') return roleName(i.ParticipantRole);
  return i.DisplayName;
}

export function roleName(role: ChatItem['ParticipantRole']): string {
  return role === 'CUSTOMER' ? 'Customer' : role === 'AGENT' ? 'Agent' : role === 'CUSTOM_BOT' ? 'Bot' : role === 'SUPERVISOR' ? 'Supervisor' : 'System';
}

/** Items of a past chat session of the same customer (persistent chat) carry RelatedContactId. */
export const isEarlier = (i: ChatItem) => Boolean(i.RelatedContactId) && !i.ContactId;

/** Local time of day (or date and time when not today) of an item. */
export function timeLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}
