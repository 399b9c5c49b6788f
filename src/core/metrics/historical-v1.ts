import type { RequestedMetric } from './historical.js';

/**
 * GetMetricData (v1) metric names, their fixed Unit and Statistic, and the GetMetricDataV2
 * metric (with metric-level filters) each one is computed as (metrics.md §3.2). `v2: null`: a
 * metric Parley answers without a value (CONTACTS_CONSULTED is deprecated; OCCUPANCY is agent
 * activity, which a queue or channel grouping cannot express) or with a fixed one.
 */
export interface V1Metric {
  unit: 'COUNT' | 'SECONDS' | 'PERCENT';
  statistic: 'SUM' | 'MAX' | 'AVG';
  v2: RequestedMetric | null;
  /** The value when there is no V2 metric (absent: no value). */
  fixed?: number;
}

const im = (...values: string[]) => [{ MetricFilterKey: 'INITIATION_METHOD', MetricFilterValues: values }];
const count = (Name: string, MetricFilters?: RequestedMetric['MetricFilters']): V1Metric => ({ unit: 'COUNT', statistic: 'SUM', v2: { Name, ...(MetricFilters ? { MetricFilters } : {}) } });
const seconds = (Name: string, statistic: 'AVG' | 'MAX' = 'AVG'): V1Metric => ({ unit: 'SECONDS', statistic, v2: { Name } });

export const V1_METRICS: Record<string, V1Metric> = {
  CONTACTS_QUEUED: count('CONTACTS_QUEUED'),
  CONTACTS_HANDLED: count('CONTACTS_HANDLED'),
  CONTACTS_ABANDONED: count('CONTACTS_ABANDONED'),
  CONTACTS_CONSULTED: { unit: 'COUNT', statistic: 'SUM', v2: null },
  CONTACTS_AGENT_HUNG_UP_FIRST: count('CONTACTS_HANDLED', [{ MetricFilterKey: 'DISCONNECT_REASON', MetricFilterValues: ['AGENT_DISCONNECT'] }]),
  CONTACTS_HANDLED_INCOMING: count('CONTACTS_HANDLED', im('INBOUND', 'TRANSFER', 'QUEUE_TRANSFER')),
  CONTACTS_HANDLED_OUTBOUND: count('CONTACTS_HANDLED', im('OUTBOUND')),
  // Chat has no hold: no contact is ever abandoned on hold.
  CONTACTS_HOLD_ABANDONS: { unit: 'COUNT', statistic: 'SUM', v2: null, fixed: 0 },
  CONTACTS_TRANSFERRED_IN: count('CONTACTS_CREATED', im('TRANSFER', 'QUEUE_TRANSFER')),
  CONTACTS_TRANSFERRED_OUT: count('CONTACTS_TRANSFERRED_OUT'),
  CONTACTS_TRANSFERRED_IN_FROM_QUEUE: count('CONTACTS_CREATED', im('QUEUE_TRANSFER')),
  CONTACTS_TRANSFERRED_OUT_FROM_QUEUE: count('CONTACTS_TRANSFERRED_OUT_FROM_QUEUE'),
  CONTACTS_MISSED: count('AGENT_NON_RESPONSE'),
  CALLBACK_CONTACTS_HANDLED: count('CONTACTS_HANDLED', im('CALLBACK')),
  API_CONTACTS_HANDLED: count('CONTACTS_HANDLED', im('API')),
  OCCUPANCY: { unit: 'PERCENT', statistic: 'AVG', v2: null },
  HANDLE_TIME: seconds('AVG_HANDLE_TIME'),
  AFTER_CONTACT_WORK_TIME: seconds('AVG_AFTER_CONTACT_WORK_TIME'),
  QUEUED_TIME: seconds('MAX_QUEUED_TIME', 'MAX'),
  ABANDON_TIME: seconds('AVG_ABANDON_TIME'),
  QUEUE_ANSWER_TIME: seconds('AVG_QUEUE_ANSWER_TIME'),
  HOLD_TIME: seconds('AVG_HOLD_TIME'),
  INTERACTION_TIME: seconds('AVG_INTERACTION_TIME'),
  INTERACTION_AND_HOLD_TIME: seconds('AVG_INTERACTION_AND_HOLD_TIME'),
  SERVICE_LEVEL: { unit: 'PERCENT', statistic: 'AVG', v2: { Name: 'SERVICE_LEVEL' } },
};
