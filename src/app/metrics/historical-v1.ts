import { invalidParameter } from '../../core/errors.js';
import { THRESHOLD_RANGE, MAX_SERVICE_LEVELS } from '../../core/metrics/historical-catalog.js';
import type { RequestedMetric } from '../../core/metrics/historical.js';
import type { DimensionFilter } from '../../core/metrics/historical-report.js';
import { V1_METRICS } from '../../core/metrics/historical-v1.js';
import { requireInstance } from '../admin/instances.js';
import { arns, idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { historicalRows } from './historical.js';
import { pageOf } from './historical-page.js';

/** A GetMetricData body as the wire schema admits it. */
export interface MetricDataV1Request {
  StartTime: number;
  EndTime: number;
  Filters: { Queues?: string[]; Channels?: string[]; RoutingProfiles?: string[]; RoutingStepExpressions?: string[] };
  Groupings?: string[];
  HistoricalMetrics: { Name?: string; Threshold?: { Comparison?: string; ThresholdValue?: number }; Statistic?: string; Unit?: string }[];
  NextToken?: string;
  MaxResults?: number;
}

const FIVE_MINUTES_MS = 300_000;
const V1_CHANNELS = ['VOICE', 'CHAT', 'TASK'];
const DAY_MS = 86_400_000;
const V1_GROUPINGS: Record<string, string> = { QUEUE: 'QUEUE', CHANNEL: 'CHANNEL', ROUTING_PROFILE: 'ROUTING_PROFILE' };

/** The rules of GetMetricData (metrics.md §3.2): 5-minute times within the last 24 hours, queue/channel filters, fixed units. */
function checkV1(body: MetricDataV1Request, now: number) {
  const start = Math.round(body.StartTime * 1000);
  const end = Math.round(body.EndTime * 1000);
  if (start % FIVE_MINUTES_MS || end % FIVE_MINUTES_MS) throw invalidParameter('StartTime and EndTime must be multiples of 5 minutes');
  if (start >= end) throw invalidParameter('StartTime must be before EndTime');
  if (start < now - DAY_MS) throw invalidParameter('StartTime cannot be earlier than 24 hours before the current time');
  if (end - start > DAY_MS) throw invalidParameter('The time range must not exceed 24 hours');
  const f = body.Filters;
  if (f.RoutingStepExpressions?.length) throw invalidParameter('RoutingStepExpressions filters are not supported');
  if (!f.Queues?.length && !f.Channels?.length && !f.RoutingProfiles?.length) throw invalidParameter('Filters must name Queues or Channels');
  for (const c of f.Channels ?? []) if (!V1_CHANNELS.includes(c)) throw invalidParameter(`Channel ${c} is not one of VOICE, CHAT, TASK`);
  const filters: DimensionFilter[] = [];
  if (f.Queues?.length) filters.push({ key: 'QUEUE', values: f.Queues.map(idFromRef) });
  if (f.Channels?.length) filters.push({ key: 'CHANNEL', values: f.Channels });
  if (f.RoutingProfiles?.length) filters.push({ key: 'ROUTING_PROFILE', values: f.RoutingProfiles.map(idFromRef) });
  const groupings = body.Groupings ?? [];
  for (const g of groupings) if (!V1_GROUPINGS[g]) throw invalidParameter(`Grouping ${g} is not supported: use QUEUE, CHANNEL or ROUTING_PROFILE`);
  if (new Set(groupings).size !== groupings.length) throw invalidParameter('Groupings must not repeat a key');
  if (body.HistoricalMetrics.filter((m) => m.Name === 'SERVICE_LEVEL').length > MAX_SERVICE_LEVELS) throw invalidParameter(`At most ${MAX_SERVICE_LEVELS} SERVICE_LEVEL metrics are allowed`);
  const metrics = body.HistoricalMetrics.map((m) => {
    const def = m.Name ? V1_METRICS[m.Name] : undefined;
    if (!m.Name || !def) throw invalidParameter(`Historical metric ${m.Name ?? '(none)'} is not valid`);
    if (m.Unit !== undefined && m.Unit !== def.unit) throw invalidParameter(`The Unit of ${m.Name} must be ${def.unit}`);
    if (m.Statistic !== undefined && m.Statistic !== def.statistic) throw invalidParameter(`The Statistic of ${m.Name} must be ${def.statistic}`);
    const echo = { Name: m.Name, Unit: def.unit, Statistic: def.statistic } as { Name: string; Unit: string; Statistic: string; Threshold?: { Comparison: string; ThresholdValue: number } };
    let v2: RequestedMetric | null = def.v2;
    if (m.Name === 'SERVICE_LEVEL') {
      const t = m.Threshold;
      if (t?.Comparison !== 'LT') throw invalidParameter('SERVICE_LEVEL needs a Threshold with Comparison LT');
      if (t.ThresholdValue === undefined || t.ThresholdValue < THRESHOLD_RANGE.min || t.ThresholdValue > THRESHOLD_RANGE.max)
        throw invalidParameter(`The ThresholdValue of SERVICE_LEVEL must be from ${THRESHOLD_RANGE.min} to ${THRESHOLD_RANGE.max} seconds`);
      echo.Threshold = { Comparison: 'LT', ThresholdValue: t.ThresholdValue };
      v2 = { Name: 'SERVICE_LEVEL', Threshold: [{ Comparison: 'LT', ThresholdValue: t.ThresholdValue }] };
    } else if (m.Threshold) throw invalidParameter(`Historical metric ${m.Name} takes no Threshold`);
    return { echo, v2, fixed: def.fixed };
  });
  return { start, end, filters, groupings, metrics };
}

/**
 * GetMetricData (POST /metrics/historical/{InstanceId}): the v1 metrics computed as their V2
 * equivalents over one interval, grouped by queue, channel or routing profile.
 */
export async function getMetricData(deps: Deps, instanceRef: string, body: MetricDataV1Request) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const q = checkV1(body, deps.clock.now());
  const computed = q.metrics.map((m) => m.v2).filter((m): m is RequestedMetric => m !== null);
  const rows = await historicalRows(deps, instance.id, { start: q.start, end: q.end, intervals: [{ start: q.start, end: q.end }], groupings: q.groupings, filters: q.filters, metrics: computed });
  const page = pageOf(deps.secret, rows, { instance: instance.id, ...body }, body);
  const a = arns(deps.config);
  const agentQueues = await agentQueueIds(deps, page.items.map((r) => r.dims.QUEUE).filter((id): id is string => id !== undefined));
  return {
    MetricResults: page.items.map((r) => {
      let next = 0;
      const Dimensions = {
        ...(r.dims.QUEUE ? { Queue: { Id: r.dims.QUEUE, Arn: agentQueues.has(r.dims.QUEUE) ? a.agentQueue(instance.id, r.dims.QUEUE) : a.queue(instance.id, r.dims.QUEUE) } } : {}),
        ...(r.dims.CHANNEL ? { Channel: r.dims.CHANNEL } : {}),
        ...(r.dims.ROUTING_PROFILE ? { RoutingProfile: { Id: r.dims.ROUTING_PROFILE, Arn: a.routingProfile(instance.id, r.dims.ROUTING_PROFILE) } } : {}),
      };
      const Collections = q.metrics.map((m) => {
        const value = m.v2 ? r.values[next++] : (m.fixed ?? null);
        return { Metric: m.echo, ...(value === null || value === undefined ? {} : { Value: value }) };
      });
      return { Dimensions, Collections };
    }),
    ...(page.NextToken ? { NextToken: page.NextToken } : {}),
  };
}

/** Which of these queue ids are agents' own queues (their id is the user's). */
async function agentQueueIds(deps: Deps, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const users = await deps.db.kysely.selectFrom('users').select('id').where('id', 'in', [...new Set(ids)]).execute();
  return new Set(users.map((u) => u.id));
}
