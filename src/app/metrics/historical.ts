import { invalidParameter } from '../../core/errors.js';
import { HISTORICAL_METRICS, type HistoricalMetricName, type MetricSource } from '../../core/metrics/historical-catalog.js';
import { historicalReport, type ReportRow } from '../../core/metrics/historical-report.js';
import type { RequestedMetric } from '../../core/metrics/historical.js';
import { intervalsOf, type Interval } from '../../core/metrics/intervals.js';
import { epochSeconds } from '../../core/time.js';
import { requireInstance } from '../admin/instances.js';
import { instanceIdFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { checkV2, type MetricDataV2Request } from './historical-request.js';
import { loadFacts } from './historical-load.js';
import { pageOf } from './historical-page.js';

/** The instance a GetMetricDataV2 ResourceArn names; a value that is not an instance ARN is a bad parameter. */
export function instanceOfResourceArn(arn: string): string {
  const id = instanceIdFromRef(arn);
  if (id === arn) throw invalidParameter('ResourceArn must be the ARN of an Amazon Connect instance');
  return id;
}

/**
 * Computes report rows for a checked query: brings the contact records up to date (the projector
 * folds events asynchronously), reads the facts of the range and aggregates them.
 */
export async function historicalRows(deps: Deps, instanceId: string, q: { start: number; end: number; intervals: readonly Interval[]; groupings: readonly string[]; filters: Parameters<typeof historicalReport>[0]['filters']; metrics: readonly RequestedMetric[] }): Promise<ReportRow[]> {
  await deps.records.catchUp();
  const sources = new Set<MetricSource>(q.metrics.map((m) => HISTORICAL_METRICS[m.Name as HistoricalMetricName].source));
  const facts = await loadFacts(deps.db.kysely, { instanceId, start: q.start, end: q.end, sources, filters: q.filters });
  return historicalReport({ intervals: q.intervals, groupings: q.groupings, filters: q.filters, metrics: q.metrics, facts });
}

/**
 * GetMetricDataV2 (POST /metrics/data): one result per group and interval, each with the
 * requested metrics echoed (name, threshold, filters) and their values; a value that cannot be
 * computed is left out (null), an empty list means no data.
 */
export async function getMetricDataV2(deps: Deps, body: MetricDataV2Request) {
  const instanceId = instanceOfResourceArn(body.ResourceArn);
  const instance = await requireInstance(deps.db.kysely, instanceId);
  const q = checkV2(body, deps.clock.now());
  const intervals = intervalsOf(q.start, q.end, q.period, q.timeZone);
  const rows = await historicalRows(deps, instance.id, { ...q, intervals });
  const page = pageOf(deps.secret, rows, body, body);
  return {
    MetricResults: page.items.map((r) => ({
      Dimensions: r.dims,
      MetricInterval: { Interval: q.period, StartTime: epochSeconds(r.interval.start), EndTime: epochSeconds(r.interval.end) },
      Collections: q.metrics.map((Metric, i) => ({ Metric, ...(r.values[i] === null ? {} : { Value: r.values[i] }) })),
    })),
    ...(page.NextToken ? { NextToken: page.NextToken } : {}),
  };
}
