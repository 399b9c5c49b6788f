import type { Config } from '../../config.js';
import type { LoggedContactEvent } from '../../core/contact/events.js';
import type { ChatMetrics, ParticipantMetrics } from '../../core/metrics/chat-metrics.js';
import { isoTime } from '../../core/time.js';
import { arns } from '../arn.js';

/** What an event's body says about its contact segment, read from the store at enqueue time. */
export interface EventSubject {
  instanceId: string;
  contact: {
    id: string;
    chatId: string;
    previousContactId: string | null;
    relatedContactId: string | null;
    initiationMethod: string;
    channel: string;
    initiatedAt: number;
    segmentAttributes: Record<string, unknown>;
    /** The row's own record of these, for a segment whose first events the log no longer has (housekeeping). */
    queueId: string | null;
    enqueuedAt: number | null;
    agentId: string | null;
    connectedToAgentAt: number | null;
    disconnectedAt: number | null;
    disconnectReason: string | null;
  };
  customerId: string | null;
  attributes: Record<string, string>;
  /** When the chat's customer first connected (any segment); a later segment is connected from its start. */
  customerConnectedAt: number | null;
  /** Which of the queue ids in the history are standard queues (the others are agent queues). */
  standardQueueIds: ReadonlySet<string>;
  /** The segment's ChatMetrics, for DISCONNECTED and COMPLETED. */
  chatMetrics: ChatMetrics | null;
}

/** A segment's QUEUED, CONNECTED_TO_AGENT and DISCONNECTED as its row tells them, when the log has forgotten them. */
function rowHistory({ contact: c }: EventSubject): LoggedContactEvent[] {
  const at = { seq: 0, contactId: c.id };
  const out: LoggedContactEvent[] = [];
  if (c.queueId && c.enqueuedAt !== null) out.push({ ...at, at: c.enqueuedAt, type: 'QUEUED', queueId: c.queueId });
  if (c.agentId && c.connectedToAgentAt !== null) out.push({ ...at, at: c.connectedToAgentAt, type: 'CONNECTED_TO_AGENT', agentId: c.agentId, routingProfileId: null });
  if (c.disconnectedAt !== null) out.push({ ...at, at: c.disconnectedAt, type: 'DISCONNECTED', reason: c.disconnectReason ?? '', state: 'ENDED', transferred: false });
  return out;
}

/** EventBridge's `time`: whole seconds. */
const eventTime = (ms: number) => isoTime(ms).replace(/\.\d{3}Z$/, 'Z');

/**
 * The body of a contact event, in Amazon Connect's EventBridge shape ("Amazon Connect Contact
 * Event", detail fields in camelCase as Connect emits them). `history` is the segment's events up
 * to and including `event`, in order: every field says what was true when the event happened, so
 * later changes never alter an event already enqueued. docs/webhooks.md lists the fields filled.
 */
