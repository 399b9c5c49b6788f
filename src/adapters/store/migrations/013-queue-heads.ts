import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The heads of each queue in service order (app/routing/waiting-heads.ts): queued contacts by
 * queue and channel, then routing priority (Connect's default 5 when none was set), effective age
 * (enqueued_at moved back by QueueTimeAdjustmentSeconds, in bigint so a large adjustment cannot
 * overflow) and id. A routing pass reads the first few of each queue through it instead of every
 * queued contact. Only QUEUED contacts are in it, so it stays as small as the queues. The
 * expressions must stay as the router's query writes them: both engines match them by structure.
 */
export const m013: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create index contacts_queue_heads on contacts (queue_id, channel, (coalesce(queue_priority, 5)), (coalesce(enqueued_at, 0) - coalesce(queue_time_adjust_seconds, 0) * cast(1000 as bigint)), id) where state = 'QUEUED'`.execute(db);
  },
};
