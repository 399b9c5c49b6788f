import type { Unit } from './format';

/**
 * The historical metrics the dashboards show (GetMetricDataV2 names, spec/metrics.md §3.4). The
 * Connect model does not group SERVICE_LEVEL and AVG_QUEUE_ANSWER_TIME by agent: a queue measures
 * them, so per agent they are left out (and said so).
 */
export const METRICS = [
  { name: 'CONTACTS_HANDLED', label: 'Contacts handled', unit: 'COUNT', perAgent: true },
  { name: 'CONTACTS_ABANDONED', label: 'Contacts abandoned', unit: 'COUNT', perAgent: true },
  { name: 'ABANDONMENT_RATE', label: 'Abandonment rate', unit: 'PERCENT', perAgent: true },
  { name: 'AVG_HANDLE_TIME', label: 'Average handle time', unit: 'SECONDS', perAgent: true },
  { name: 'AVG_QUEUE_ANSWER_TIME', label: 'Average queue answer time', unit: 'SECONDS', perAgent: false },
  { name: 'SERVICE_LEVEL', label: 'Service level', unit: 'PERCENT', perAgent: false },
  { name: 'AVG_RESPONSE_TIME_AGENT', label: 'Average agent response time', unit: 'SECONDS', perAgent: true },
  { name: 'AVG_RESPONSE_TIME_CUSTOMER', label: 'Average customer response time', unit: 'SECONDS', perAgent: true },
  { name: 'AVG_FIRST_RESPONSE_TIME_AGENT', label: 'Average first response time of agents', unit: 'SECONDS', perAgent: true },
] as const satisfies readonly { name: string; label: string; unit: Unit; perAgent: boolean }[];
export type MetricName = (typeof METRICS)[number]['name'];
export const metricOf = (name: MetricName) => METRICS.find((m) => m.name === name)!;

/** The charts, each over one unit: its metrics are drawn together and downloaded together. */
export const CHARTS: { id: string; title: (thresholdSeconds: number) => string; metrics: MetricName[]; unit: Unit }[] = [
  { id: 'contacts', title: () => 'Contacts handled and abandoned', metrics: ['CONTACTS_HANDLED', 'CONTACTS_ABANDONED'], unit: 'COUNT' },
  { id: 'handle-time', title: () => 'Average handle time', metrics: ['AVG_HANDLE_TIME'], unit: 'SECONDS' },
  { id: 'answer-time', title: () => 'Average queue answer time', metrics: ['AVG_QUEUE_ANSWER_TIME'], unit: 'SECONDS' },
  { id: 'abandonment', title: () => 'Abandonment rate', metrics: ['ABANDONMENT_RATE'], unit: 'PERCENT' },
  { id: 'service-level', title: (t) => `Service level (answered within ${t} s)`, metrics: ['SERVICE_LEVEL'], unit: 'PERCENT' },
  { id: 'response-times', title: () => 'Response times', metrics: ['AVG_RESPONSE_TIME_AGENT', 'AVG_RESPONSE_TIME_CUSTOMER', 'AVG_FIRST_RESPONSE_TIME_AGENT'], unit: 'SECONDS' },
];

export const INTERVALS = [
  { value: 'HOUR', label: 'Hour' },
  { value: 'DAY', label: 'Day' },
  { value: 'TOTAL', label: 'Whole period' },
] as const;
export type IntervalPeriod = (typeof INTERVALS)[number]['value'];

export const GROUPINGS = [
  { value: '', label: 'None (all queues together)' },
  { value: 'QUEUE', label: 'Queue' },
  { value: 'CHANNEL', label: 'Channel' },
  { value: 'AGENT', label: 'Agent' },
] as const;
export type Grouping = (typeof GROUPINGS)[number]['value'];

/** The metrics a request may carry for a grouping. */
export const metricsFor = (grouping: Grouping): MetricName[] => METRICS.filter((m) => grouping !== 'AGENT' || m.perAgent).map((m) => m.name);
