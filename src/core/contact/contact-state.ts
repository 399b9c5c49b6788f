/**
 * A contact segment's life, with the allowed transitions written down as data: a flow runs,
 * queues the contact, routing offers it to an agent (back to QUEUED when missed or rejected),
 * the agent connects; a transfer without a flow queues a new segment at once.
 */
export const CONTACT_STATES = ['INITIATED', 'IN_FLOW', 'QUEUED', 'OFFERED', 'CONNECTED', 'ENDED'] as const;
export type ContactState = (typeof CONTACT_STATES)[number];

export const CONTACT_TRANSITIONS: Record<ContactState, readonly ContactState[]> = {
  INITIATED: ['IN_FLOW', 'QUEUED', 'ENDED'],
  IN_FLOW: ['QUEUED', 'ENDED'],
  QUEUED: ['OFFERED', 'IN_FLOW', 'ENDED'],
  OFFERED: ['CONNECTED', 'QUEUED', 'ENDED'],
  CONNECTED: ['IN_FLOW', 'ENDED'],
  ENDED: [],
};

export const canTransition = (from: ContactState, to: ContactState): boolean => CONTACT_TRANSITIONS[from].includes(to);

export const DISCONNECT_REASONS = {
  customer: 'CUSTOMER_DISCONNECT',
  agent: 'AGENT_DISCONNECT',
  thirdParty: 'THIRD_PARTY_DISCONNECT',
  expired: 'EXPIRED',
  flow: 'CONTACT_FLOW_DISCONNECT',
  api: 'API',
} as const;
