import type { NewItem, StoredItem } from '../../core/chat/items.js';
import type { Db } from './db.js';

/** A participant's message with its ClientToken, as one statement can append it. */
export interface MessageAtOnce {
  chatId: string;
  senderId: string;
  now: number;
  /** A customer's message may be what a parked flow waits for (customer-input.ts). */
  fromCustomer: boolean;
  claim: { scope: string; token: string; requestHash: string; response: string };
  /** The item; its contactId is ignored: it belongs to the chat's current contact. */
  item: NewItem;
}

/**
 * `appended`: written and committed. `refused`: the chat has ended (or is past its deadline) or
 * the sender has left; nothing written. `general`: nothing written, the general path must do it
 * (the ClientToken was seen before, a flow is parked, participant timers run, or the statement
 * failed).
 */
export type AtOnceOutcome = { kind: 'appended'; item: StoredItem } | { kind: 'refused' } | { kind: 'general' };

/**
 * PostgreSQL: the messages that arrive together (one turn of the event loop, any chats), each
 * with the claim of its ClientToken, its chat's sequence bump and its item's insert, in one
 * autocommitted statement: one round trip and one commit for them all, where the general path
 * takes six round trips and a commit per message (the round trips were most of the server's CPU
 * on the message path: BENCHMARKS.md). Each message is decided on its own row: one refused or
 * sent back to the general path changes nothing for the others. A message is written only in the
 * case that needs nothing else: a fresh ClientToken, no participant timers running, and for a
 * customer's message no flow parked on the contact, or one parked on a Wait that does not listen
 * for CustomerReturned (the queue's): customer-input.ts does nothing then either.
 *
 * Locks: the chats first, as the general path and flow runners take them (lock-segment.ts), in id
 * order so that two such statements never wait on each other the other way round; then their
 * current contacts, then the claims. A locking read sees a row's latest committed version, so
 * what is decided on is what is written against. Whether a sender is still in the chat is read
 * from the statement's snapshot, as an authorization reads it. Messages of one chat take
 * consecutive sequence numbers in the order they arrived.
 */
const SQL = `
with m as (
  select * from unnest($1::bigint[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
                       $16::integer[], $17::text[], $18::text[])
    with ordinality as m(now, chat_id, sender_id, from_customer, scope, token, request_hash, response,
                         item_id, type, content_type, content, participant_id, role, display_name,
                         in_transcript, attachments, metadata, n)
),
chat as materialized (
  select c.id, c.deadline_at, c.current_contact_id, c.participant_timers::jsonb -> 'live' as timers from chats c
  where c.id in (select chat_id from m) and c.ended_at is null
  order by c.id
  for no key update of c
),
flow as materialized (
  select k.id, k.flow_state::jsonb -> 'parked' as parked from contacts k
  where k.id in (select current_contact_id from chat)
  order by k.id
  for no key update of k
),
live as materialized (
  select m.n from m join chat on chat.id = m.chat_id
  where chat.deadline_at > m.now
    and exists (select 1 from participants p where p.id = m.sender_id and p.chat_id = m.chat_id and p.left_at is null)
),
ok as materialized (
  select m.n from m
  join live on live.n = m.n
  join chat on chat.id = m.chat_id
  left join flow on flow.id = chat.current_contact_id
  where coalesce(jsonb_typeof(chat.timers), 'null') = 'null'
    and (not m.from_customer
         or coalesce(jsonb_typeof(flow.parked), 'null') <> 'object'
         or (flow.parked ->> 'kind' = 'wait' and not coalesce(flow.parked -> 'events', '[]'::jsonb) ? 'CustomerReturned'))
),
first as materialized (
  select distinct on (m.scope, m.token) m.n from m join ok on ok.n = m.n order by m.scope, m.token, m.n
),
claim as (
  insert into idempotency (scope, client_token, request_hash, response, created_at)
  select m.scope, m.token, m.request_hash, m.response, m.now from m join first on first.n = m.n
  on conflict (scope, client_token) do nothing
  returning scope, client_token
),
claimed as materialized (
  select m.*, row_number() over (partition by m.chat_id order by m.n) as nth, count(*) over (partition by m.chat_id) as per_chat
  from m join first on first.n = m.n join claim on claim.scope = m.scope and claim.client_token = m.token
),
bump as (
  update chats c set last_seq = c.last_seq + g.k, last_at = case when c.last_at > g.latest then c.last_at else g.latest end
  from (select chat_id, count(*) as k, max(now) as latest from claimed group by chat_id) g
  where c.id = g.chat_id
  returning c.id, c.last_seq, c.last_at, c.current_contact_id
),
appended as (
  insert into items (chat_id, seq, id, contact_id, type, content_type, content, participant_id, role, display_name, at, in_transcript, attachments, metadata)
  select cl.chat_id, b.last_seq - cl.per_chat + cl.nth, cl.item_id, b.current_contact_id, cl.type, cl.content_type, cl.content,
         cl.participant_id, cl.role, cl.display_name, b.last_at, cl.in_transcript, cl.attachments, cl.metadata
  from claimed cl join bump b on b.id = cl.chat_id
  returning id, seq, at, contact_id
)
select m.n, live.n is not null as live, appended.seq, appended.at, appended.contact_id
from m left join live on live.n = m.n left join appended on appended.id = m.item_id
order by m.n`;

