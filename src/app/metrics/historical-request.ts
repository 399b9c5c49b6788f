import { invalidParameter } from '../../core/errors.js';
import {
  CONNECTING_TIME_METHODS,
  FILTER_ONLY_KEYS,
  HISTORICAL_METRICS,
  isHistoricalMetric,
  MAX_SERVICE_LEVELS,
  METRIC_CHANNELS,
  METRIC_FILTER_VALUES,
  RESOURCE_FILTER_KEYS,
  THRESHOLD_RANGE,
} from '../../core/metrics/historical-catalog.js';
import type { RequestedMetric } from '../../core/metrics/historical.js';
import type { DimensionFilter } from '../../core/metrics/historical-report.js';
import { INTERVAL_PERIODS, isTimeZone, type IntervalPeriod } from '../../core/metrics/intervals.js';
import { idFromRef } from '../arn.js';

/** A GetMetricDataV2 body as the wire schema admits it. */
export interface MetricDataV2Request {
  ResourceArn: string;
  StartTime: number;
  EndTime: number;
  Interval?: { TimeZone?: string; IntervalPeriod?: string };
  Filters: { FilterKey?: string; FilterValues?: string[]; StringCondition?: { Comparison?: string } }[];
  Groupings?: string[];
  Metrics: { Name?: string; MetricId?: string; Threshold?: { Comparison?: string; ThresholdValue?: number }[]; MetricFilters?: { MetricFilterKey?: string; MetricFilterValues?: string[]; Negate?: boolean }[] }[];
  NextToken?: string;
  MaxResults?: number;
}

/** A checked request: times in ms, filter values as ids. */
export interface MetricQuery {
  start: number;
  end: number;
  period: IntervalPeriod;
  timeZone: string;
  filters: DimensionFilter[];
  groupings: string[];
  metrics: RequestedMetric[];
}

const DAY_MS = 86_400_000;
/** Longest range per IntervalPeriod (the model: under 3 days for sub-day periods, under 35 days otherwise; Parley admits the bound itself). */
const RANGE_DAYS: Record<IntervalPeriod, number> = { FIFTEEN_MIN: 3, THIRTY_MIN: 3, HOUR: 3, DAY: 35, WEEK: 35, TOTAL: 35 };
const ID_KEYS = ['QUEUE', 'ROUTING_PROFILE', 'AGENT', 'FLOWS_RESOURCE_ID'];

/** Three calendar months before `now` (UTC): the oldest StartTime Connect answers for. */
export const retentionStart = (now: number): number => {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 3, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
};

/** Every rule of GetMetricDataV2 that the schema cannot express (metrics.md §3.3), as InvalidParameterException. */
export function checkV2(body: MetricDataV2Request, now: number): MetricQuery {
  const start = Math.round(body.StartTime * 1000);
  const end = Math.round(body.EndTime * 1000);
  const period = (body.Interval?.IntervalPeriod ?? 'TOTAL') as IntervalPeriod;
  if (!INTERVAL_PERIODS.includes(period)) throw invalidParameter(`IntervalPeriod must be one of ${INTERVAL_PERIODS.join(', ')}`);
  const timeZone = body.Interval?.TimeZone ?? 'UTC';
  if (!isTimeZone(timeZone)) throw invalidParameter(`TimeZone ${timeZone} is not a valid time zone`);
  if (start >= end) throw invalidParameter('StartTime must be before EndTime');
  if (end > now) throw invalidParameter('EndTime cannot be later than the current time');
  if (start < retentionStart(now)) throw invalidParameter('StartTime cannot be earlier than 3 months before the current time');
  if (end - start > RANGE_DAYS[period] * DAY_MS) throw invalidParameter(`The time range of a ${period} interval must not exceed ${RANGE_DAYS[period]} days`);
  const filters = checkFilters(body.Filters);
  const groupings = body.Groupings ?? [];
  if (new Set(groupings).size !== groupings.length) throw invalidParameter('Groupings must not repeat a key');
  const metrics = body.Metrics.map(checkMetric);
  if (metrics.filter((m) => m.Name === 'SERVICE_LEVEL').length > MAX_SERVICE_LEVELS) throw invalidParameter(`At most ${MAX_SERVICE_LEVELS} SERVICE_LEVEL metrics are allowed in a request`);
  for (const m of metrics) {
    const keys = HISTORICAL_METRICS[m.Name as keyof typeof HISTORICAL_METRICS].keys;
    for (const f of filters) if (!keys.includes(f.key)) throw invalidParameter(`Filter key ${f.key} is not valid for metric ${m.Name}`);
    for (const g of groupings) if (!keys.includes(g) || FILTER_ONLY_KEYS.includes(g)) throw invalidParameter(`Grouping ${g} is not valid for metric ${m.Name}`);
  }
  return { start, end, period, timeZone, filters, groupings, metrics };
}

