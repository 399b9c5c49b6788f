import { type CsvCell, csvLine } from '../csv.js';
import { epochSeconds, isoTime } from '../time.js';
import type { ChatMetrics } from './chat-metrics.js';
import type { ContactRecord } from './record.js';

/** Every `…Timestamp` member, at any depth, converted with `f`; other members kept. */
function mapTimestamps(value: unknown, f: (ms: number) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapTimestamps(v, f));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k.endsWith('Timestamp') && typeof v === 'number' ? f(v) : mapTimestamps(v, f)]));
}

/**
 * The record as the contact record stream carries it (Kinesis/Firehose, records export,
 * webhooks): ISO-8601 UTC timestamps with milliseconds, absent members as null.
 */
export function streamRecord(r: ContactRecord, accountId: string): Record<string, unknown> {
  return {
    AWSAccountId: accountId,
    AWSContactTraceRecordFormatVersion: '2017-03-10',
    ...(mapTimestamps({ ...r, ChatMetrics: r.ChatMetrics }, isoTime) as object),
  };
}

/** Drops null and undefined members (the API omits what it does not know). */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, compact(v)])) as T;
}

/** ChatMetrics as DescribeContact shows it: the contact block is `ChatContactMetrics`, times in epoch seconds. */
export function apiChatMetrics(m: ChatMetrics): Record<string, unknown> {
  return compact(mapTimestamps({ ChatContactMetrics: m.ContactMetrics, AgentMetrics: m.AgentMetrics, CustomerMetrics: m.CustomerMetrics }, epochSeconds)) as Record<string, unknown>;
}

/** CSV columns of the records export: the members a spreadsheet user filters on, in a stable order. */
export const CSV_COLUMNS: [string, (r: ContactRecord) => CsvCell][] = [
  ['ContactId', (r) => r.ContactId],
  ['InitialContactId', (r) => r.InitialContactId],
  ['PreviousContactId', (r) => r.PreviousContactId],
  ['NextContactId', (r) => r.NextContactId],
  ['Channel', (r) => r.Channel],
  ['InitiationMethod', (r) => r.InitiationMethod],
  ['InitiationTimestamp', (r) => iso(r.InitiationTimestamp)],
  ['ConnectedToSystemTimestamp', (r) => iso(r.ConnectedToSystemTimestamp)],
  ['DisconnectTimestamp', (r) => iso(r.DisconnectTimestamp)],
  ['DisconnectReason', (r) => r.DisconnectReason],
  ['TransferCompletedTimestamp', (r) => iso(r.TransferCompletedTimestamp)],
  ['AgentConnectionAttempts', (r) => r.AgentConnectionAttempts],
  ['QueueName', (r) => r.Queue?.Name],
  ['QueueId', (r) => r.Queue?.Id],
  ['EnqueueTimestamp', (r) => iso(r.Queue?.EnqueueTimestamp)],
  ['DequeueTimestamp', (r) => iso(r.Queue?.DequeueTimestamp)],
  ['QueueDuration', (r) => r.Queue?.Duration],
  ['AgentUsername', (r) => r.Agent?.Username],
  ['AgentId', (r) => r.Agent?.Id],
  ['RoutingProfile', (r) => r.Agent?.RoutingProfile?.Name],
  ['ConnectedToAgentTimestamp', (r) => iso(r.Agent?.ConnectedToAgentTimestamp)],
  ['AgentInteractionDuration', (r) => r.Agent?.AgentInteractionDuration],
  ['AfterContactWorkDuration', (r) => r.Agent?.AfterContactWorkDuration],
  ['TotalMessages', (r) => r.ChatMetrics?.ContactMetrics.TotalMessages],
  ['TotalBotMessages', (r) => r.ChatMetrics?.ContactMetrics.TotalBotMessages],
  ['ConversationTurnCount', (r) => r.ChatMetrics?.ContactMetrics.ConversationTurnCount],
  ['AgentFirstResponseTimeInMillis', (r) => r.ChatMetrics?.ContactMetrics.AgentFirstResponseTimeInMillis],
  ['AgentMessages', (r) => r.ChatMetrics?.AgentMetrics?.MessagesSent],
  ['CustomerMessages', (r) => r.ChatMetrics?.CustomerMetrics?.MessagesSent],
  ['Attributes', (r) => (Object.keys(r.Attributes).length ? JSON.stringify(r.Attributes) : '')],
];

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : isoTime(ms));

export const csvHeader = (): string => CSV_COLUMNS.map(([name]) => name).join(',');
export const csvRow = (r: ContactRecord): string => csvLine(CSV_COLUMNS.map(([, get]) => get(r)));