interface Row {
  n: string | number;
  live: boolean;
  seq: number | null;
  at: number | null;
  contact_id: string | null;
}

/** At most this many messages in one statement; more wait for the next. */
const MAX_BATCH = 64;
/**
 * At most this many statements at once (the rest of the pool serves reads and other writes).
 * While they run, the messages that arrive wait and go together in the next one, as group commit
 * does: under load, statements (and commits) grow instead of queueing up. Two keep one statement
 * filling while the other commits; five split the same messages over more round trips, each of
 * which costs Node and PostgreSQL a socket write and a wake-up (closed loop of 30 chats: about
 * 100-130 instead of 120-165 us of Node CPU per message; one alone waits out every commit).
 */
const MAX_IN_FLIGHT = 2;

interface Pending {
  m: MessageAtOnce;
  resolve: (o: AtOnceOutcome) => void;
}

/** The messages of one store waiting for the next statement. */
class Batcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;
  private warned = false;

  constructor(private readonly db: Db & Required<Pick<Db, 'autocommit'>>) {}

  add(m: MessageAtOnce): Promise<AtOnceOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ m, resolve });
      this.schedule();
    });
  }

  /** The messages whose requests this turn of the event loop parsed go together. */
  private schedule(): void {
    if (this.scheduled || !this.queue.length || this.inFlight >= MAX_IN_FLIGHT) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.queue.length && this.inFlight < MAX_IN_FLIGHT) {
        this.inFlight++;
        void this.run(this.queue.splice(0, MAX_BATCH)).finally(() => {
          this.inFlight--;
          this.schedule();
        });
      }
    });
  }

  /** One statement for a batch, on a pooled connection. */
  private async run(batch: Pending[]): Promise<void> {
    const col = <T>(f: (m: MessageAtOnce) => T) => batch.map((p) => f(p.m));
    let rows: Row[];
    try {
      rows = (await this.db.autocommit('parley_append_messages', SQL, [
        col((m) => m.now),
        col((m) => m.chatId),
        col((m) => m.senderId),
        col((m) => m.fromCustomer),
        col((m) => m.claim.scope),
        col((m) => m.claim.token),
        col((m) => m.claim.requestHash),
        col((m) => m.claim.response),
        col((m) => m.item.id),
        col((m) => m.item.type),
        col((m) => m.item.contentType),
        col((m) => m.item.content),
        col((m) => m.item.participantId),
        col((m) => m.item.role),
        col((m) => m.item.displayName),
        col((m) => (m.item.inTranscript ? 1 : 0)),
        col((m) => (m.item.attachments ? JSON.stringify(m.item.attachments) : null)),
        col((m) => (m.item.metadata ? JSON.stringify(m.item.metadata) : null)),
      ])) as Row[];
    } catch (e) {
      // Nothing was written (the statement is its own transaction): each message goes the general
      // way, which reports its own failure, if any, to its caller. Said once, should it recur.
      if (!this.warned) process.emitWarning(`messages appended one by one after: ${(e as Error).message}`);
      this.warned = true;
      for (const p of batch) p.resolve({ kind: 'general' });
      return;
    }
    for (const row of rows) {
      const { m, resolve } = batch[Number(row.n) - 1];
      if (!row.live) resolve({ kind: 'refused' });
      else if (row.seq === null || row.at === null || row.contact_id === null) resolve({ kind: 'general' });
      else resolve({ kind: 'appended', item: { ...m.item, chatId: m.chatId, seq: Number(row.seq), at: Number(row.at), contactId: row.contact_id } });
    }
  }
}

const batchers = new WeakMap<Db, Batcher>();

/** Appends a message in one statement shared with others where the store can (null where it cannot: SQLite, whose statements cost no round trip). */
export function appendMessageAtOnce(db: Db, m: MessageAtOnce): Promise<AtOnceOutcome> | null {
  if (!db.autocommit) return null;
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new Batcher(db as Db & Required<Pick<Db, 'autocommit'>>)));
  return batcher.add(m);
}