function checkFilters(given: MetricDataV2Request['Filters']): DimensionFilter[] {
  const filters: DimensionFilter[] = given.map((f) => {
    if (!f.FilterKey) throw invalidParameter('Every filter needs a FilterKey');
    const values = f.FilterValues ?? [];
    if (f.StringCondition) {
      if (f.StringCondition.Comparison !== 'NOT_EXISTS') throw invalidParameter('StringCondition Comparison must be NOT_EXISTS');
      if (values.length) throw invalidParameter(`FilterValues of ${f.FilterKey} must be empty with the NOT_EXISTS condition`);
      return { key: f.FilterKey, values: null };
    }
    if (!values.length) throw invalidParameter(`Filter ${f.FilterKey} needs at least one value`);
    if (f.FilterKey === 'CHANNEL') for (const v of values) if (!METRIC_CHANNELS.includes(v)) throw invalidParameter(`Channel ${v} is not one of ${METRIC_CHANNELS.join(', ')}`);
    return { key: f.FilterKey, values: ID_KEYS.includes(f.FilterKey) ? values.map(idFromRef) : values };
  });
  const keys = filters.map((f) => f.key);
  if (new Set(keys).size !== keys.length) throw invalidParameter('A filter key may appear only once');
  // Channels do not count towards the 100 values (the model's note).
  if (filters.reduce((n, f) => n + (f.key === 'CHANNEL' ? 0 : (f.values?.length ?? 0)), 0) > 100) throw invalidParameter('At most 100 filter values are allowed across filter keys');
  if (!keys.some((k) => RESOURCE_FILTER_KEYS.includes(k) || k === 'FLOWS_RESOURCE_ID'))
    throw invalidParameter(`At least one resource filter is required: ${RESOURCE_FILTER_KEYS.join(', ')}`);
  return filters;
}

function checkMetric(m: MetricDataV2Request['Metrics'][number]): RequestedMetric {
  if (m.MetricId !== undefined) throw invalidParameter('MetricId is not supported: name the metric');
  if (!m.Name) throw invalidParameter('Every metric needs a Name');
  if (!isHistoricalMetric(m.Name)) throw invalidParameter(`Metric ${m.Name} is not supported`);
  const def = HISTORICAL_METRICS[m.Name];
  const out: RequestedMetric = { Name: m.Name };
  if (def.threshold) {
    const t = m.Threshold?.[0];
    if (!t) throw invalidParameter(`Metric ${m.Name} needs a Threshold`);
    if (t.Comparison !== 'LT' && t.Comparison !== 'LTE') throw invalidParameter(`The Threshold Comparison of ${m.Name} must be LT or LTE`);
    const v = t.ThresholdValue;
    if (v === undefined || !Number.isInteger(v) || v < THRESHOLD_RANGE.min || v > THRESHOLD_RANGE.max)
      throw invalidParameter(`The ThresholdValue of ${m.Name} must be a whole number of seconds from ${THRESHOLD_RANGE.min} to ${THRESHOLD_RANGE.max}`);
    out.Threshold = [{ Comparison: t.Comparison, ThresholdValue: v }];
  } else if (m.Threshold?.length) throw invalidParameter(`Metric ${m.Name} takes no Threshold`);
  if (m.MetricFilters?.length) {
    out.MetricFilters = m.MetricFilters.map((f) => {
      const key = f.MetricFilterKey;
      if (!key || !def.metricFilters.includes(key)) throw invalidParameter(`Metric filter key ${key ?? '(none)'} is not valid for metric ${m.Name}`);
      const values = f.MetricFilterValues ?? [];
      if (!values.length) throw invalidParameter(`Metric filter ${key} needs at least one value`);
      const allowed = m.Name === 'AVG_AGENT_CONNECTING_TIME' ? CONNECTING_TIME_METHODS : METRIC_FILTER_VALUES[key];
      for (const v of values) if (allowed && !allowed.includes(v)) throw invalidParameter(`${v} is not a valid value of ${key} for metric ${m.Name}`);
      if (f.Negate && m.Name === 'AVG_AGENT_CONNECTING_TIME') throw invalidParameter('Negate is not supported for AVG_AGENT_CONNECTING_TIME');
      return { MetricFilterKey: key, MetricFilterValues: values, ...(f.Negate !== undefined ? { Negate: f.Negate } : {}) };
    });
  }
  return out;
}
