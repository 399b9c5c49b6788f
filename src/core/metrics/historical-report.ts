import { HISTORICAL_METRICS, type HistoricalMetricName, type MetricSource } from './historical-catalog.js';
import { botDims, offerDims, recordDims, type BotFact, type Dims, type OfferFact } from './historical-facts.js';
import { botMetric, offerMetric, recordMetric, type RequestedMetric } from './historical.js';
import { intervalIndex, type Interval } from './intervals.js';
import type { StoredRecord } from './record.js';

/** A resource or dimension filter: the fact's value is one of `values`, or (null) it has none (NOT_EXISTS). */
export interface DimensionFilter {
  key: string;
  values: readonly string[] | null;
}

/** The facts of a request's time range, by how they are attributed to intervals. */
export interface HistoricalFacts {
  disconnect: readonly StoredRecord[];
  enqueue: readonly StoredRecord[];
  connect: readonly StoredRecord[];
  offer: readonly OfferFact[];
  bot: readonly BotFact[];
}

export interface ReportRow {
  /** Grouping key → value, in the order of the groupings. */
  dims: Record<string, string>;
  interval: Interval;
  values: (number | null)[];
}

type AnyFact = StoredRecord | OfferFact | BotFact;

/** When a fact happened for its source (metrics.md §3.1). */
const TIME_OF: Record<MetricSource, (f: AnyFact) => number | null> = {
  disconnect: (f) => (f as StoredRecord).record.DisconnectTimestamp,
  enqueue: (f) => (f as StoredRecord).record.Queue?.EnqueueTimestamp ?? null,
  connect: (f) => (f as StoredRecord).record.Agent?.ConnectedToAgentTimestamp ?? null,
  offer: (f) => (f as OfferFact).at,
  bot: (f) => (f as BotFact).at,
};
const DIMS_OF: Record<MetricSource, (f: AnyFact) => Dims> = {
  disconnect: (f) => recordDims(f as StoredRecord),
  enqueue: (f) => recordDims(f as StoredRecord),
  connect: (f) => recordDims(f as StoredRecord),
  offer: (f) => offerDims(f as OfferFact),
  bot: (f) => botDims(f as BotFact),
};

const matches = (dims: Dims, filters: readonly DimensionFilter[]): boolean =>
  filters.every((f) => {
    const v = dims[f.key] ?? null;
    return f.values === null ? v === null : v !== null && f.values.includes(v);
  });

/**
 * Buckets every fact by group and interval and computes each metric per bucket. A group appears
 * when any of its facts falls in the range; it then has a row for every interval (counts 0,
 * averages null where nothing happened). Rows are ordered by group, then time.
 */
export function historicalReport(input: { intervals: readonly Interval[]; groupings: readonly string[]; filters: readonly DimensionFilter[]; metrics: readonly RequestedMetric[]; facts: HistoricalFacts }): ReportRow[] {
  const { intervals, groupings } = input;
  const sources = [...new Set(input.metrics.map((m) => HISTORICAL_METRICS[m.Name as HistoricalMetricName].source))];
  const buckets = new Map<string, { values: string[]; by: Map<MetricSource, AnyFact[][]> }>();
  for (const source of sources)
    for (const fact of input.facts[source] as readonly AnyFact[]) {
      const at = TIME_OF[source](fact);
      const i = at === null ? -1 : intervalIndex(intervals, at);
      const dims = DIMS_OF[source](fact);
      if (i < 0 || !matches(dims, input.filters)) continue;
      const values = groupings.map((g) => dims[g] ?? null);
      if (values.some((v) => v === null)) continue;
      const key = JSON.stringify(values);
      let group = buckets.get(key);
      if (!group) buckets.set(key, (group = { values: values as string[], by: new Map() }));
      let perInterval = group.by.get(source);
      if (!perInterval) group.by.set(source, (perInterval = intervals.map(() => [])));
      perInterval[i].push(fact);
    }
  const rows: ReportRow[] = [];
  for (const key of [...buckets.keys()].sort()) {
    const group = buckets.get(key)!;
    const dims = Object.fromEntries(groupings.map((g, k) => [g, group.values[k]]));
    intervals.forEach((interval, i) => {
      const values = input.metrics.map((m) => {
        const source = HISTORICAL_METRICS[m.Name as HistoricalMetricName].source;
        const facts = group.by.get(source)?.[i] ?? [];
        if (source === 'offer') return offerMetric(m, facts as OfferFact[]);
        if (source === 'bot') return botMetric(m, facts as BotFact[]);
        return recordMetric(m, facts as StoredRecord[]);
      });
      rows.push({ dims, interval, values });
    });
  }
  return rows;
}
