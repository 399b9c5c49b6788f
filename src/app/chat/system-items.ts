import { EVENT_TYPES } from '../../core/chat/content-types.js';
import type { NewItem, ParticipantRole } from '../../core/chat/items.js';
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
