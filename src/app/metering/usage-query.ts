import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../adapters/store/db.js';
import { billableFilter, type MeteringPolicy } from '../../core/metering/billable.js';
import { DAY_MS, type OffsetSpan } from '../../core/metering/zone-days.js';

/** One group of billable items: its local day number, channel and queue where grouped by them (else null). */
export interface BillableCount {
  day: number | null;
  channel: string | null;
  queueId: string | null;
  count: number;
}

export interface CountQuery {
  instanceId: string;
  policy: MeteringPolicy;
  /** [start, end) in epoch ms, on the item's `at`. */
  start: number;
  end: number;
  /** The zone's offset spans over [start, end) when grouping by day (zone-days.ts offsetSpans); null: no day grouping. */
  days: OffsetSpan[] | null;
  channel: boolean;
  queue: boolean;
}

/**
 * Counts billable items in one aggregate query, the same SQL on SQLite and PostgreSQL. An item
 * belongs to the contact segment it was written in (items.contact_id), so its channel and queue
 * are that segment's: a chat transferred from one queue to another bills each part to its own
 * queue. The local day is (at + offset) / DAY_MS in integer arithmetic (exact: both stores divide
 * integers without a remainder and `at` is never negative), with the offset chosen by a CASE
 * over the few offset spans of the range. Offsets and span bounds are integers this code made,
 * inlined as literals so that the GROUP BY expression is textually the one selected
 * (PostgreSQL matches them by text, and would not match two separately bound parameters).
 */
export async function countBillable(db: Tx, q: CountQuery): Promise<BillableCount[]> {
  const f = billableFilter(q.policy);
  // Each key is its expression when grouped by, else a constant null (null in JS: left out of GROUP BY).
  const day: RawBuilder<number | null> | null = q.days ? sql<number>`(items.at + (${offsetCase(q.days)})) / ${sql.lit(DAY_MS)}` : null;
  const channel: RawBuilder<string | null> | null = q.channel ? sql<string>`contacts.channel` : null;
  const queue: RawBuilder<string | null> | null = q.queue ? sql<string | null>`contacts.queue_id` : null;
  const none = sql<null>`null`;
  let query = db
    .selectFrom('items')
    .innerJoin('contacts', 'contacts.id', 'items.contact_id')
    .where('contacts.instance_id', '=', q.instanceId)
    .where('items.at', '>=', q.start)
    .where('items.at', '<', q.end)
    .where('items.type', 'in', f.types)
    .where('items.role', 'in', f.roles);
  if (f.excludePrefix) query = query.where(sql<string>`substr(items.content_type, 1, ${sql.lit(f.excludePrefix.length)})`, '<>', f.excludePrefix);
  const grouped = query.select([
    (day ?? none).as('day'),
    (channel ?? none).as('channel'),
    (queue ?? none).as('queue_id'),
    sql<number | string>`count(*)`.as('n'),
  ]);
  const keys = [day, channel, queue].filter((k) => k !== null);
  const rows = await (keys.length ? grouped.groupBy(keys) : grouped).execute();
  // count(*) is a bigint on PostgreSQL, which the driver hands over as a string; without GROUP BY an empty range still gives one row of 0.
  return rows
    .map((r) => ({ day: r.day === null ? null : Number(r.day), channel: r.channel, queueId: r.queue_id, count: Number(r.n) }))
    .filter((r) => r.count > 0);
}

/** The offset of `items.at` given the spans: one literal, or a CASE from the first span on. */
function offsetCase(spans: OffsetSpan[]): RawBuilder<number> {
  const lit = (n: number) => {
    if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
    return sql.lit(n);
  };
  const last = spans[spans.length - 1];
  if (spans.length === 1) return sql<number>`${lit(last.offset)}`;
  const whens = spans.slice(1).map((s, i) => sql`when items.at < ${lit(s.from)} then ${lit(spans[i].offset)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} else ${lit(last.offset)} end`;
}
