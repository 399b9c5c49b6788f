import { invalidParameter } from '../errors.js';
import { CURRENT_METRIC_UNITS, type ComputedMetric, type CurrentMetricName, type Grouping } from './current.js';

/** A GetCurrentMetricData request as the wire has it (after schema validation). */
export interface CurrentMetricRequest {
  Filters: {
    Queues?: string[];
    Channels?: string[];
    RoutingProfiles?: string[];
    RoutingStepExpressions?: string[];
    AgentStatuses?: string[];
    Subtypes?: string[];
    ValidationTestTypes?: string[];
  };
  Groupings?: Grouping[];
  CurrentMetrics: { Name?: CurrentMetricName; MetricId?: string; Unit?: string }[];
  SortCriteria?: { SortByMetric?: CurrentMetricName; SortOrder?: 'ASCENDING' | 'DESCENDING' }[];
}

/** The metrics that count contacts rather than agents: by routing profile, they need a routing-profile filter. */
const CONTACT_METRICS: readonly string[] = ['CONTACTS_SCHEDULED', 'CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE'];
const UNSUPPORTED_FILTERS = ['RoutingStepExpressions', 'Subtypes', 'ValidationTestTypes'] as const;

/**
 * The combination rules of GetCurrentMetricData (spec/metrics.md §2.1 and the SDK's documentation),
 * each refused as InvalidParameterException. What Connect has and Parley does not compute (routing
 * steps, subtypes, validation tests, custom metrics by MetricId, ESTIMATED_WAIT_TIME) is refused
 * the same way, rather than answered with made-up numbers. Returns the metrics asked for.
 */
export function checkCurrentRequest(r: CurrentMetricRequest): ComputedMetric[] {
  const f = r.Filters;
  const groupings = r.Groupings ?? [];
  if (f.Queues && f.RoutingProfiles) throw invalidParameter('Filters may name Queues or RoutingProfiles, not both');
  for (const k of UNSUPPORTED_FILTERS) if (f[k]) throw invalidParameter(`Parley does not support the ${k} filter`);
  if (f.AgentStatuses && !f.Queues) throw invalidParameter('The AgentStatuses filter needs a Queues filter');
  if (new Set(groupings).size !== groupings.length) throw invalidParameter('Groupings must not repeat a grouping');
  for (const g of groupings) if (!['QUEUE', 'CHANNEL', 'ROUTING_PROFILE', 'AGENT_STATUS'].includes(g)) throw invalidParameter(`Parley does not support the ${g} grouping`);

  const metrics = r.CurrentMetrics.map((m) => {
    if (m.MetricId !== undefined || !m.Name) throw invalidParameter('Parley supports metrics by Name only, not by MetricId');
    if (m.Name === 'ESTIMATED_WAIT_TIME') throw invalidParameter('Parley does not compute ESTIMATED_WAIT_TIME');
    if (m.Unit !== undefined && m.Unit !== CURRENT_METRIC_UNITS[m.Name]) throw invalidParameter(`The unit of ${m.Name} is ${CURRENT_METRIC_UNITS[m.Name]}, not ${m.Unit}`);
    return m.Name;
  });

  if (groupings.includes('AGENT_STATUS')) {
    if (groupings[0] !== 'QUEUE' || !f.Queues) throw invalidParameter('Grouping by AGENT_STATUS needs QUEUE as the primary grouping and a Queues filter');
    if (metrics.some((m) => m !== 'AGENTS_ONLINE')) throw invalidParameter('Grouped by AGENT_STATUS, the only metric available is AGENTS_ONLINE');
  }
  if (groupings.includes('ROUTING_PROFILE')) {
    if (!f.Queues && !f.RoutingProfiles) throw invalidParameter('Grouping by ROUTING_PROFILE needs a Queues or RoutingProfiles filter');
    const contact = metrics.find((m) => CONTACT_METRICS.includes(m));
    if (contact && !f.RoutingProfiles) throw invalidParameter(`Grouped by ROUTING_PROFILE, ${contact} needs a RoutingProfiles filter`);
  }
  const sort = r.SortCriteria?.[0];
  if (sort?.SortByMetric === 'SLOTS_ACTIVE' || sort?.SortByMetric === 'SLOTS_AVAILABLE') throw invalidParameter(`Sorting on ${sort.SortByMetric} is not supported`);
  if (sort?.SortByMetric === 'ESTIMATED_WAIT_TIME') throw invalidParameter('Parley does not compute ESTIMATED_WAIT_TIME');
  return metrics;
}
