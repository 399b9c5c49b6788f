import type { OfferOutcome } from '../contact/events.js';
import { SUBTYPE_KEY } from './historical-catalog.js';
import type { StoredRecord } from './record.js';

/**
 * What historical metrics are computed from, each with the dimensions it can be filtered and
 * grouped by. A dimension the fact has no value for is null: a filter on it does not match, and a
 * grouping by it leaves the fact out (Connect's rule: every dimension of a result has a value).
 */
export type Dims = Record<string, string | null>;

/** One offer of a contact segment to an agent, attributed by when it was made. */
export interface OfferFact {
  contactId: string;
  agentId: string;
  at: number;
  /** ACCEPTED when the agent accepted; null while it still rings. */
  outcome: OfferOutcome | 'ACCEPTED' | null;
  endedAt: number | null;
  queueId: string | null;
  channel: string;
  initiationMethod: string;
  /** The agent's routing profile (its current one: offers do not record it). */
  routingProfileId: string | null;
  subtype: string | null;
}

/** A finished ConnectParticipantWithLexBot conversation (a flow log entry of the block). */
export interface BotFact {
  contactId: string;
  at: number;
  outcome: 'SUCCESS' | 'FAILED';
  flowId: string;
  channel: string;
  initiationMethod: string;
  subtype: string | null;
}

/** The `connect:Subtype` segment attribute, as StartChatContact's SegmentAttributes carry it. */
export function subtypeOf(segmentAttributes: Record<string, unknown>): string | null {
  const v = segmentAttributes['connect:Subtype'] as { ValueString?: unknown } | undefined;
  return typeof v?.ValueString === 'string' ? v.ValueString : null;
}

/** Parley runs no agent hierarchies, Contact Lens, routing steps on records or Amazon Q: those dimensions are empty. */
const common = (d: Dims): Dims => ({ Q_CONNECT_ENABLED: 'FALSE', ...d });

export function recordDims(s: StoredRecord): Dims {
  const r = s.record;
  return common({
    QUEUE: r.Queue?.Id ?? null,
    CHANNEL: r.Channel,
    ROUTING_PROFILE: r.Agent?.RoutingProfile?.Id ?? null,
    AGENT: r.Agent?.Id ?? null,
    INITIATION_METHOD: r.InitiationMethod,
    DISCONNECT_REASON: r.DisconnectReason,
    [SUBTYPE_KEY]: subtypeOf(r.SegmentAttributes),
  });
}

export function offerDims(o: OfferFact): Dims {
  return common({ QUEUE: o.queueId, CHANNEL: o.channel, ROUTING_PROFILE: o.routingProfileId, AGENT: o.agentId, INITIATION_METHOD: o.initiationMethod, [SUBTYPE_KEY]: o.subtype });
}

export function botDims(b: BotFact): Dims {
  return common({ CHANNEL: b.channel, INITIATION_METHOD: b.initiationMethod, FLOWS_RESOURCE_ID: b.flowId, [SUBTYPE_KEY]: b.subtype });
}