export function contactEventBody(config: Pick<Config, 'region' | 'accountId'>, eventId: string, s: EventSubject, history: readonly LoggedContactEvent[], event: LoggedContactEvent): string {
  const a = arns(config);
  const c = s.contact;
  let queueInfo: Record<string, unknown> | undefined;
  let agentInfo: Record<string, unknown> | undefined;
  let connectedToSystem: number | null = null;
  let disconnect: { at: number; reason: string } | null = null;
  let acwStart: number | null = null;
  const fold = history[0]?.type === 'INITIATED' ? history : [...rowHistory(s), ...history];
  for (const e of fold) {
    if (e.type === 'CONNECTED_TO_SYSTEM') connectedToSystem ??= e.at;
    if (e.type === 'QUEUED') {
      const standard = s.standardQueueIds.has(e.queueId);
      queueInfo = { queueArn: standard ? a.queue(s.instanceId, e.queueId) : a.agentQueue(s.instanceId, e.queueId), queueType: standard ? 'STANDARD' : 'AGENT', enqueueTimestamp: isoTime(e.at) };
    }
    if (e.type === 'CONNECTED_TO_AGENT') agentInfo = { agentArn: a.user(s.instanceId, e.agentId), connectedToAgentTimestamp: isoTime(e.at) };
    if (e.type === 'DISCONNECTED') disconnect = { at: e.at, reason: e.reason };
    if (e.type === 'AFTER_CONTACT_WORK' && agentInfo) {
      acwStart = e.at;
      agentInfo.afterContactWorkStartTimestamp = isoTime(e.at);
    }
    if (e.type === 'AFTER_CONTACT_WORK_ENDED' && agentInfo && acwStart !== null) {
      agentInfo.afterContactWorkEndTimestamp = isoTime(e.at);
      agentInfo.afterContactWorkDuration = Math.max(0, Math.floor((e.at - acwStart) / 1000));
    }
  }
  // The customer's first connection is logged on the chat's first segment only.
  const cts = s.customerConnectedAt;
  if (connectedToSystem === null && cts !== null && cts <= event.at) connectedToSystem = Math.max(cts, c.initiatedAt);
  const ended = event.type === 'DISCONNECTED' || event.type === 'COMPLETED';
  const detail = {
    eventType: event.type,
    contactId: c.id,
    initialContactId: c.chatId,
    ...(c.previousContactId ? { previousContactId: c.previousContactId } : {}),
    ...(c.relatedContactId ? { relatedContactId: c.relatedContactId } : {}),
    channel: c.channel,
    instanceArn: a.instance(s.instanceId),
    initiationMethod: c.initiationMethod,
    initiationTimestamp: isoTime(c.initiatedAt),
    ...(connectedToSystem !== null ? { connectedToSystemTimestamp: isoTime(connectedToSystem) } : {}),
    ...(disconnect ? { disconnectTimestamp: isoTime(disconnect.at), disconnectReason: disconnect.reason } : {}),
    ...(queueInfo ? { queueInfo } : {}),
    ...(agentInfo ? { agentInfo } : {}),
    ...(s.customerId ? { customerId: s.customerId } : {}),
    ...(Object.keys(c.segmentAttributes).length ? { segmentAttributes: c.segmentAttributes } : {}),
    ...(ended && s.chatMetrics ? { chatMetrics: eventChatMetrics(s.chatMetrics) } : {}),
    tags: { 'aws:connect:instanceId': s.instanceId },
    attributes: s.attributes,
  };
  return JSON.stringify({
    version: '0',
    id: eventId,
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    account: config.accountId,
    time: eventTime(event.at),
    region: config.region,
    resources: [a.contact(s.instanceId, c.id), a.instance(s.instanceId)],
    detail,
  });
}

/** ChatMetrics as the event detail names them (ChatContactMetrics, camelCase fields, ISO timestamps). */
function eventChatMetrics(m: ChatMetrics) {
  const c = m.ContactMetrics;
  const participant = (p: ParticipantMetrics | null) =>
    p && {
      participantId: p.ParticipantId,
      participantType: p.ParticipantType,
      conversationAbandon: p.ConversationAbandon,
      messagesSent: p.MessagesSent,
      numResponses: p.NumResponses,
      messageLengthInChars: p.MessageLengthInChars,
      totalResponseTimeInMillis: p.TotalResponseTimeInMillis,
      maxResponseTimeInMillis: p.MaxResponseTimeInMillis,
      ...(p.LastMessageTimestamp !== null ? { lastMessageTimestamp: isoTime(p.LastMessageTimestamp) } : {}),
    };
  return {
    chatContactMetrics: {
      multiParty: c.MultiParty,
      totalMessages: c.TotalMessages,
      totalBotMessages: c.TotalBotMessages,
      totalBotMessageLengthInChars: c.TotalBotMessageLengthInChars,
      ...(c.ConversationCloseTimeInMillis !== null ? { conversationCloseTimeInMillis: c.ConversationCloseTimeInMillis } : {}),
      conversationTurnCount: c.ConversationTurnCount,
      ...(c.AgentFirstResponseTimestamp !== null ? { agentFirstResponseTimestamp: isoTime(c.AgentFirstResponseTimestamp) } : {}),
      ...(c.AgentFirstResponseTimeInMillis !== null ? { agentFirstResponseTimeInMillis: c.AgentFirstResponseTimeInMillis } : {}),
    },
    ...(m.AgentMetrics ? { agentMetrics: participant(m.AgentMetrics) } : {}),
    ...(m.CustomerMetrics ? { customerMetrics: participant(m.CustomerMetrics) } : {}),
  };
}
