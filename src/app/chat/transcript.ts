import type { Tx } from '../../adapters/store/db.js';
import { toItem } from '../../adapters/store/items-repo.js';
import type { Database } from '../../adapters/store/schema.js';
import type { Receipt, StoredItem } from '../../core/chat/items.js';
import { invalidParameter } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import type { GetTranscriptInput } from '../../http/participant/schemas.js';
import type { Deps } from '../deps.js';
import { hiddenViewResponses, redactedViewResponse } from '../flows/views.js';
import { sign, unsign } from '../signing.js';
import type { Caller } from './participant-auth.js';
import { presentItem } from './present-item.js';

/** Past sessions of a persistent chat that a transcript reaches back through (Connect: 100). */
const MAX_PAST_SESSIONS = 100;

/** A position in the chain of sessions: session index (0 = current) and the item seq. */
interface Cursor {
  k: string; // the current chat: a token is only good for the chat that made it
  i: number;
  s: number;
  d: 'FORWARD' | 'BACKWARD';
}

export interface Session {
  chatId: string;
  /** Items above this seq belong to a later continuation, not to this session's transcript. */
  upTo: number;
}

/**
 * GetTranscript (spec §3.4, §7.4): without a start position (chatjs sends `{}`) the scan starts at
 * the newest item and goes BACKWARD, on into the past sessions of a persistent chat; with one it
 * goes FORWARD. SortOrder orders the page. Receipts ride on the MESSAGE items.
 */
export async function getTranscript(deps: Deps, caller: Caller, input: GetTranscriptInput) {
  const db = deps.db.kysely;
  const chat = caller.chat;
  const sessions = await chainOf(db, chat.id);
  if (input.ContactId) {
    const known = await db.selectFrom('contacts').select('id').where('id', '=', input.ContactId).where('chat_id', 'in', sessions.map((s) => s.chatId)).executeTakeFirst();
    if (!known) throw invalidParameter(`ContactId ${input.ContactId} is not a contact of this chat`);
  }
  const limit = input.MaxResults ?? 10;
  const sp = input.StartPosition ?? {};
  const hasStart = sp.Id !== undefined || sp.AbsoluteTime !== undefined || sp.MostRecent !== undefined;
  let cursor: Cursor;
  if (input.NextToken) {
    const c = unsign<Cursor>(deps.secret, 'transcript-page', input.NextToken);
    if (!c || c.k !== chat.id) throw invalidParameter('NextToken is not valid for this chat');
    cursor = c;
  } else {
    const direction = input.ScanDirection ?? (hasStart ? 'FORWARD' : 'BACKWARD');
    cursor = { k: chat.id, i: 0, s: await startSeq(deps, chat.id, sp, direction), d: direction };
  }
  const found: { item: StoredItem; session: number }[] = [];
  let next: Cursor | null = cursor;
  while (next && found.length < limit) {
    const session: Session = sessions[next.i];
    const forward: boolean = next.d === 'FORWARD';
    const rows: Database['items'][] = await db
      .selectFrom('items')
      .selectAll()
      .where('chat_id', '=', session.chatId)
      .where('in_transcript', '=', 1)
      .where('seq', forward ? '>=' : '<=', next.s)
      .where('seq', '<=', session.upTo)
      .orderBy('seq', forward ? 'asc' : 'desc')
      .limit(limit - found.length + 1)
      .execute();
    const take = rows.slice(0, limit - found.length);
    for (const r of take) found.push({ item: toItem(r), session: next.i });
    if (rows.length > take.length) next = { ...next, s: Number(rows[take.length].seq) };
    else if (!forward && next.i + 1 < sessions.length) next = { ...next, i: next.i + 1, s: sessions[next.i + 1].upTo };
    else if (forward && next.i > 0) next = { ...next, i: next.i - 1, s: 0 };
    else next = null;
  }
  const receipts = await receiptsFor(deps, found.map((f) => f.item).filter((i) => i.type === 'MESSAGE' || i.type === 'ATTACHMENT'));
  // View responses a ShowView block hid from the transcript (HideResponseOn TRANSCRIPT) stay in the store, redacted here.
  const hidden = await hiddenViewResponses(db, found.map((f) => f.item.id));
  // Oldest first: earlier sessions before later ones, then by sequence within a session.
  const ordered = [...found].sort((a, b) => b.session - a.session || a.item.seq - b.item.seq);
  if ((input.SortOrder ?? 'DESCENDING') === 'DESCENDING') ordered.reverse();
  return {
    InitialContactId: chat.id,
    Transcript: ordered.map((f) => presentItem(hidden.has(f.item.id) ? redactedViewResponse(f.item) : f.item, { past: f.session > 0, receipts: receipts.get(f.item.id) })),
    // MaxResults 0 asks for nothing: a token would send the SDK's paginator round for ever.
    ...(next && limit > 0 ? { NextToken: sign(deps.secret, 'transcript-page', next) } : {}),
  };
}

