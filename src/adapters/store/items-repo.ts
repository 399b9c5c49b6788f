import { sql } from 'kysely';
import type { NewItem, StoredItem } from '../../core/chat/items.js';
import { accessDenied } from '../../core/errors.js';
import type { Tx } from './db.js';
import type { Database } from './schema.js';

type ItemRow = Database['items'];

export const toItem = (r: ItemRow): StoredItem => ({
  chatId: r.chat_id,
  seq: Number(r.seq),
  id: r.id,
  contactId: r.contact_id,
  type: r.type as StoredItem['type'],
  contentType: r.content_type,
  content: r.content,
  participantId: r.participant_id,
  role: r.role as StoredItem['role'],
  displayName: r.display_name,
  at: Number(r.at),
  inTranscript: r.in_transcript === 1,
  attachments: r.attachments ? JSON.parse(r.attachments) : null,
  metadata: r.metadata ? JSON.parse(r.metadata) : null,
});

/**
 * Appends items to a chat's transcript. Sequence numbers come from the chat's counter, bumped in
 * the same transaction (a row lock on PostgreSQL), so they have no gaps and only grow; `at` never
 * goes backwards within a chat whatever `now` says. Nothing is appended to a chat that has
 * ended or whose deadline is not after `now` (ACCESS_DENIED), checked in the same statement, so
 * no item can follow `chat.ended` nor be stamped after the chat's DisconnectTimestamp, even when
 * the request was authorized a moment before the deadline. Only the end of the chat itself
 * writes with `{ ending: true }`.
 */
export async function appendItems(tx: Tx, chatId: string, items: NewItem[], now: number, opts: { ending?: boolean } = {}): Promise<StoredItem[]> {
  if (!items.length) return [];
  const n = items.length;
  const bumped = await tx
    .updateTable('chats')
    .set({
      last_seq: sql`last_seq + ${n}`,
      last_at: sql`case when last_at > ${now} then last_at else ${now} end`,
    })
    .where('id', '=', chatId)
    .$if(!opts.ending, (q) => q.where('ended_at', 'is', null).where('deadline_at', '>', now))
    .returning(['last_seq', 'last_at'])
    .executeTakeFirst();
  if (!bumped) throw accessDenied('The chat has ended');
  const first = Number(bumped.last_seq) - n + 1;
  const at = Number(bumped.last_at);
  const rows: ItemRow[] = items.map((it, i) => ({
    chat_id: chatId,
    seq: first + i,
    id: it.id,
    contact_id: it.contactId,
    type: it.type,
    content_type: it.contentType,
    content: it.content,
    participant_id: it.participantId,
    role: it.role,
    display_name: it.displayName,
    at,
    in_transcript: it.inTranscript ? 1 : 0,
    attachments: it.attachments ? JSON.stringify(it.attachments) : null,
    metadata: it.metadata ? JSON.stringify(it.metadata) : null,
  }));
  await tx.insertInto('items').values(rows).execute();
  return rows.map(toItem);
}

/** Items with seq > `after`, oldest first: what a socket has not been sent yet. */
export async function itemsAfter(db: Tx, chatId: string, after: number, limit = 500): Promise<StoredItem[]> {
  const rows = await db
    .selectFrom('items')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('seq', '>', after)
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute();
  return rows.map(toItem);
}

export async function itemById(db: Tx, id: string): Promise<StoredItem | undefined> {
  const row = await db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toItem(row) : undefined;
}
