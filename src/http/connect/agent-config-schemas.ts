import { Type as T, type TSchema } from '@sinclair/typebox';
import { AGENT_STATUS_TYPES } from '../../app/admin/agent-statuses.js';
import { QUICK_CONNECT_TYPES } from '../../app/admin/quick-connects.js';
import { AVAILABILITY_TIMERS, BEHAVIOR_TYPES, CHANNELS, MAX_ACW_SECONDS } from '../../app/admin/routing-profile-checks.js';

/**
 * Request shapes of Connect's RoutingProfile, User, SecurityProfile, AgentStatus and QuickConnect
 * APIs, with the bounds of the Connect model. Rules that depend on each other (concurrency per
 * channel, which config goes with which quick connect type) are checked by the use cases.
 */

const Str = (min: number, max: number) => T.String({ minLength: min, maxLength: max });
const Name = Str(1, 127);
const Id = Str(1, 500);
const Tags = T.Optional(T.Record(Str(1, 128), Str(0, 256), { maxProperties: 50 }));
const Literals = (values: readonly string[]) => T.Union(values.map((v) => T.Literal(v)));
const Channel = Literals(CHANNELS);
/** A list in a query string: one value arrives as a string, several as an array. */
const QueryList = <S extends TSchema>(item: S, max: number) => T.Optional(T.Union([T.Array(item, { maxItems: max }), item]));
const MaxResults = T.Optional(T.Integer({ minimum: 1, maximum: 1000 }));
const NextToken = T.Optional(Str(1, 2500));
const Acw = T.Integer({ minimum: 0, maximum: MAX_ACW_SECONDS });

const Instance = { InstanceId: Str(1, 100) };
export const RoutingProfilePath = T.Object({ ...Instance, RoutingProfileId: Id });
export const UserPath = T.Object({ ...Instance, UserId: Id });
export const SecurityProfilePath = T.Object({ ...Instance, SecurityProfileId: Id });
export const AgentStatusPath = T.Object({ ...Instance, AgentStatusId: Id });
export const QuickConnectPath = T.Object({ ...Instance, QuickConnectId: Id });
export const QueuePath = T.Object({ ...Instance, QueueId: Id });

export const PageQuery = T.Object({ maxResults: MaxResults, nextToken: NextToken });
export const ListAgentStatusQuery = T.Object({ AgentStatusTypes: QueryList(Literals(AGENT_STATUS_TYPES), 3), maxResults: MaxResults, nextToken: NextToken });
export const ListQuickConnectsQuery = T.Object({ QuickConnectTypes: QueryList(Literals(QUICK_CONNECT_TYPES), 3), maxResults: MaxResults, nextToken: NextToken });

// Routing profiles
const QueueReference = T.Object({ QueueId: Id, Channel });
const QueueConfigs = T.Array(T.Object({ QueueReference, Priority: T.Integer({ minimum: 1, maximum: 99 }), Delay: T.Integer({ minimum: 0, maximum: 9999 }) }), { minItems: 1, maxItems: 10 });
const MediaConcurrencies = T.Array(
  T.Object({
    Channel,
    Concurrency: T.Optional(T.Integer({ minimum: 1, maximum: 10 })),
    CrossChannelBehavior: T.Optional(T.Object({ BehaviorType: Literals(BEHAVIOR_TYPES) })),
  }),
  { maxItems: 4 },
);
const AgentAvailabilityTimer = Literals(AVAILABILITY_TIMERS);
// Manual assignment queues are not supported: the list, when sent, must be empty.
const NoManualQueues = T.Optional(T.Array(T.Unknown(), { maxItems: 0 }));

