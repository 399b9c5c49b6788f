import type { BotFact, OfferFact } from './historical-facts.js';
import type { ContactRecord, StoredRecord } from './record.js';

/**
 * The historical metric formulas (metrics.md §3.4), pure: each takes the facts already selected
 * for one result (interval, group, filters) and gives a number, or null when it cannot be
 * computed (no denominator). Averages over contacts are ratios of sums. Times are seconds.
 */

export interface Threshold {
  Comparison: string;
  ThresholdValue: number;
}
export interface MetricFilter {
  MetricFilterKey: string;
  MetricFilterValues: string[];
  Negate?: boolean;
}
/** A metric as requested (and echoed back in the answer). */
export interface RequestedMetric {
  Name: string;
  Threshold?: Threshold[];
  MetricFilters?: MetricFilter[];
}

type Value = number | null;

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const avg = (xs: readonly number[]): Value => (xs.length ? sum(xs) / xs.length : null);
const pct = (num: number, den: number): Value => (den ? (num / den) * 100 : null);
const ratio = (num: number, den: number): Value => (den ? num / den : null);
const secs = (ms: number): number => ms / 1000;
const present = <T>(xs: readonly (T | null | undefined)[]): T[] => xs.filter((x): x is T => x !== null && x !== undefined);

/** Connect's IN_QUEUE pre-disconnect state: waiting, or ringing at an agent (the contact stays in queue until accepted). */
export const inQueueAtEnd = (s: StoredRecord): boolean => s.facts.preDisconnectState === 'QUEUED' || s.facts.preDisconnectState === 'OFFERED';
const queued = (s: StoredRecord): boolean => s.record.Queue !== null;
const handled = (s: StoredRecord): boolean => s.record.Agent !== null;
const transferredOut = (s: StoredRecord): boolean => s.record.TransferCompletedTimestamp !== null;

/**
 * Abandoned (metrics.md §4.1): enqueued, never connected to an agent, no next contact, and not
 * transferred out of the queue. The shape of the record decides, not its DisconnectReason.
 */
export const abandoned = (s: StoredRecord): boolean => queued(s) && !handled(s) && s.record.NextContactId === null && !(inQueueAtEnd(s) && transferredOut(s));

/** Queue.Duration compared with the metric's threshold (LT, LTE or GT). */
function within(r: ContactRecord, t: Threshold | undefined): boolean {
  const d = r.Queue?.Duration;
  if (d === null || d === undefined || !t) return false;
  if (t.Comparison === 'LTE') return d <= t.ThresholdValue;
  if (t.Comparison === 'GT') return d > t.ThresholdValue;
  return d < t.ThresholdValue;
}

/** Interaction + hold + after-contact work of a record; null when none of them is known. */
function handleTime(r: ContactRecord): Value {
  const a = r.Agent;
  if (!a) return null;
  const parts = [a.AgentInteractionDuration, a.CustomerHoldDuration, a.AfterContactWorkDuration];
  return parts.every((p) => p === null) ? null : sum(present(parts));
}

const interaction = (rs: readonly StoredRecord[]) => present(rs.filter(handled).map((s) => s.record.Agent!.AgentInteractionDuration));
/** 0 for a handled contact without after-contact work (metrics.md §3.4). */
const acw = (rs: readonly StoredRecord[]) => rs.filter(handled).map((s) => s.record.Agent!.AfterContactWorkDuration ?? 0);
const queueTimes = (rs: readonly StoredRecord[]) => present(rs.map((s) => s.record.Queue?.Duration));
const chats = (rs: readonly StoredRecord[]) => present(rs.map((s) => s.record.ChatMetrics));
const agents = (rs: readonly StoredRecord[]) => present(chats(rs).map((c) => c.AgentMetrics));
const customers = (rs: readonly StoredRecord[]) => present(chats(rs).map((c) => c.CustomerMetrics));
const disconnected = (s: StoredRecord): boolean => s.record.DisconnectTimestamp !== null;
const interactionAndHold = (a: NonNullable<ContactRecord['Agent']>): Value => (a.AgentInteractionDuration === null ? null : a.AgentInteractionDuration + a.CustomerHoldDuration);
/** From initiation to the later of disconnect and the end of after-contact work. */
const resolutionTime = (r: ContactRecord): number => Math.max(0, secs(Math.max(r.Agent?.AfterContactWorkEndTimestamp ?? 0, r.DisconnectTimestamp!) - r.InitiationTimestamp));
/** The agent's first message measured from when the contact entered the queue (not from when the agent joined). */
function firstResponseSinceEnqueue(r: ContactRecord): Value {
  const first = r.ChatMetrics?.ContactMetrics.AgentFirstResponseTimestamp ?? null;
  return first !== null && r.Queue ? secs(first - r.Queue.EnqueueTimestamp) : null;
}
const FLOW_TIME_METHODS = ['INBOUND', 'TRANSFER', 'QUEUE_TRANSFER', 'API'];

