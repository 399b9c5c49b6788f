import type { Db } from '../../adapters/store/db.js';

/**
 * The snapshot's select over `agents` (the table, or a statement's rows of it: status-at-once.ts
 * answers with the row it has just updated), for the agent `user` with presence valid after `wall`.
 */
export const snapshotSelect = (agents: string, user: string, wall: string) => `
select u.id, u.instance_id, u.username, u.identity, a.status_since,
  s.id as status_id, s.name as status_name, s.type as status_type,
  n.id as next_id, n.name as next_name, n.type as next_type,
  rp.id as profile_id, rp.name as profile_name, rp.media_concurrencies,
  exists (select 1 from agent_presence p where p.user_id = a.user_id and p.until > ${wall}) as online,
  (select coalesce(json_agg(h order by h.offered_at), '[]'::json) from (
    select ac.contact_id, ac.channel, ac.state, ac.state_since, ac.offered_at, ac.connected_at, ac.queue_id, ac.participant_id,
      c.initiation_method, c.enqueued_at, ch.attributes, q.name as queue_name
    from agent_contacts ac
    join contacts c on c.id = ac.contact_id
    join chats ch on ch.id = ac.chat_id
    left join queues q on q.id = ac.queue_id
    where ac.user_id = ${user}
  ) h) as contacts
from ${agents} a
join users u on u.id = a.user_id
join agent_statuses s on s.id = a.status_id
left join agent_statuses n on n.id = a.next_status_id
join routing_profiles rp on rp.id = u.routing_profile_id
where a.user_id = ${user}`;

const SQL = snapshotSelect('agents', '$1::text', '$2::bigint');

export interface SnapshotRow {
  id: string;
  instance_id: string;
  username: string;
  identity: string;
  status_since: number;
  status_id: string;
  status_name: string;
  status_type: string;
  next_id: string | null;
  next_name: string | null;
  next_type: string | null;
  profile_id: string;
  profile_name: string;
  media_concurrencies: string;
  online: boolean | number;
}

export interface HeldContact {
  contact_id: string;
  channel: string;
  state: string;
  state_since: number;
  offered_at: number;
  connected_at: number | null;
  queue_id: string | null;
  participant_id: string | null;
  initiation_method: string;
  enqueued_at: number | null;
  attributes: string;
  queue_name: string | null;
}

/**
 * PostgreSQL: what snapshot.ts reads in two statements (the agent's row, then the contacts it
 * holds), in one (one round trip: a snapshot is read for every status change's answer and every
 * push to an agent's socket, thousands at a shift's start). The same joins and columns; the
 * contacts come as a JSON array in offer order, whose numbers snapshot.ts reads with Number() as
 * it reads the bigint columns. Null when there is no such agent; undefined where this store has
 * no autocommitted statements.
 */
export async function snapshotRowsAtOnce(db: Db, userId: string, wallNow: number): Promise<SnapshotRead | null | undefined> {
  if (!db.autocommit) return undefined;
  return splitSnapshotRow(await db.autocommit('parley_agent_snapshot', SQL, [userId, wallNow]));
}

export type SnapshotRead = { row: SnapshotRow; contacts: HeldContact[] };

/** The agent's row and held contacts from the rows of a snapshotSelect; null when it gave none. */
export function splitSnapshotRow(rows: unknown[]): SnapshotRead | null {
  const found = rows[0] as (SnapshotRow & { contacts: HeldContact[] }) | undefined;
  if (!found) return null;
  const { contacts, ...row } = found;
  return { row, contacts };
}
