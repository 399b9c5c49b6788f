/**
 * The GetMetricDataV2 metrics Parley computes (metrics.md §3.4), each with its unit, the filter
 * and grouping keys the Connect model allows for it, its metric-level filter keys, whether it takes
 * a Threshold, and which facts it is computed from and by which time they land in an interval
 * (metrics.md §3.1): a contact record by its disconnect, enqueue or connected-to-agent time, an
 * offer by the time it was made, a bot conversation by the time it ended.
 */

export const SUBTYPE_KEY = 'contact/segmentAttributes/connect:Subtype';
export const HIERARCHY_KEYS = ['AGENT_HIERARCHY_LEVEL_ONE', 'AGENT_HIERARCHY_LEVEL_TWO', 'AGENT_HIERARCHY_LEVEL_THREE', 'AGENT_HIERARCHY_LEVEL_FOUR', 'AGENT_HIERARCHY_LEVEL_FIVE'] as const;
/** Filters that name Connect resources: a request needs at least one (for flow-driven metrics, the flow). */
export const RESOURCE_FILTER_KEYS: readonly string[] = ['QUEUE', 'ROUTING_PROFILE', 'AGENT', ...HIERARCHY_KEYS, 'CAMPAIGN', 'EVALUATION_FORM', 'EVALUATOR_ID'];
/** Keys that filter but never group (FEATURE), as the model notes. */
export const FILTER_ONLY_KEYS: readonly string[] = ['FEATURE'];

export type MetricSource = 'disconnect' | 'enqueue' | 'connect' | 'offer' | 'bot';
export type MetricUnit = 'COUNT' | 'SECONDS' | 'PERCENT';

export interface MetricDefinition {
  unit: MetricUnit;
  source: MetricSource;
  /** Filter and grouping keys (FEATURE only filters). */
  keys: readonly string[];
  metricFilters: readonly string[];
  threshold: boolean;
}

const Q = 'QUEUE';
const Ch = 'CHANNEL';
const RP = 'ROUTING_PROFILE';
const Ag = 'AGENT';
const AH = HIERARCHY_KEYS;
const Feat = 'FEATURE';
const Sub = SUBTYPE_KEY;
const RSE = 'ROUTING_STEP_EXPRESSION';
const QiC = 'Q_CONNECT_ENABLED';
const IM = 'INITIATION_METHOD';
const DR = 'DISCONNECT_REASON';

const def = (unit: MetricUnit, keys: readonly string[], more: Partial<Omit<MetricDefinition, 'unit' | 'keys'>> = {}): MetricDefinition => ({
  unit,
  keys,
  source: more.source ?? 'disconnect',
  metricFilters: more.metricFilters ?? [],
  threshold: more.threshold ?? false,
});

const AGENTS = [Q, Ch, RP, Ag, ...AH];
const QUEUE_WIDE = [Q, Ch, RP, Ag, ...AH, Sub, QiC];
const IN_X = [Q, Ch, RP, Sub, QiC];
const CHAT = [Ag, ...AH, Ch, Sub, DR, Feat, RSE, IM, RP, Q, QiC];

