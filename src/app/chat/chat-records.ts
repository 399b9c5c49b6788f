import { accessDenied, notFound } from '../../core/errors.js';
import type { Tx } from '../../adapters/store/db.js';
import type { Who } from './system-items.js';

export async function requireChat(db: Tx, chatId: string) {
  const chat = await db.selectFrom('chats').selectAll().where('id', '=', chatId).executeTakeFirst();
  if (!chat) throw notFound('Chat', chatId, 'CONTACT');
  return chat;
}

export type ChatRow = Awaited<ReturnType<typeof requireChat>>;

/** A contact of an instance, or NOT_FOUND (also when it belongs to another instance). */
export async function requireContact(db: Tx, instanceId: string, contactId: string) {
  const c = await db
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', contactId)
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
  if (!c) throw notFound('Contact', contactId, 'CONTACT');
  return c;
}

export type ContactRow = Awaited<ReturnType<typeof requireContact>>;

export async function participantsOf(db: Tx, chatId: string) {
  return db.selectFrom('participants').selectAll().where('chat_id', '=', chatId).orderBy('created_at').execute();
}

export type ParticipantRow = Awaited<ReturnType<typeof participantsOf>>[number];

export const whoOf = (p: ParticipantRow): Who => ({ id: p.id, role: p.role as Who['role'], displayName: p.display_name });

/** The chat's SYSTEM participant: the sender of flow messages and chat events. */
export async function systemOf(db: Tx, chatId: string): Promise<Who> {
  const p = await db
    .selectFrom('participants')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('role', '=', 'SYSTEM')
    .executeTakeFirst();
  if (!p) throw accessDenied('Chat has no system participant');
  return whoOf(p);
}
