/** The agent API's shapes as the workspace reads them (docs/agent-api.md). */

/** Connect's agent contact states, in the order a contact passes through them. */
export const CONTACT_STATES = ['CONNECTING', 'CONNECTED', 'MISSED', 'REJECTED', 'ENDED'] as const;
export type ContactState = (typeof CONTACT_STATES)[number];

/** States the agent may clear (the slot frees). */
export const CLEARABLE: readonly ContactState[] = ['MISSED', 'REJECTED', 'ENDED'];

export interface AgentContact {
  ContactId: string;
  Channel: string;
  InitiationMethod: string;
  State: ContactState;
  StateStartTimestamp: string;
  OfferExpiresTimestamp?: string;
  ConnectedToAgentTimestamp?: string;
  QueueTimestamp?: string;
  Queue: { Id: string; Name: string; Arn: string } | null;
  ParticipantId: string | null;
  Attributes: Record<string, string>;
}

export interface StatusRef {
  Id: string;
  Name: string;
  Type: string;
  StartTimestamp?: string;
}

export interface AgentSnapshot {
  User: { Id: string; Username: string; FirstName: string; LastName: string };
  InstanceId: string;
  AgentStatus: StatusRef;
  NextAgentStatus: StatusRef | null;
  Online: boolean;
  RoutingProfile: { Id: string; Name: string; Concurrency: { Channel: string; MaximumSlots: number; AvailableSlots: number }[] };
  Contacts: AgentContact[];
}

/** One frame of the agent event socket. */
export interface AgentEvent {
  EventType: 'LOGIN' | 'STATE_CHANGE' | 'HEART_BEAT' | string;
  EventId: string;
  EventTimestamp: string;
  CurrentAgentSnapshot: AgentSnapshot;
}

export interface Directory {
  AgentStatuses: { Id: string; Name: string; Type: string }[];
  QuickConnects: { Id: string; Name: string; QuickConnectType: string }[];
  Queues: { Id: string; Name: string }[];
}

export interface LoginResult {
  Token: string;
  ExpiresAt: string;
  UserId: string;
  InstanceId: string;
  Permissions: string[];
}

export interface ParticipantCredentials {
  ContactId: string;
  ParticipantId: string;
  ParticipantToken: string;
}

export type TransferTarget = { QuickConnectId: string } | { QueueId: string } | { UserId: string };

/** One earlier chat of the customer (GET /agent/v1/contacts/{ContactId}/history). */
export interface EarlierContact {
  ContactId: string;
  StartedAt: string;
  EndedAt: string | null;
  Agent: string | null;
  Queue: string | null;
  DisconnectReason: string | null;
  LastMessages: { Role: string; DisplayName: string; Content: string }[];
}
