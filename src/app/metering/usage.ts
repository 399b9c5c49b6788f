import { presentPolicy } from '../../core/metering/billable.js';
import { cost } from '../../core/metering/price.js';
import { canonicalZone, dayLabel, DAY_MS, offsetSpans } from '../../core/metering/zone-days.js';
import { invalidParameter } from '../../core/errors.js';
import { requireInstance } from '../admin/instances.js';
import type { Deps } from '../deps.js';
import { queueRefs, type QueueRef } from './queue-refs.js';
import { countBillable, type BillableCount } from './usage-query.js';

export const GROUPINGS = ['DAY', 'CHANNEL', 'QUEUE'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** A usage row: the keys it is grouped by, its billable messages and their cost at the configured price. */
export interface UsageRow {
  Day?: string;
  Channel?: string;
  Queue?: QueueRef | null;
  BillableMessages: number;
  Cost: number;
}

export interface UsageInput {
  /** Epoch seconds, as every Connect API time. */
  StartTime: number;
  EndTime: number;
  TimeZone?: string;
  /** Comma-separated DAY, CHANNEL, QUEUE; default all three. */
  Groupings?: string;
}

/** Longest range one request may cover: a leap year. */
export const MAX_RANGE_DAYS = 366;

/**
 * Billable chat messages of an instance in [StartTime, EndTime), grouped by local day (in
 * TimeZone, UTC by default), channel and queue, with totals and the cost estimate. The policy is
 * applied when reading, not when writing: changing it re-reads all history under the new rules.
 */
export async function usageReport(deps: Deps, instanceRef: string, input: UsageInput) {
  const start = Math.round(input.StartTime * 1000);
  const end = Math.round(input.EndTime * 1000);
  if (!(end > start)) throw invalidParameter('EndTime must be after StartTime');
  if (end - start > MAX_RANGE_DAYS * DAY_MS) throw invalidParameter(`The range from StartTime to EndTime may be at most ${MAX_RANGE_DAYS} days`);
  const timeZone = zoneOf(input.TimeZone);
  const groupings = groupingsOf(input.Groupings);
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const report = await usageOf(deps, instance.id, { start, end, timeZone, groupings });
  return { TimeZone: timeZone, ...report };
}

/** The time zone's canonical name; UTC when none is given. */
export function zoneOf(raw: string | undefined): string {
  const zone = canonicalZone(raw ?? 'UTC');
  if (!zone) throw invalidParameter(`TimeZone ${raw} is not an IANA time zone name (such as America/New_York or UTC)`);
  return zone;
}

function groupingsOf(raw: string | undefined): Grouping[] {
  if (raw === undefined) return [...GROUPINGS];
  const named = raw.split(',').map((s) => s.trim());
  const wrong = named.filter((g) => !(GROUPINGS as readonly string[]).includes(g));
  if (wrong.length || !raw.trim()) throw invalidParameter(`Groupings must be a comma-separated list of ${GROUPINGS.join(', ')}${wrong.length ? `; not ${wrong.join(', ')}` : ''}`);
  return GROUPINGS.filter((g) => named.includes(g));
}

/** Rows (sorted by day, channel, queue name), totals and policy for a validated range of one instance. */
export async function usageOf(deps: Deps, instanceId: string, q: { start: number; end: number; timeZone: string; groupings: readonly Grouping[] }) {
  const policy = deps.config.metering;
  const by = (g: Grouping) => q.groupings.includes(g);
  const counts = await countBillable(deps.db.kysely, {
    instanceId,
    policy,
    start: q.start,
    end: q.end,
    days: by('DAY') ? offsetSpans(q.timeZone, q.start, q.end) : null,
    channel: by('CHANNEL'),
    queue: by('QUEUE'),
  });
  const refs = await queueRefs(deps, instanceId, counts.map((c) => c.queueId));
  const price = policy.pricePerMessage;
  const rows = counts.sort(byKeys(refs)).map(
    (c): UsageRow => ({
      ...(by('DAY') ? { Day: dayLabel(c.day ?? 0) } : {}),
      ...(by('CHANNEL') ? { Channel: c.channel ?? '' } : {}),
      ...(by('QUEUE') ? { Queue: c.queueId === null ? null : (refs.get(c.queueId) ?? null) } : {}),
      BillableMessages: c.count,
      Cost: cost(c.count, price),
    }),
  );
  const total = counts.reduce((n, c) => n + c.count, 0);
  return { Usage: rows, Totals: { BillableMessages: total, Cost: cost(total, price), Currency: policy.currency }, Policy: presentPolicy(policy) };
}

/** Day, then channel, then queue name (no queue last), then queue id. */
const byKeys = (refs: Map<string, QueueRef>) => (a: BillableCount, b: BillableCount) => {
  const name = (c: BillableCount) => (c.queueId === null ? '\uffff' : (refs.get(c.queueId)?.Name ?? c.queueId));
  return (a.day ?? 0) - (b.day ?? 0) || cmp(a.channel ?? '', b.channel ?? '') || cmp(name(a), name(b)) || cmp(a.queueId ?? '', b.queueId ?? '');
};
/** Code-point order: the same on every machine, whatever its locale. */
const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
