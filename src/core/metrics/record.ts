import type { ContactState } from '../contact/contact-state.js';
import type { LoggedContactEvent, OfferOutcome } from '../contact/events.js';
import { chatMetrics, type ChatMetrics, type MessageItem } from './chat-metrics.js';

/** A named resource as records show it. */
export interface Ref {
  Id: string;
  ARN: string;
  Name: string;
}

/**
 * The contact record of one segment (metrics.md §1.2–1.5) in the CTR's field names, with every
 * timestamp as epoch milliseconds (null when absent): the presenters turn it into the stream's
 * ISO strings (records export, webhooks) or the API's epoch seconds (DescribeContact).
 */
export interface ContactRecord {
  ContactId: string;
  InitialContactId: string;
  PreviousContactId: string | null;
  NextContactId: string | null;
  RelatedContactId: string | null;
  InstanceARN: string;
  Channel: string;
  InitiationMethod: string;
  Name: string | null;
  Description: string | null;
  CustomerId: string | null;
  InitiationTimestamp: number;
  ConnectedToSystemTimestamp: number | null;
  DisconnectTimestamp: number | null;
  DisconnectReason: string | null;
  TransferCompletedTimestamp: number | null;
  LastUpdateTimestamp: number;
  AgentConnectionAttempts: number;
  Queue: { ARN: string; Id: string; Name: string; EnqueueTimestamp: number; DequeueTimestamp: number | null; Duration: number | null } | null;
  Agent: {
    ARN: string;
    Id: string;
    Username: string;
    ConnectedToAgentTimestamp: number;
    AgentInteractionDuration: number | null;
    CustomerHoldDuration: number;
    NumberOfHolds: number;
    LongestHoldDuration: number;
    AfterContactWorkStartTimestamp: number | null;
    AfterContactWorkEndTimestamp: number | null;
    AfterContactWorkDuration: number | null;
    RoutingProfile: Ref | null;
  } | null;
  Attributes: Record<string, string>;
  SegmentAttributes: Record<string, unknown>;
  MediaStreams: { Type: string }[];
  ChatMetrics: ChatMetrics | null;
}

/** What metrics need beyond the record (Connect keeps these internally too, metrics.md §1.8). */
export interface RecordFacts {
  /** The segment's state when it was disconnected (PreDisconnectState). */
  preDisconnectState: ContactState | null;
  /** Every offer to an agent: when, to whom, and how it ended (null: it connected, or still rings). */
  offers: { agentId: string; at: number; outcome: OfferOutcome | null; endedAt: number | null }[];
  /** COMPLETED was recorded: the record will not change any more except for data updates. */
  completed: boolean;
}

export interface StoredRecord {
  record: ContactRecord;
  facts: RecordFacts;
}

/** Everything a record is made of, read from the store by app/contacts/records.ts. */
export interface RecordSource {
  contact: {
    id: string;
    initialContactId: string;
    previousContactId: string | null;
    nextContactId: string | null;
    relatedContactId: string | null;
    initiationMethod: string;
    channel: string;
    name: string | null;
    description: string | null;
    initiatedAt: number;
    updatedAt: number;
    disconnectedAt: number | null;
    disconnectReason: string | null;
    segmentAttributes: Record<string, unknown>;
    /** The segment's queue and agent as its row has them: what a record falls back on when the log lacks its early events (a contact older than the log). */
    queueId: string | null;
    enqueuedAt: number | null;
    connectedToAgentAt: number | null;
  };
  instanceArn: string;
  customerId: string | null;
  attributes: Record<string, string>;
  /** When the customer's participant first connected (any segment of the chat). */
  customerConnectedAt: number | null;
  events: readonly LoggedContactEvent[];
  messages: readonly MessageItem[];
  queue: Ref | null;
  agent: (Ref & { username: string }) | null;
  routingProfile: Ref | null;
}

const wholeSeconds = (from: number, to: number): number => Math.max(0, Math.floor((to - from) / 1000));

