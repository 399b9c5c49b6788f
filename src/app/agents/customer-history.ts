import type { Tx } from '../../adapters/store/db.js';
import { LAST_AGENT_ATTRIBUTE } from '../../core/flow/default-flows.js';
import { isoTime } from '../../core/time.js';
import type { Deps } from '../deps.js';
import { chainOf } from '../chat/transcript.js';
import { myRow } from './offers.js';

/** How many earlier chats the history shows: a workspace panel, not a search. */
export const HISTORY_LIMIT = 20;
/** How many of a past chat's last messages it shows. */
export const HISTORY_MESSAGES = 3;
/** Only plain messages are shown: interactive payloads and view responses may hold redacted data. */
const SHOWN_TYPES = ['text/plain', 'text/markdown'];

/** One message of a past chat, as the panel shows it. */
export interface HistoryMessage {
  Role: string;
  DisplayName: string;
  Content: string;
}

/** One earlier chat of the customer. */
export interface HistoryContact {
  /** The chat's first contact (its InitialContactId). */
  ContactId: string;
  StartedAt: string;
  EndedAt: string | null;
  /** The username of the last agent connected to the chat; null when none was. */
  Agent: string | null;
  /** The name of the queue of the chat's last segment; null when it was never queued (or in an agent queue). */
  Queue: string | null;
  DisconnectReason: string | null;
  /** The chat's last messages, oldest first. */
  LastMessages: HistoryMessage[];
}

/**
 * The earlier chats of the customer of a contact the agent holds: chats of the same instance with
 * the same CustomerId (when the chat has one) and the past sessions it continues (persistent chat),
 * never the contact's own chat, newest first, at most HISTORY_LIMIT. Refuses like `myRow`: 404 for
 * an unknown contact, 403 for a contact not offered to or handled by this agent. Reads only.
 */
export async function customerHistory(deps: Deps, instanceId: string, userId: string, contactId: string): Promise<{ Contacts: HistoryContact[] }> {
  const db = deps.db.kysely;
  const row = await myRow(db, instanceId, userId, contactId);
  const chat = await db.selectFrom('chats').select(['id', 'customer_id']).where('id', '=', row.chat_id).executeTakeFirstOrThrow();
  const linked = (await chainOf(db, chat.id)).map((s) => s.chatId).filter((id) => id !== chat.id);
  const sameCustomer = chat.customer_id
    ? await db.selectFrom('chats').select('id').where('instance_id', '=', instanceId).where('customer_id', '=', chat.customer_id).where('id', '!=', chat.id).orderBy('started_at', 'desc').limit(HISTORY_LIMIT).execute()
    : [];
  const ids = [...new Set([...linked, ...sameCustomer.map((c) => c.id)])];
  if (ids.length === 0) return { Contacts: [] };
  const chats = await db
    .selectFrom('chats')
    .select(['id', 'started_at', 'ended_at', 'current_contact_id', 'attributes'])
    .where('instance_id', '=', instanceId)
    .where('id', 'in', ids)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();
  return { Contacts: await Promise.all(chats.map((c) => present(db, c))) };
}

type PastChat = { id: string; started_at: number; ended_at: number | null; current_contact_id: string; attributes: string };

/**
 * The username of the last agent connected to the chat. Its agent_contacts rows go when the agent
 * clears the contact, so the chat's lastAgentId attribute (set on every accept) is the fallback.
 */
async function lastAgent(db: Tx, c: PastChat): Promise<string | null> {
  const row = await db
    .selectFrom('agent_contacts')
    .select('user_id')
    .where('chat_id', '=', c.id)
    .where('connected_at', 'is not', null)
    .orderBy('connected_at', 'desc')
    .executeTakeFirst();
  const userId = row?.user_id ?? (JSON.parse(c.attributes) as Record<string, string | undefined>)[LAST_AGENT_ATTRIBUTE];
  if (!userId) return null;
  const user = await db.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirst();
  return user?.username ?? null;
}

async function present(db: Tx, c: PastChat): Promise<HistoryContact> {
  const last = await db
    .selectFrom('contacts')
    .leftJoin('queues', 'queues.id', 'contacts.queue_id')
    .select(['contacts.disconnect_reason', 'queues.name as queue_name'])
    .where('contacts.id', '=', c.current_contact_id)
    .executeTakeFirst();
  const agent = await lastAgent(db, c);
  const messages = await db
    .selectFrom('items')
    .select(['role', 'display_name', 'content'])
    .where('chat_id', '=', c.id)
    .where('type', '=', 'MESSAGE')
    // The flow's own messages (greetings, queue notices) say nothing about this customer.
    .where('role', '!=', 'SYSTEM')
    .where('content_type', 'in', SHOWN_TYPES)
    .orderBy('seq', 'desc')
    .limit(HISTORY_MESSAGES)
    .execute();
  return {
    ContactId: c.id,
    StartedAt: isoTime(Number(c.started_at)),
    EndedAt: c.ended_at == null ? null : isoTime(Number(c.ended_at)),
    Agent: agent,
    Queue: last?.queue_name ?? null,
    DisconnectReason: last?.disconnect_reason ?? null,
    LastMessages: messages.reverse().map((m) => ({ Role: m.role, DisplayName: m.display_name, Content: m.content ?? '' })),
  };
}