/**
 * A chat and the past sessions it continues (persistent chat), newest first: what its transcript
 * shows, and so what its participants may read (attachments) and acknowledge (receipts).
 */
export async function chainOf(db: Tx, chatId: string): Promise<Session[]> {
  const out: Session[] = [{ chatId, upTo: Number.MAX_SAFE_INTEGER }];
  let id: string | null = chatId;
  while (id && out.length <= MAX_PAST_SESSIONS) {
    const row = await db.selectFrom('chats').select(['past_chat_id', 'past_until_seq']).where('id', '=', id).executeTakeFirst();
    if (!row?.past_chat_id) break;
    out.push({ chatId: row.past_chat_id, upTo: Number(row.past_until_seq ?? Number.MAX_SAFE_INTEGER) });
    id = row.past_chat_id;
  }
  return out;
}

/** Where a scan starts in the current session (StartPosition applies to it only). */
async function startSeq(deps: Deps, chatId: string, sp: NonNullable<GetTranscriptInput['StartPosition']>, direction: string): Promise<number> {
  const db = deps.db.kysely;
  const forward = direction === 'FORWARD';
  if (sp.Id !== undefined) {
    const it = await db.selectFrom('items').select('seq').where('id', '=', sp.Id).where('chat_id', '=', chatId).executeTakeFirst();
    if (!it) throw invalidParameter(`StartPosition.Id ${sp.Id} is not an item of this chat`);
    return Number(it.seq);
  }
  if (sp.AbsoluteTime !== undefined) {
    const t = Date.parse(sp.AbsoluteTime);
    if (Number.isNaN(t)) throw invalidParameter('StartPosition.AbsoluteTime is not an ISO 8601 time');
    const it = await db
      .selectFrom('items')
      .select('seq')
      .where('chat_id', '=', chatId)
      .where('at', forward ? '>=' : '<=', t)
      .orderBy('seq', forward ? 'asc' : 'desc')
      .limit(1)
      .executeTakeFirst();
    return it ? Number(it.seq) : forward ? Number.MAX_SAFE_INTEGER : 0;
  }
  // MostRecent N: N items back from the newest, so 0 is the newest itself (not the oldest).
  if (sp.MostRecent !== undefined) {
    const rows = await db
      .selectFrom('items')
      .select('seq')
      .where('chat_id', '=', chatId)
      .where('in_transcript', '=', 1)
      .orderBy('seq', 'desc')
      .limit(sp.MostRecent + 1)
      .execute();
    return rows.length ? Number(rows[rows.length - 1].seq) : 0;
  }
  return forward ? 0 : Number.MAX_SAFE_INTEGER;
}

async function receiptsFor(deps: Deps, items: StoredItem[]): Promise<Map<string, Receipt[]>> {
  const map = new Map<string, Receipt[]>();
  if (!items.length) return map;
  const rows = await deps.db.kysely.selectFrom('receipts').selectAll().where('message_id', 'in', items.map((i) => i.id)).execute();
  for (const r of rows) {
    const list = map.get(r.message_id) ?? [];
    list.push({
      RecipientParticipantId: r.recipient_id,
      ...(r.delivered_at !== null ? { DeliveredTimestamp: isoTime(Number(r.delivered_at)) } : {}),
      ...(r.read_at !== null ? { ReadTimestamp: isoTime(Number(r.read_at)) } : {}),
    });
    map.set(r.message_id, list);
  }
  return map;
}