export const CreateRoutingProfileBody = T.Object({
  Name,
  Description: Str(1, 250),
  DefaultOutboundQueueId: Id,
  QueueConfigs: T.Optional(QueueConfigs),
  ManualAssignmentQueueConfigs: NoManualQueues,
  MediaConcurrencies,
  Tags,
  AgentAvailabilityTimer: T.Optional(AgentAvailabilityTimer),
  AfterContactWorkTimeLimit: T.Optional(Acw),
});
export const UpdateRoutingProfileNameBody = T.Object({ Name: T.Optional(Name), Description: T.Optional(Str(0, 250)) });
export const UpdateRoutingProfileConcurrencyBody = T.Object({ MediaConcurrencies });
export const UpdateRoutingProfileDefaultOutboundQueueBody = T.Object({ DefaultOutboundQueueId: Id });
export const UpdateRoutingProfileAgentAvailabilityTimerBody = T.Object({ AgentAvailabilityTimer });
export const UpdateRoutingProfileAfterContactWorkBody = T.Object({ AfterContactWorkTimeLimit: T.Optional(Acw) });
export const RoutingProfileQueuesBody = T.Object({ QueueConfigs: T.Optional(QueueConfigs), ManualAssignmentQueueConfigs: NoManualQueues });
export const UpdateRoutingProfileQueuesBody = T.Object({ QueueConfigs });
export const DisassociateRoutingProfileQueuesBody = T.Object({ QueueReferences: T.Optional(T.Array(QueueReference, { maxItems: 10 })), ManualAssignmentQueueReferences: NoManualQueues });

// Users
const IdentityInfo = T.Object({
  FirstName: T.Optional(Str(0, 100)),
  LastName: T.Optional(Str(0, 100)),
  Email: T.Optional(Str(0, 320)),
  SecondaryEmail: T.Optional(Str(0, 320)),
  Mobile: T.Optional(Str(0, 64)),
});
const PhoneConfig = T.Object({
  PhoneType: Literals(['SOFT_PHONE', 'DESK_PHONE']),
  AutoAccept: T.Optional(T.Boolean()),
  AfterContactWorkTimeLimit: T.Optional(Acw),
  DeskPhoneNumber: T.Optional(Str(0, 64)),
  PersistentConnection: T.Optional(T.Boolean()),
});
const SecurityProfileIds = T.Array(Id, { minItems: 1, maxItems: 10 });
const Password = Str(1, 64);

export const CreateUserBody = T.Object({
  Username: T.String({ minLength: 1, maxLength: 100, pattern: '^[a-zA-Z0-9_\\-.@]+$' }),
  Password: T.Optional(Password),
  IdentityInfo: T.Optional(IdentityInfo),
  PhoneConfig,
  DirectoryUserId: T.Optional(Str(0, 500)),
  SecurityProfileIds,
  RoutingProfileId: Id,
  HierarchyGroupId: T.Optional(Id),
  Tags,
});
export const UpdateUserIdentityInfoBody = T.Object({ IdentityInfo });
export const UpdateUserPhoneConfigBody = T.Object({ PhoneConfig });
export const UpdateUserRoutingProfileBody = T.Object({ RoutingProfileId: Id });
export const UpdateUserSecurityProfilesBody = T.Object({ SecurityProfileIds });
export const SetUserPasswordBody = T.Object({ Password });

// Agent statuses
const AgentStatusState = Literals(['ENABLED', 'DISABLED']);
const DisplayOrder = T.Integer({ minimum: 1, maximum: 50 });
export const CreateAgentStatusBody = T.Object({ Name, Description: T.Optional(Str(1, 250)), State: AgentStatusState, DisplayOrder: T.Optional(DisplayOrder), Tags });
export const UpdateAgentStatusBody = T.Object({
  Name: T.Optional(Name),
  Description: T.Optional(Str(0, 250)),
  State: T.Optional(AgentStatusState),
  DisplayOrder: T.Optional(DisplayOrder),
  ResetOrderNumber: T.Optional(T.Boolean()),
});

// Quick connects
const QuickConnectConfig = T.Object({
  QuickConnectType: Literals(QUICK_CONNECT_TYPES),
  UserConfig: T.Optional(T.Object({ UserId: Id, ContactFlowId: Id })),
  QueueConfig: T.Optional(T.Object({ QueueId: Id, ContactFlowId: Id })),
  PhoneConfig: T.Optional(T.Object({ PhoneNumber: Str(1, 100) })),
  FlowConfig: T.Optional(T.Object({ ContactFlowId: Id })),
});
export const CreateQuickConnectBody = T.Object({ Name, Description: T.Optional(Str(0, 250)), QuickConnectConfig, Tags });
export const UpdateQuickConnectNameBody = T.Object({ Name: T.Optional(Name), Description: T.Optional(Str(0, 250)) });
export const UpdateQuickConnectConfigBody = T.Object({ QuickConnectConfig });
export const QueueQuickConnectsBody = T.Object({ QuickConnectIds: T.Array(Id, { minItems: 1, maxItems: 50 }) });
