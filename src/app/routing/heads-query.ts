import { sql } from 'kysely';
import type { Tx } from '../../adapters/store/db.js';
import { precompiled, type Precompiled } from '../../adapters/store/compiled.js';
import type { HeadRead } from '../../core/routing/heads.js';
import { bucketKey, type Channel } from '../../core/routing/plan.js';
import { inFixedChunks, inLists } from './chunks.js';

/** Routing priority of a contact nobody set one for (Connect's default QueuePriority). */
export const DEFAULT_QUEUE_PRIORITY = 5;

/*
 * The service order as the index contacts_queue_heads (migration 013) has it, written the same
 * way: SQLite and PostgreSQL use an index on expressions only for the same expressions.
 */
const PRIORITY = sql<number>`coalesce(queue_priority, ${sql.lit(DEFAULT_QUEUE_PRIORITY)})`;
const EFFECTIVE_AGE = sql<number>`coalesce(enqueued_at, 0) - coalesce(queue_time_adjust_seconds, 0) * cast(1000 as bigint)`;
/** A literal, not a bound value: the index holds QUEUED contacts only, and the engines must see that the query asks for no others. */
const QUEUED = sql<boolean>`state = 'QUEUED'`;
const COLUMNS = ['id', 'chat_id', 'queue_id', 'channel', 'queue_priority', 'enqueued_at', 'queue_time_adjust_seconds'] as const;

export interface QueuedRow {
  id: string;
  chat_id: string;
  queue_id: string | null;
  channel: string;
  queue_priority: number | null;
  enqueued_at: number | null;
  queue_time_adjust_seconds: number | null;
}

type HeadsParams = Record<string, string | number>;
/** Per number of queues read at once, the statement reading them: one round trip, whatever their number. */
const headsStatements = new Map<number, Precompiled<HeadsParams, QueuedRow>>();

/*
 * Each queue's heads through contacts_queue_heads, the queues' reads joined by UNION ALL. No
 * instance condition: queue ids (and agent ids, the agents' own queues) are unique across
 * instances, and with one SQLite could prefer contacts_state (instance_id, state): every queued
 * contact of the instance.
 */
function headsStatement(n: number): Precompiled<HeadsParams, QueuedRow> {
  let statement = headsStatements.get(n);
  if (!statement) {
    statement = precompiled((db, p: HeadsParams) => {
      const one = (i: number) =>
        db
          .selectFrom(
            db
              .selectFrom('contacts')
              .select(COLUMNS)
              .where('queue_id', '=', p[`queue${i}`] as string)
              .where('channel', '=', p[`channel${i}`] as string)
              .where(QUEUED)
              .orderBy(PRIORITY)
              .orderBy(EFFECTIVE_AGE)
              .orderBy('id')
              .limit(p[`limit${i}`] as number)
              .as('h'),
          )
          .selectAll();
      let all = one(0);
      for (let i = 1; i < n; i++) all = all.unionAll(one(i));
      return all;
    });
    headsStatements.set(n, statement);
  }
  return statement;
}

/** The first `limit` queued contacts of each read's queue and channel, in service order, by the read's key. */
export async function readHeads(tx: Tx, reads: readonly HeadRead[]): Promise<Map<string, QueuedRow[]>> {
  const out = new Map<string, QueuedRow[]>(reads.map((r) => [r.key, []]));
  for (const chunk of inFixedChunks(reads)) {
    const params: HeadsParams = {};
    chunk.forEach((r, i) => Object.assign(params, { [`queue${i}`]: r.queueId, [`channel${i}`]: r.channel, [`limit${i}`]: r.limit }));
    for (const row of await headsStatement(chunk.length).rows(tx, params)) out.get(bucketKey(row.queue_id!, row.channel as Channel))!.push(row);
  }
  return out;
}

/** Contacts sent to these agents (their own queues), of every channel. */
export async function agentQueueContacts(tx: Tx, agentIds: readonly string[]): Promise<QueuedRow[]> {
  const rows: QueuedRow[] = [];
  for (const ids of inLists(agentIds)) rows.push(...(await tx.selectFrom('contacts').select(COLUMNS).where('queue_id', 'in', ids).where(QUEUED).execute()));
  return rows;
}

/**
 * Per contact of `contactIds`, the agents who missed or rejected it and have not cleared it: not
 * offered it again. Through agent_contacts_contact: as many probes as contacts read. To be read
 * after the contacts: on PostgreSQL, where each statement sees what committed before it, a
 * contact back in its queue because an agent rejected or missed it is then seen with that
 * agent's offer (both are committed together).
 */
export async function exclusions(tx: Tx, contactIds: readonly string[]): Promise<Map<string, string[]>> {
  const excluded = new Map<string, string[]>();
  for (const ids of inLists(contactIds)) {
    const shunned = await tx.selectFrom('agent_contacts').select(['contact_id', 'user_id']).where('contact_id', 'in', ids).where('state', 'in', ['MISSED', 'REJECTED']).execute();
    for (const s of shunned) excluded.set(s.contact_id, [...(excluded.get(s.contact_id) ?? []), s.user_id]);
  }
  return excluded;
}
