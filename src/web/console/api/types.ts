/** The connect API's shapes as the console reads and writes them (Amazon Connect's, docs/routing-configuration.md). */

export interface Summary {
  Id: string;
  Arn: string;
  Name: string;
}

export interface LoginResult {
  Token: string;
  ExpiresAt: string;
  UserId: string;
  InstanceId: string;
  Permissions: string[];
}

export interface QueueSummary extends Summary {
  QueueType: 'STANDARD' | 'AGENT';
}

export interface Queue {
  QueueId: string;
  Name: string;
  Description?: string;
  HoursOfOperationId?: string;
  MaxContacts?: number;
  Status: string;
}

export interface QueueInput {
  Name: string;
  Description?: string;
  HoursOfOperationId: string;
  MaxContacts?: number;
}

export const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type Day = (typeof DAYS)[number];

export interface TimeSlice {
  Hours: number;
  Minutes: number;
}

export interface HoursConfig {
  Day: Day;
  StartTime: TimeSlice;
  EndTime: TimeSlice;
}

export interface HoursOfOperation {
  HoursOfOperationId: string;
  Name: string;
  Description?: string;
  TimeZone: string;
  Config: HoursConfig[];
}

export interface HoursInput {
  Name: string;
  Description?: string;
  TimeZone: string;
  Config: HoursConfig[];
}

export const OVERRIDE_TYPES = ['STANDARD', 'OPEN', 'CLOSED'] as const;
export type OverrideType = (typeof OVERRIDE_TYPES)[number];

export interface HoursOverride {
  HoursOfOperationOverrideId: string;
  Name: string;
  Description?: string;
  OverrideType: OverrideType;
  EffectiveFrom: string;
  EffectiveTill: string;
  Config: { Day?: Day; StartTime?: TimeSlice; EndTime?: TimeSlice }[];
}

export type OverrideInput = Omit<HoursOverride, 'HoursOfOperationOverrideId'>;

export const CHANNELS = ['CHAT', 'TASK'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface QueueConfig {
  QueueReference: { QueueId: string; Channel: Channel };
  Priority: number;
  Delay: number;
}

/** A queue and channel of a routing profile (DisassociateRoutingProfileQueues names them so). */
export type QueueReference = QueueConfig['QueueReference'];

export interface MediaConcurrency {
  Channel: string;
  Concurrency: number;
  CrossChannelBehavior?: { BehaviorType: string };
}

export interface RoutingProfile {
  RoutingProfileId: string;
  Name: string;
  Description: string;
  DefaultOutboundQueueId: string;
  MediaConcurrencies: MediaConcurrency[];
  NumberOfAssociatedQueues: number;
  NumberOfAssociatedUsers: number;
}

export interface RoutingProfileInput {
  Name: string;
  Description: string;
  DefaultOutboundQueueId: string;
  MediaConcurrencies: MediaConcurrency[];
  QueueConfigs?: QueueConfig[];
}

export interface RoutingProfileQueue {
  QueueId: string;
  QueueName: string;
  Priority: number;
  Delay: number;
  Channel: string;
}

export interface UserSummary {
  Id: string;
  Arn: string;
  Username: string;
}

export interface IdentityInfo {
  FirstName?: string;
  LastName?: string;
  Email?: string;
}

export interface User {
  Id: string;
  Username: string;
  IdentityInfo: IdentityInfo;
  PhoneConfig: { PhoneType: string; AfterContactWorkTimeLimit?: number };
  SecurityProfileIds: string[];
  RoutingProfileId: string;
}

export interface UserInput {
  Username: string;
  Password: string;
  IdentityInfo: IdentityInfo;
  PhoneConfig: { PhoneType: 'SOFT_PHONE'; AfterContactWorkTimeLimit?: number };
  SecurityProfileIds: string[];
  RoutingProfileId: string;
}

// The flow types are the server's own list (pure, no I/O): one definition for both sides.
export { FLOW_TYPES, type FlowType } from '../../../core/flow/flow-types';
import type { FlowType } from '../../../core/flow/flow-types';

export interface FlowSummary extends Summary {
  ContactFlowType: FlowType;
  ContactFlowState: string;
  ContactFlowStatus?: string;
}

export interface ContactFlow {
  Id: string;
  Arn: string;
  Name: string;
  Type: FlowType;
  State: string;
  Status?: string;
  Description?: string;
  Content: string;
}

export interface FlowInput {
  Name: string;
  Type: FlowType;
  Description?: string;
  Content: string;
}
