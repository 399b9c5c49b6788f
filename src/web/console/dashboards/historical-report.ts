import type { ConnectApi } from '../api/connect-api';
import { metricsFor, type Grouping, type IntervalPeriod, type MetricName } from './historical-metrics';
import { metricDataV2, type MetricDataV2Request, type MetricResultV2 } from './metrics-api';
import type { Period } from './period';

export interface ReportQuery {
  period: Period;
  interval: IntervalPeriod;
  grouping: Grouping;
  timeZone: string;
  /** SERVICE_LEVEL counts contacts answered in less than this many seconds. */
  threshold: number;
}

/** What the dashboards know of the instance: its ARN, its queues (the filter) and, for agent groups, the users' names. */
export interface ReportContext {
  arn: string;
  queues: { Id: string; Name: string }[];
  users: { Id: string; Username: string }[];
}

/** Metric values; null where the server could not compute one (an average of nothing). */
export type Values = Partial<Record<MetricName, number | null>>;

export interface Report {
  query: ReportQuery;
  /** The groups that had contacts, by label; one group `all` without grouping. */
  groups: { key: string; label: string }[];
  intervals: { start: number; end: number }[];
  /** Group key → interval start (ms) → values. */
  series: Map<string, Map<number, Values>>;
  /** Group key → values over the whole period. */
  summary: Map<string, Values>;
  /** Everything together over the whole period, when grouped (null without contacts). */
  overall: Values | null;
  /** The metrics the groups have (per agent, the queue-only ones are left out). */
  metrics: MetricName[];
  /** Queues left out of the filter: the API takes at most 100 values. */
  queuesLeftOut: number;
}

const MAX_FILTER_VALUES = 100;
const CHANNEL_LABELS: Record<string, string> = { CHAT: 'Chat', TASK: 'Task' };

const valuesOf = (r: MetricResultV2): Values => Object.fromEntries(r.Collections.map((c) => [c.Metric.Name, c.Value ?? null]));

/**
 * Runs the GetMetricDataV2 queries of a report in parallel: the chosen interval (for the charts),
 * the whole period per group (the summary; averages cannot be added up from intervals) and, when
 * grouped, the whole period for everything together.
 */
export async function loadReport(api: ConnectApi, q: ReportQuery, ctx: ReportContext): Promise<Report> {
  const metrics = metricsFor(q.grouping);
  const queueIds = ctx.queues.slice(0, MAX_FILTER_VALUES).map((x) => x.Id);
  const body = (interval: IntervalPeriod, grouping: Grouping, names: MetricName[]): MetricDataV2Request => ({
    ResourceArn: ctx.arn,
    StartTime: q.period.start / 1000,
    EndTime: q.period.end / 1000,
    Interval: { TimeZone: q.timeZone, IntervalPeriod: interval },
    Filters: [{ FilterKey: 'QUEUE', FilterValues: queueIds }],
    ...(grouping ? { Groupings: [grouping] } : {}),
    Metrics: names.map((Name) => (Name === 'SERVICE_LEVEL' ? { Name, Threshold: [{ Comparison: 'LT', ThresholdValue: q.threshold }] } : { Name })),
  });
  const none = Promise.resolve(null);
  const [byInterval, byGroup, overall] = await Promise.all([
    q.interval === 'TOTAL' ? none : metricDataV2(api, body(q.interval, q.grouping, metrics)),
    metricDataV2(api, body('TOTAL', q.grouping, metrics)),
    q.grouping ? metricDataV2(api, body('TOTAL', '', metricsFor(''))) : none,
  ]);
  const keyOf = (r: MetricResultV2) => (q.grouping ? (r.Dimensions?.[q.grouping] ?? '') : 'all');
  const names = new Map<string, string>([...ctx.queues.map((x) => [x.Id, x.Name] as const), ...ctx.users.map((u) => [u.Id, u.Username] as const)]);
  const labelOf = (key: string) => (q.grouping === '' ? 'All queues' : q.grouping === 'CHANNEL' ? (CHANNEL_LABELS[key] ?? key) : (names.get(key) ?? key));

  const summary = new Map(byGroup.map((r) => [keyOf(r), valuesOf(r)]));
  const series = new Map<string, Map<number, Values>>();
  const intervals = new Map<number, number>();
  for (const r of byInterval ?? byGroup) {
    const start = q.interval === 'TOTAL' ? q.period.start : (r.MetricInterval?.StartTime ?? 0) * 1000;
    intervals.set(start, q.interval === 'TOTAL' ? q.period.end : (r.MetricInterval?.EndTime ?? 0) * 1000);
    const key = keyOf(r);
    if (!series.has(key)) series.set(key, new Map());
    series.get(key)!.set(start, valuesOf(r));
  }
  const groups = [...summary.keys()].map((key) => ({ key, label: labelOf(key) })).sort((a, b) => a.label.localeCompare(b.label));
  return {
    query: q,
    groups,
    intervals: [...intervals].map(([start, end]) => ({ start, end })).sort((a, b) => a.start - b.start),
    series,
    summary,
    overall: overall?.[0] ? valuesOf(overall[0]) : null,
    metrics,
    queuesLeftOut: Math.max(0, ctx.queues.length - MAX_FILTER_VALUES),
  };
}
