import type { Db } from '../../adapters/store/db.js';
import { contactEventsCommitted } from '../contacts/events.js';
import type { Caller } from './participant-auth.js';

/**
 * PostgreSQL: CreateParticipantConnection's writes in one autocommitted statement (one round
 * trip, where a transaction takes four: every chat start makes this call). Does what
 * connection.ts does in its transaction, decided in SQL: the participant is marked connected if it
 * was not (only one of two concurrent first connections wins the update); a customer's first
 * connection logs CONNECTED_TO_SYSTEM; a socket ticket starts from the whole chat on the first
 * connection, else from the chat's last item. Not for a persistent chat's customer, whose first
 * socket needs chat.rehydrated appended (connection.ts does that).
 */
const SQL = `
with marked as (
  update participants set connected_at = $1::bigint where id = $2::text and connected_at is null and $3::boolean returning id
),
token as (
  insert into connection_tokens (token_hash, participant_id, chat_id, expires_at) select $4::text, $2::text, $5::text, $6::bigint where $7::boolean
),
event as (
  insert into contact_events (instance_id, contact_id, type, at, detail, done) select $8::text, $9::text, 'CONNECTED_TO_SYSTEM', $1::bigint, '{}', 0 from marked where $10::boolean
),
ticket as (
  insert into socket_tickets (ticket_hash, participant_id, chat_id, expires_at, from_seq)
  select $11::text, $2::text, $5::text, $12::bigint, coalesce((select 0 from marked), (select last_seq from chats where id = $5::text)) where $13::boolean
)
select count(*)::int as first from marked`;

export interface ConnectionWrites {
  now: number;
  markConnected: boolean;
  token: { hash: string; expiresAt: number } | null;
  ticket: { hash: string; expiresAt: number } | null;
}

/** Null where this store has no autocommitted statements, or for a persistent chat's customer: connection.ts's transaction then. */
export async function connectAtOnce(db: Db, caller: Caller, w: ConnectionWrites): Promise<'done' | null> {
  const { participant, chat } = caller;
  const customer = participant.role === 'CUSTOMER';
  if (!db.autocommit || (customer && chat.past_chat_id !== null)) return null;
  const rows = (await db.autocommit('parley_connect_participant', SQL, [
    w.now,
    participant.id,
    w.markConnected,
    w.token?.hash ?? null,
    chat.id,
    w.token?.expiresAt ?? null,
    w.token !== null,
    chat.instance_id,
    chat.current_contact_id,
    customer,
    w.ticket?.hash ?? null,
    w.ticket?.expiresAt ?? null,
    w.ticket !== null,
  ])) as { first: number }[];
  if (customer && rows[0]?.first) contactEventsCommitted();
  return 'done';
}
