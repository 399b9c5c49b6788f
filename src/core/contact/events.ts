import type { ContactState } from './contact-state.js';

/**
 * What happens to a contact segment, as recorded in the contact event log (the outbox): the
 * contact record (core/metrics/record.ts), the historical metrics and the webhooks are all
 * derived from these. Times are the event's `at`, not carried here.
 */
export type ContactEvent =
  /** The segment exists (StartChatContact, a transfer, a disconnect flow). */
  | { type: 'INITIATED'; method: string; previousContactId: string | null }
  /** The customer's participant connection was first created (ConnectedToSystemTimestamp). */
  | { type: 'CONNECTED_TO_SYSTEM' }
  /** Put in a queue (again, when moved to another queue while waiting). */
  | { type: 'QUEUED'; queueId: string }
  /** Routed to an agent: the offer rings (agent contact state CONNECTING). */
  | { type: 'OFFERED'; agentId: string; queueId: string | null }
  /** An offer that did not connect: missed (20 s), rejected, or withdrawn because the customer left. */
  | { type: 'OFFER_ENDED'; agentId: string; outcome: OfferOutcome }
  | { type: 'CONNECTED_TO_AGENT'; agentId: string; routingProfileId: string | null }
  /** The segment ended; `state` is the state it was in (PreDisconnectState), `transferred` for a cold transfer by its agent. */
  | { type: 'DISCONNECTED'; reason: string; state: ContactState; transferred: boolean }
  /** The agent's conversation ended and after-contact work began. */
  | { type: 'AFTER_CONTACT_WORK'; agentId: string }
  /** The agent cleared the contact (or the after-contact-work limit did): after-contact work is over. */
  | { type: 'AFTER_CONTACT_WORK_ENDED'; agentId: string }
  /** Nothing more will happen to the segment: after-contact work cleared, or the segment ended without an agent. */
  | { type: 'COMPLETED' }
  /** Contact data changed (attributes, name, description, customer id). */
  | { type: 'CONTACT_DATA_UPDATED' };

export type ContactEventType = ContactEvent['type'];
export type OfferOutcome = 'MISSED' | 'REJECTED' | 'WITHDRAWN';

/** A logged event: the union plus where and when. */
export type LoggedContactEvent = ContactEvent & { seq: number; contactId: string; at: number };

/** The event types Amazon Connect publishes as contact events (EventBridge `eventType`); the rest are Parley's own. */
export const PUBLIC_CONTACT_EVENT_TYPES = ['INITIATED', 'CONNECTED_TO_SYSTEM', 'QUEUED', 'CONNECTED_TO_AGENT', 'DISCONNECTED', 'COMPLETED', 'CONTACT_DATA_UPDATED'] as const;
export type PublicContactEventType = (typeof PUBLIC_CONTACT_EVENT_TYPES)[number];

export const isPublicContactEvent = (t: string): t is PublicContactEventType => (PUBLIC_CONTACT_EVENT_TYPES as readonly string[]).includes(t);