/** Folds a segment's events and transcript into its contact record. Pure. */
export function buildRecord(src: RecordSource): StoredRecord {
  const c = src.contact;
  const ev = src.events;
  const first = <T extends LoggedContactEvent['type']>(t: T) => ev.find((e) => e.type === t) as Extract<LoggedContactEvent, { type: T }> | undefined;
  // A contact older than its log (made before the log existed) still shows its queue and agent from its row.
  const queued = first('QUEUED') ?? (c.queueId !== null && c.enqueuedAt !== null ? { at: c.enqueuedAt } : undefined);
  const connected = first('CONNECTED_TO_AGENT') ?? (src.agent && c.connectedToAgentAt !== null ? { at: c.connectedToAgentAt } : undefined);
  const disconnected = first('DISCONNECTED');
  const acw = first('AFTER_CONTACT_WORK');
  const completed = first('COMPLETED');
  const disconnectAt = disconnected?.at ?? c.disconnectedAt;
  const dequeueAt = connected?.at ?? (queued ? (disconnectAt ?? null) : null);
  const agentEnd = acw?.at ?? disconnectAt;
  const cleared = ev.find((e) => e.type === 'AFTER_CONTACT_WORK_ENDED' && acw !== undefined && e.at >= acw.at);
  const acwEnd = acw ? (cleared?.at ?? null) : null;
  const cts = src.customerConnectedAt;
  const offers: RecordFacts['offers'] = [];
  for (const e of ev) {
    if (e.type === 'OFFERED') offers.push({ agentId: e.agentId, at: e.at, outcome: null, endedAt: null });
    if (e.type === 'OFFER_ENDED') {
      const o = [...offers].reverse().find((x) => x.agentId === e.agentId && x.endedAt === null);
      if (o) Object.assign(o, { outcome: e.outcome, endedAt: e.at });
    }
  }
  const record: ContactRecord = {
    ContactId: c.id,
    InitialContactId: c.initialContactId,
    PreviousContactId: c.previousContactId,
    NextContactId: c.nextContactId,
    RelatedContactId: c.relatedContactId,
    InstanceARN: src.instanceArn,
    Channel: c.channel,
    InitiationMethod: c.initiationMethod,
    Name: c.name,
    Description: c.description,
    CustomerId: src.customerId,
    InitiationTimestamp: c.initiatedAt,
    // A later segment finds its customer connected already: it is connected from its start.
    ConnectedToSystemTimestamp: cts !== null && (disconnectAt === null || cts <= disconnectAt) ? Math.max(cts, c.initiatedAt) : null,
    DisconnectTimestamp: disconnectAt,
    DisconnectReason: disconnected?.reason ?? c.disconnectReason,
    TransferCompletedTimestamp: disconnected?.transferred ? disconnected.at : null,
    LastUpdateTimestamp: Math.max(c.updatedAt, ev.at(-1)?.at ?? 0),
    AgentConnectionAttempts: offers.length,
    Queue:
      queued && src.queue
        ? { ARN: src.queue.ARN, Id: src.queue.Id, Name: src.queue.Name, EnqueueTimestamp: queued.at, DequeueTimestamp: dequeueAt, Duration: dequeueAt === null ? null : wholeSeconds(queued.at, dequeueAt) }
        : null,
    Agent:
      connected && src.agent
        ? {
            ARN: src.agent.ARN,
            Id: src.agent.Id,
            Username: src.agent.username,
            ConnectedToAgentTimestamp: connected.at,
            AgentInteractionDuration: agentEnd === null ? null : wholeSeconds(connected.at, agentEnd),
            CustomerHoldDuration: 0,
            NumberOfHolds: 0,
            LongestHoldDuration: 0,
            AfterContactWorkStartTimestamp: acw?.at ?? null,
            AfterContactWorkEndTimestamp: acwEnd,
            AfterContactWorkDuration: acw && acwEnd !== null ? wholeSeconds(acw.at, acwEnd) : null,
            RoutingProfile: src.routingProfile,
          }
        : null,
    Attributes: src.attributes,
    SegmentAttributes: c.segmentAttributes,
    MediaStreams: [{ Type: 'CHAT' }],
    ChatMetrics: c.channel === 'CHAT' ? chatMetrics(src.messages, connected?.at ?? null, disconnectAt) : null,
  };
  return { record, facts: { preDisconnectState: disconnected?.state ?? null, offers, completed: completed !== undefined } };
}
