import { sql } from 'kysely';
import type { NewItem, StoredItem } from '../../core/chat/items.js';
import { accessDenied } from '../../core/errors.js';
import { precompiled } from './compiled.js';
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

/** The chat as the sequence bump of an append saw it, under its lock, in the same statement. */
export interface ChatAtAppend {
  contactId: string;
  participantTimers: string | null;
  /** The current contact's flow_state, when asked for (`withFlowState`). */
  flowState?: string | null;
}

type BumpParams = { chatId: string; n: number; now: number };
type SenderBumpParams = BumpParams & { senderId: string };
const RETURNED = ['last_seq', 'last_at', 'current_contact_id', 'participant_timers'] as const;

/** The bump of a chat's counter; only the end of the chat itself may append to an ended chat (`ending`). */
const bumpOf = (db: Tx, p: BumpParams, ending: boolean) =>
  db
    .updateTable('chats')
    .set({ last_seq: sql`last_seq + ${p.n}`, last_at: sql`case when last_at > ${p.now} then last_at else ${p.now} end` })
    .where('id', '=', p.chatId)
    .$if(!ending, (q) => q.where('ended_at', 'is', null).where('deadline_at', '>', p.now));
const bump = precompiled((db, p: BumpParams) => bumpOf(db, p, false).returning(RETURNED));
const bumpEnding = precompiled((db, p: BumpParams) => bumpOf(db, p, true).returning(RETURNED));

/** The bump for a participant's own item: the participant must still be in the chat (see appendOne). */
const senderBumpOf = (db: Tx, p: SenderBumpParams) =>
  bumpOf(db, p, false).where((eb) =>
    eb.exists(eb.selectFrom('participants').select('participants.id').where('participants.id', '=', p.senderId).where('participants.left_at', 'is', null)),
  );
const senderBump = precompiled((db, p: SenderBumpParams) => senderBumpOf(db, p).returning(RETURNED));
/** The sender's bump, reading the current contact's flow state too (see appendOne). */
const senderBumpWithFlowState = precompiled((db, p: SenderBumpParams) =>
  senderBumpOf(db, p).returning((eb) => [
    ...RETURNED,
    eb.selectFrom('contacts').select('contacts.flow_state').whereRef('contacts.id', '=', 'chats.current_contact_id').as('flow_state'),
  ]),
);

/** What a sender's append would meet, read before writing (see senderState). */
export interface SenderState {
  contactId: string;
  participantTimers: string | null;
  flowState: string | null;
  /** Whether the ClientToken asked about was claimed before (false when none was asked about). */
  tokenClaimed: boolean;
}

/**
 * The conditions of senderBumpOf (chat goes on at `now`, sender still in it), as a read: keep the
 * two alike. It also tells whether a ClientToken was claimed (idempotency-repo.ts claimToken's
 * key), so that deciding a message costs one read.
 */
const senderStateQuery = precompiled((db, p: { chatId: string; senderId: string; now: number; scope: string; token: string }) =>
  db
    .selectFrom('chats')
    .select(['chats.current_contact_id', 'chats.participant_timers'])
    .select((eb) => eb.selectFrom('contacts').select('contacts.flow_state').whereRef('contacts.id', '=', 'chats.current_contact_id').as('flow_state'))
    .select((eb) =>
      eb.exists(eb.selectFrom('idempotency').select('idempotency.scope').where('idempotency.scope', '=', p.scope).where('idempotency.client_token', '=', p.token)).as('claimed'),
    )
    .where('chats.id', '=', p.chatId)
    .where('chats.ended_at', 'is', null)
    .where('chats.deadline_at', '>', p.now)
    .where((eb) =>
      eb.exists(eb.selectFrom('participants').select('participants.id').where('participants.id', '=', p.senderId).where('participants.left_at', 'is', null)),
    ),
);

/**
 * What appendOne's bump would meet, without writing: undefined where it would refuse (ACCESS_DENIED),
 * and whether `claim`'s ClientToken was claimed before. Only where writes are serialized (SQLite):
 * nothing can change it between this read and the writes of the same transaction, so an append
 * decided on it is not refused (appendDecided).
 */
export async function senderState(tx: Tx, at: { chatId: string; senderId: string; now: number }, claim?: { scope: string; token: string }): Promise<SenderState | undefined> {
  const row = await senderStateQuery.first(tx, { ...at, scope: claim?.scope ?? '', token: claim?.token ?? '' });
  return (
    row && {
      contactId: row.current_contact_id,
      participantTimers: row.participant_timers,
      flowState: row.flow_state ?? null,
      tokenClaimed: claim !== undefined && Boolean(row.claimed),
    }
  );
}

/** The bump of an append already decided on (senderState): the conditions were read in this transaction. */
const decidedBump = precompiled((db, p: { chatId: string; now: number }) =>
  db
    .updateTable('chats')
    .set({ last_seq: sql`last_seq + 1`, last_at: sql`case when last_at > ${p.now} then last_at else ${p.now} end` })
    .where('id', '=', p.chatId)
    .returning(['last_seq', 'last_at']),
);

/**
 * Appends one item decided on by senderState in the same transaction, where writes are serialized:
 * the chat's counter is bumped without its conditions again (they held when read, and nothing
 * wrote in between). `item` is the item to append.
 */