/** Time in flows before the queue (or the transfer, or the end), for the initiation methods Connect counts. */
function flowTime(r: ContactRecord): number {
  if (!FLOW_TIME_METHODS.includes(r.InitiationMethod) || r.ConnectedToSystemTimestamp === null) return 0;
  const until = r.Queue?.EnqueueTimestamp ?? r.TransferCompletedTimestamp ?? r.DisconnectTimestamp;
  return until === null ? 0 : Math.max(0, secs(until - r.ConnectedToSystemTimestamp));
}

type RecordFormula = (rs: readonly StoredRecord[], t: Threshold | undefined) => Value;

export const RECORD_FORMULAS: Record<string, RecordFormula> = {
  CONTACTS_CREATED: (rs) => rs.length,
  CONTACTS_QUEUED: (rs) => rs.filter(queued).length,
  CONTACTS_QUEUED_BY_ENQUEUE: (rs) => rs.filter(queued).length,
  CONTACTS_HANDLED: (rs) => rs.filter(handled).length,
  CONTACTS_HANDLED_BY_CONNECTED_TO_AGENT: (rs) => rs.filter(handled).length,
  CONTACTS_ABANDONED: (rs) => rs.filter(abandoned).length,
  ABANDONMENT_RATE: (rs) => pct(rs.filter(abandoned).length, rs.filter(queued).length),
  SUM_CONTACTS_ABANDONED_IN_X: (rs, t) => rs.filter((s) => abandoned(s) && within(s.record, t)).length,
  SUM_CONTACTS_ANSWERED_IN_X: (rs, t) => rs.filter((s) => handled(s) && queued(s) && within(s.record, t)).length,
  CONTACTS_REMOVED_FROM_QUEUE_IN_X: (rs, t) => rs.filter((s) => queued(s) && within(s.record, t)).length,
  // Abandons within X count as in service level, as in Connect.
  SERVICE_LEVEL: (rs, t) => pct(rs.filter((s) => queued(s) && within(s.record, t)).length, rs.filter(queued).length),
  SUM_CONTACTS_DISCONNECTED: (rs) => rs.filter(inQueueAtEnd).length,
  CONTACTS_TRANSFERRED_OUT: (rs) => rs.filter(transferredOut).length,
  CONTACTS_TRANSFERRED_OUT_BY_AGENT: (rs) => rs.filter((s) => transferredOut(s) && handled(s)).length,
  CONTACTS_TRANSFERRED_OUT_FROM_QUEUE: (rs) => rs.filter((s) => transferredOut(s) && inQueueAtEnd(s)).length,
  AVG_QUEUE_ANSWER_TIME: (rs) => avg(queueTimes(rs.filter(handled))),
  AVG_ABANDON_TIME: (rs) => avg(queueTimes(rs.filter(abandoned))),
  MAX_QUEUED_TIME: (rs) => (queueTimes(rs).length ? Math.max(...queueTimes(rs)) : null),
  AVG_HANDLE_TIME: (rs) => avg(present(rs.map((s) => handleTime(s.record)))),
  SUM_HANDLE_TIME: (rs) => sum(present(rs.map((s) => handleTime(s.record)))),
  AVG_INTERACTION_TIME: (rs) => avg(interaction(rs)),
  SUM_INTERACTION_TIME: (rs) => sum(interaction(rs)),
  AVG_INTERACTION_AND_HOLD_TIME: (rs) => avg(present(rs.filter(handled).map((s) => interactionAndHold(s.record.Agent!)))),
  AVG_AFTER_CONTACT_WORK_TIME: (rs) => avg(acw(rs)),
  SUM_AFTER_CONTACT_WORK_TIME: (rs) => sum(acw(rs)),
  AVG_HOLD_TIME: (rs) => avg(rs.filter(handled).map((s) => s.record.Agent!.CustomerHoldDuration)),
  AVG_CONTACT_DURATION: (rs) => avg(rs.filter(disconnected).map((s) => secs(s.record.DisconnectTimestamp! - s.record.InitiationTimestamp))),
  AVG_RESOLUTION_TIME: (rs) => avg(rs.filter(disconnected).map((s) => resolutionTime(s.record))),
  SUM_CONTACT_FLOW_TIME: (rs) => sum(rs.map((s) => flowTime(s.record))),
  AVG_FIRST_RESPONSE_TIME_AGENT: (rs) => avg(present(chats(rs).map((c) => c.ContactMetrics.AgentFirstResponseTimeInMillis)).map(secs)),
  AVG_CONTACT_FIRST_RESPONSE_TIME_AGENT: (rs) => avg(present(rs.map((s) => firstResponseSinceEnqueue(s.record)))),
  AVG_RESPONSE_TIME_AGENT: (rs) => ratio(secs(sum(agents(rs).map((m) => m.TotalResponseTimeInMillis))), sum(agents(rs).map((m) => m.NumResponses))),
  AVG_RESPONSE_TIME_CUSTOMER: (rs) => ratio(secs(sum(customers(rs).map((m) => m.TotalResponseTimeInMillis))), sum(customers(rs).map((m) => m.NumResponses))),
  AVG_MESSAGES: (rs) => avg(chats(rs).map((c) => c.ContactMetrics.TotalMessages)),
  AVG_MESSAGES_AGENT: (rs) => avg(agents(rs).map((m) => m.MessagesSent)),
  AVG_MESSAGES_CUSTOMER: (rs) => avg(customers(rs).map((m) => m.MessagesSent)),
  AVG_MESSAGES_BOT: (rs) => avg(chats(rs).map((c) => c.ContactMetrics.TotalBotMessages)),
  AVG_MESSAGE_LENGTH_AGENT: (rs) => ratio(sum(agents(rs).map((m) => m.MessageLengthInChars)), sum(agents(rs).map((m) => m.MessagesSent))),
  AVG_MESSAGE_LENGTH_CUSTOMER: (rs) => ratio(sum(customers(rs).map((m) => m.MessageLengthInChars)), sum(customers(rs).map((m) => m.MessagesSent))),
  AVG_CONVERSATION_CLOSE_TIME: (rs) => avg(present(chats(rs).map((c) => c.ContactMetrics.ConversationCloseTimeInMillis)).map(secs)),
  CONVERSATIONS_ABANDONED: (rs) => chats(rs).filter((c) => c.AgentMetrics?.ConversationAbandon || c.CustomerMetrics?.ConversationAbandon).length,
};