export const HISTORICAL_METRICS = {
  CONTACTS_CREATED: def('COUNT', [Q, Ch, RP, Feat, Sub, QiC], { metricFilters: [IM] }),
  CONTACTS_QUEUED: def('COUNT', QUEUE_WIDE),
  CONTACTS_QUEUED_BY_ENQUEUE: def('COUNT', [Q, Ch, Ag, ...AH, Sub], { source: 'enqueue' }),
  CONTACTS_HANDLED: def('COUNT', [...AGENTS, Feat, Sub, RSE, QiC], { metricFilters: [IM, DR] }),
  CONTACTS_HANDLED_BY_CONNECTED_TO_AGENT: def('COUNT', [Q, Ch, Ag, ...AH, Sub, QiC], { source: 'connect', metricFilters: [IM] }),
  CONTACTS_ABANDONED: def('COUNT', [...AGENTS, Sub, RSE, QiC], { metricFilters: [IM] }),
  ABANDONMENT_RATE: def('PERCENT', [...AGENTS, Feat, Sub, QiC]),
  SUM_CONTACTS_ABANDONED_IN_X: def('COUNT', IN_X, { threshold: true }),
  SUM_CONTACTS_ANSWERED_IN_X: def('COUNT', IN_X, { threshold: true }),
  CONTACTS_REMOVED_FROM_QUEUE_IN_X: def('COUNT', [Q, Ch, RP, QiC], { threshold: true }),
  SERVICE_LEVEL: def('PERCENT', [Q, Ch, RP, QiC], { threshold: true }),
  SUM_CONTACTS_DISCONNECTED: def('COUNT', QUEUE_WIDE, { metricFilters: [DR] }),
  CONTACTS_TRANSFERRED_OUT: def('COUNT', [...AGENTS, Feat, Sub, QiC]),
  CONTACTS_TRANSFERRED_OUT_BY_AGENT: def('COUNT', QUEUE_WIDE),
  CONTACTS_TRANSFERRED_OUT_FROM_QUEUE: def('COUNT', QUEUE_WIDE),
  AGENT_NON_RESPONSE: def('COUNT', AGENTS, { source: 'offer' }),
  AGENT_ANSWER_RATE: def('PERCENT', AGENTS, { source: 'offer' }),
  AVG_AGENT_CONNECTING_TIME: def('SECONDS', AGENTS, { source: 'offer', metricFilters: [IM] }),
  AVG_QUEUE_ANSWER_TIME: def('SECONDS', [Q, Ch, RP, Feat, Sub, QiC], { metricFilters: [IM, Feat, DR] }),
  AVG_ABANDON_TIME: def('SECONDS', [...AGENTS, Feat, Sub, QiC], { metricFilters: [IM] }),
  MAX_QUEUED_TIME: def('SECONDS', QUEUE_WIDE),
  AVG_HANDLE_TIME: def('SECONDS', [...AGENTS, Feat, Sub, RSE]),
  SUM_HANDLE_TIME: def('SECONDS', [...AGENTS, QiC]),
  AVG_INTERACTION_TIME: def('SECONDS', [Q, Ch, RP, Feat, Sub, QiC], { metricFilters: [IM] }),
  SUM_INTERACTION_TIME: def('SECONDS', AGENTS),
  AVG_INTERACTION_AND_HOLD_TIME: def('SECONDS', QUEUE_WIDE),
  AVG_AFTER_CONTACT_WORK_TIME: def('SECONDS', [...AGENTS, Feat, Sub, QiC], { metricFilters: [IM] }),
  SUM_AFTER_CONTACT_WORK_TIME: def('SECONDS', [...AGENTS, QiC]),
  AVG_HOLD_TIME: def('SECONDS', [...AGENTS, Feat, Sub, QiC]),
  AVG_CONTACT_DURATION: def('SECONDS', [...AGENTS, Feat, Sub, QiC]),
  AVG_RESOLUTION_TIME: def('SECONDS', [Q, Ch, RP, Sub, QiC]),
  SUM_CONTACT_FLOW_TIME: def('SECONDS', [...AGENTS, QiC]),
  AVG_FIRST_RESPONSE_TIME_AGENT: def('SECONDS', CHAT),
  AVG_CONTACT_FIRST_RESPONSE_TIME_AGENT: def('SECONDS', CHAT),
  AVG_RESPONSE_TIME_AGENT: def('SECONDS', CHAT),
  AVG_RESPONSE_TIME_CUSTOMER: def('SECONDS', CHAT),
  AVG_MESSAGES: def('COUNT', CHAT),
  AVG_MESSAGES_AGENT: def('COUNT', CHAT),
  AVG_MESSAGES_CUSTOMER: def('COUNT', CHAT),
  AVG_MESSAGES_BOT: def('COUNT', CHAT),
  AVG_MESSAGE_LENGTH_AGENT: def('COUNT', CHAT),
  AVG_MESSAGE_LENGTH_CUSTOMER: def('COUNT', CHAT),
  AVG_CONVERSATION_CLOSE_TIME: def('SECONDS', CHAT),
  CONVERSATIONS_ABANDONED: def('COUNT', CHAT),
  BOT_CONVERSATIONS_COMPLETED: def('COUNT', [Ch, Sub, IM, 'FLOWS_RESOURCE_ID'], { source: 'bot', metricFilters: ['BOT_CONVERSATION_OUTCOME_TYPE'] }),
} satisfies Record<string, MetricDefinition>;

export type HistoricalMetricName = keyof typeof HISTORICAL_METRICS;
export const HISTORICAL_METRIC_NAMES = Object.keys(HISTORICAL_METRICS) as HistoricalMetricName[];
export const isHistoricalMetric = (name: string): name is HistoricalMetricName => Object.hasOwn(HISTORICAL_METRICS, name);

/** Values a metric-level filter may take where Connect fixes them. */
export const METRIC_FILTER_VALUES: Record<string, readonly string[]> = {
  BOT_CONVERSATION_OUTCOME_TYPE: ['SUCCESS', 'FAILED', 'DROPPED'],
};
/** AVG_AGENT_CONNECTING_TIME takes only these initiation methods, and no Negate (the model's note). */
export const CONNECTING_TIME_METHODS = ['INBOUND', 'OUTBOUND', 'CALLBACK', 'API'];
export const METRIC_CHANNELS = ['VOICE', 'CHAT', 'TASK', 'EMAIL'];
/** Threshold bounds of the *_IN_X metrics and SERVICE_LEVEL (seconds). */
export const THRESHOLD_RANGE = { min: 1, max: 604_800 } as const;
export const MAX_SERVICE_LEVELS = 20;
