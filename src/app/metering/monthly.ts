import { cost } from '../../core/metering/price.js';
import { dayLabel, monthRange } from '../../core/metering/zone-days.js';
import { epochSeconds } from '../../core/time.js';
import { invalidParameter } from '../../core/errors.js';
import { requireInstance } from '../admin/instances.js';
import type { Deps } from '../deps.js';
import type { QueueRef } from './queue-refs.js';
import { usageOf, zoneOf, type UsageRow } from './usage.js';

/**
 * The monthly usage report for finance: a calendar month in a time zone (UTC by default), its
 * usage rows by day, channel and queue, every day of the month (days without messages too), the
 * totals per channel and per queue, and the cost estimate at the configured price.
 */
export async function monthlyReport(deps: Deps, instanceRef: string, month: string, timeZoneRaw?: string) {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m || Number(m[1]) < 1970) throw invalidParameter(`Month ${month} must be a month from 1970 on, as YYYY-MM (e.g. 2026-11)`);
  const timeZone = zoneOf(timeZoneRaw);
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const range = monthRange(timeZone, Number(m[1]), Number(m[2]));
  const report = await usageOf(deps, instance.id, { start: range.start, end: range.end, timeZone, groupings: ['DAY', 'CHANNEL', 'QUEUE'] });
  const price = deps.config.metering.pricePerMessage;
  const sum = <K>(key: (r: UsageRow) => K) => {
    const totals = new Map<K, number>();
    for (const r of report.Usage) totals.set(key(r), (totals.get(key(r)) ?? 0) + r.BillableMessages);
    return totals;
  };
  const perDay = sum((r) => r.Day);
  const perChannel = sum((r) => r.Channel);
  // Queue objects differ per row: total by id (null: no queue), keeping the first object seen.
  const queues = new Map<string | null, QueueRef | null>(report.Usage.map((r) => [r.Queue?.Id ?? null, r.Queue ?? null]));
  const perQueue = sum((r) => r.Queue?.Id ?? null);
  const line = (n: number) => ({ BillableMessages: n, Cost: cost(n, price) });
  return {
    Month: month,
    TimeZone: timeZone,
    StartTime: epochSeconds(range.start),
    EndTime: epochSeconds(range.end),
    Days: range.days.map((d) => ({ Day: dayLabel(d), ...line(perDay.get(dayLabel(d)) ?? 0) })),
    ByChannel: [...perChannel].sort(([a], [b]) => order(a ?? '', b ?? '')).map(([Channel, n]) => ({ Channel, ...line(n) })),
    ByQueue: [...perQueue].map(([id, n]) => ({ Queue: queues.get(id) ?? null, ...line(n) })).sort((a, b) => order(nameOf(a.Queue), nameOf(b.Queue))),
    ...report,
  };
}

/** Queues by name, the rows without a queue last; code-point order, the same in every locale. */
const nameOf = (q: QueueRef | null) => (q === null ? '\uffff' : (q.Name ?? q.Id));
const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