const NON_RESPONSE: readonly (string | null)[] = ['MISSED', 'REJECTED', 'WITHDRAWN'];
const ended = (os: readonly OfferFact[]) => os.filter((o) => o.outcome !== null && o.endedAt !== null);

export const OFFER_FORMULAS: Record<string, (os: readonly OfferFact[]) => Value> = {
  // Every routing attempt not answered, the customer leaving during the offer included.
  AGENT_NON_RESPONSE: (os) => os.filter((o) => NON_RESPONSE.includes(o.outcome)).length,
  AGENT_ANSWER_RATE: (os) => pct(os.filter((o) => o.outcome === 'ACCEPTED').length, ended(os).length),
  // From ringing to accepted, missed, rejected or withdrawn.
  AVG_AGENT_CONNECTING_TIME: (os) => avg(ended(os).map((o) => secs(o.endedAt! - o.at))),
};

export const BOT_FORMULAS: Record<string, (bs: readonly BotFact[]) => Value> = {
  BOT_CONVERSATIONS_COMPLETED: (bs) => bs.length,
};

/** The values of a record for a metric-level filter key (INITIATION_METHOD, DISCONNECT_REASON; FEATURE: none). */
function recordFilterValue(r: ContactRecord, key: string): string | null {
  if (key === 'INITIATION_METHOD') return r.InitiationMethod;
  if (key === 'DISCONNECT_REASON') return r.DisconnectReason;
  return null;
}

/** Keeps what every metric-level filter matches (with Negate, what it does not). */
export function applyMetricFilters<T>(facts: readonly T[], filters: readonly MetricFilter[] | undefined, valueOf: (f: T, key: string) => string | null): T[] {
  return facts.filter((f) => (filters ?? []).every((m) => m.MetricFilterValues.includes(valueOf(f, m.MetricFilterKey) ?? '\u0000') !== (m.Negate ?? false)));
}

/** One metric's value over records already selected for its interval and group. */
export function recordMetric(m: RequestedMetric, records: readonly StoredRecord[]): Value {
  const rs = applyMetricFilters(records, m.MetricFilters, (s, k) => recordFilterValue(s.record, k));
  return RECORD_FORMULAS[m.Name](rs, m.Threshold?.[0]);
}

export function offerMetric(m: RequestedMetric, offers: readonly OfferFact[]): Value {
  return OFFER_FORMULAS[m.Name](applyMetricFilters(offers, m.MetricFilters, (o, k) => (k === 'INITIATION_METHOD' ? o.initiationMethod : null)));
}

export function botMetric(m: RequestedMetric, bots: readonly BotFact[]): Value {
  return BOT_FORMULAS[m.Name](applyMetricFilters(bots, m.MetricFilters, (b, k) => (k === 'BOT_CONVERSATION_OUTCOME_TYPE' ? b.outcome : null)));
}
