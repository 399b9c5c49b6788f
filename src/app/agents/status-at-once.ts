import type { Db } from '../../adapters/store/db.js';
import { snapshotSelect, splitSnapshotRow, type SnapshotRead } from './snapshot-at-once.js';

/**
 * PostgreSQL: an agent's status change in one autocommitted statement (one round trip, where the
 * transaction of status.ts takes four: a shift's start sends thousands at once). Decides in SQL
 * what status.ts decides from its read, on the same read-committed snapshot: a status that takes
 * the agent out of routing while it holds a contact becomes the next status (none when it is the
 * current one); any other applies at once (status and idle clocks restart only when it changes),
 * clearing a pending next status. Updates only in the plain case: exactly one ENABLED status
 * matching the id or name, and the agent found with a status. Anything else (unknown, disabled,
 * ambiguous) updates nothing and status.ts's transaction decides, refusing as it always has.
 * Answers with the agent's snapshot as updated (snapshot-at-once.ts's select over the updated
 * row: what a read right after the commit would see, without its round trip).
 */
const SQL = `
with matching as (
  select id, type, state from agent_statuses where instance_id = $1::text and (id = $2::text or name = $3::text)
),
decided as (
  select s.id, a.status_id as current,
    s.type <> 'ROUTABLE' and exists (select 1 from agent_contacts where user_id = $4::text) as deferred
  from matching s, agents a
  where a.user_id = $4::text and a.instance_id = $1::text and a.status_id is not null
    and s.state = 'ENABLED' and (select count(*) from matching) = 1
),
updated as (
  update agents set
    next_status_id = case when d.deferred and d.id <> d.current then d.id else null end,
    status_id = case when d.deferred then agents.status_id else d.id end,
    status_since = case when not d.deferred and d.id <> d.current then $5::bigint else agents.status_since end,
    idle_since = case when not d.deferred and d.id <> d.current then $5::bigint else agents.idle_since end
  from decided d where agents.user_id = $4::text
  returning agents.user_id, agents.status_id, agents.next_status_id, agents.status_since
)
select d.done, snap.* from (select count(*)::int as done from updated) d
left join (${snapshotSelect('updated', '$4::text', '$6::bigint')}) snap on true`;

/**
 * Where this store has no autocommitted statements or the case is not plain, null (status.ts's
 * transaction then); else the status is set, and the agent's snapshot read as of `wallNow` comes
 * with it (null if the agent's row no longer joins: the caller reads it the usual way, and refuses).
 */
export async function setStatusAtOnce(db: Db, p: { instanceId: string; userId: string; id: string; name: string; now: number; wallNow: number }): Promise<{ read: SnapshotRead | null } | null> {
  if (!db.autocommit) return null;
  const rows = (await db.autocommit('parley_set_agent_status', SQL, [p.instanceId, p.id, p.name, p.userId, p.now, p.wallNow])) as { done: number; id: string | null }[];
  if (rows[0]?.done !== 1) return null;
  return { read: rows[0].id == null ? null : splitSnapshotRow(rows) };
}