export async function appendDecided(tx: Tx, chatId: string, now: number, item: NewItem): Promise<StoredItem> {
  const bumped = await decidedBump.first(tx, { chatId, now });
  if (!bumped) throw new Error(`chat ${chatId} vanished between its read and its append`);
  const row = rowOf(chatId, Number(bumped.last_seq), Number(bumped.last_at), item);
  await insertOne.execute(tx, row);
  return toItem(row);
}

const insertOne = precompiled((db, p: ItemRow) =>
  db.insertInto('items').values({
    chat_id: p.chat_id,
    seq: p.seq,
    id: p.id,
    contact_id: p.contact_id,
    type: p.type,
    content_type: p.content_type,
    content: p.content,
    participant_id: p.participant_id,
    role: p.role,
    display_name: p.display_name,
    at: p.at,
    in_transcript: p.in_transcript,
    attachments: p.attachments,
    metadata: p.metadata,
  }),
);

const rowOf = (chatId: string, seq: number, at: number, it: NewItem): ItemRow => ({
  chat_id: chatId,
  seq,
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
});

/** Two and three items at once (a chat start's first items and its flow's greeting), built once per dialect like insertOne. */
const ITEM_COLUMNS = ['chat_id', 'seq', 'id', 'contact_id', 'type', 'content_type', 'content', 'participant_id', 'role', 'display_name', 'at', 'in_transcript', 'attachments', 'metadata'] as const;
const insertSeveral = [2, 3].map((count) =>
  precompiled((db, p: Record<string, unknown>) =>
    db.insertInto('items').values(Array.from({ length: count }, (_, i) => Object.fromEntries(ITEM_COLUMNS.map((c) => [c, p[`${c}${i}`]])) as ItemRow)),
  ),
);

async function insertRows(tx: Tx, rows: ItemRow[]): Promise<void> {
  if (rows.length === 1) return void (await insertOne.defer(tx, rows[0]));
  const several = insertSeveral[rows.length - 2];
  if (!several) return void (await tx.insertInto('items').values(rows).execute());
  const params: Record<string, unknown> = {};
  rows.forEach((r, i) => ITEM_COLUMNS.forEach((c) => (params[`${c}${i}`] = r[c])));
  await several.defer(tx, params);
}

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
  const bumped = await (opts.ending ? bumpEnding : bump).first(tx, { chatId, n, now });
  if (!bumped) throw accessDenied('The chat has ended');
  const first = Number(bumped.last_seq) - n + 1;
  const rows = items.map((it, i) => rowOf(chatId, first + i, Number(bumped.last_at), it));
  await insertRows(tx, rows);
  return rows.map(toItem);
}

/**
 * Inserts items at sequence numbers the caller holds, without the chat's counter: for a chat made
 * in this transaction and not written yet, whose row is written with the last of them.
 */
export async function insertItemsAt(tx: Tx, chatId: string, firstSeq: number, at: number, items: NewItem[]): Promise<StoredItem[]> {
  const rows = items.map((it, i) => rowOf(chatId, firstSeq + i, at, it));
  await insertRows(tx, rows);
  return rows.map(toItem);
}

/**
 * Appends one item of a participant (`senderId`), built from what the chat's sequence bump returns
 * (its current contact, its participant timers), as appendItems does, so that reading the chat
 * under its lock and appending cost one statement. The same statement checks that the sender is
 * still in the chat, so that an authorization made earlier (or remembered: participant-auth.ts)
 * cannot outlive a leave committed before it; otherwise ACCESS_DENIED, as for an ended chat. The
 * item is built once the chat is held; `build` may write too (a rollback undoes the bump with
 * it). `withFlowState` reads the current contact's flow_state in the same statement: consistent
 * only on a single-writer store (on PostgreSQL the subquery's snapshot may predate the wait for
 * the chat's lock).
 */
export async function appendOne(
  tx: Tx,
  at: { chatId: string; senderId: string; now: number },
  build: (chat: ChatAtAppend) => Promise<NewItem>,
  opts: { withFlowState?: boolean } = {},
): Promise<{ item: StoredItem; chat: ChatAtAppend }> {
  const bumped = await (opts.withFlowState ? senderBumpWithFlowState : senderBump).first(tx, { ...at, n: 1 });
  if (!bumped) throw accessDenied('The chat has ended');
  const chat: ChatAtAppend = { contactId: bumped.current_contact_id, participantTimers: bumped.participant_timers };
  if (opts.withFlowState) chat.flowState = (bumped as { flow_state?: string | null }).flow_state ?? null;
  const row = rowOf(at.chatId, Number(bumped.last_seq), Number(bumped.last_at), await build(chat));
  await insertOne.execute(tx, row);
  return { item: toItem(row), chat };
}

const after = precompiled((db, p: { chatId: string; after: number; limit: number }) =>
  db.selectFrom('items').selectAll().where('chat_id', '=', p.chatId).where('seq', '>', p.after).orderBy('seq', 'asc').limit(p.limit),
);

/** Items with seq > `after`, oldest first: what a socket has not been sent yet. */
export async function itemsAfter(db: Tx, chatId: string, from: number, limit = 500): Promise<StoredItem[]> {
  return (await after.rows(db, { chatId, after: from, limit })).map(toItem);
}

const byId = precompiled((db, p: { id: string }) => db.selectFrom('items').selectAll().where('id', '=', p.id));

export async function itemById(db: Tx, id: string): Promise<StoredItem | undefined> {
  const row = await byId.first(db, { id });
  return row ? toItem(row) : undefined;
}
