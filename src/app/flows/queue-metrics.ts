import type { Tx } from '../../adapters/store/db.js';

/** Live figures of a queue for flows (CheckMetricData, GetMetricData). Agents arrive with routing. */
export async function queueMetrics(tx: Tx, queueId: string, now: number) {
  const row = await tx
    .selectFrom('contacts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('enqueued_at').as('oldest')])
    .where('queue_id', '=', queueId)
    .where('state', '=', 'QUEUED')
    .executeTakeFirst();
  const oldest = row?.oldest == null ? null : Number(row.oldest);
  return { inQueue: Number(row?.n ?? 0), oldestMs: oldest === null ? 0 : now - oldest, agentsAvailable: 0, agentsStaffed: 0, agentsOnline: 0 };
}
