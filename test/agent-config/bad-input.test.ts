import {
  AssociateQueueQuickConnectsCommand,
  AssociateRoutingProfileQueuesCommand,
  CreateAgentStatusCommand,
  type CreateQuickConnectCommandInput,
  CreateQuickConnectCommand,
  type CreateRoutingProfileCommandInput,
  CreateRoutingProfileCommand,
  type CreateUserCommandInput,
  CreateUserCommand,
  DeleteQueueCommand,
  DeleteRoutingProfileCommand,
  DeleteUserCommand,
  DescribeAgentStatusCommand,
  DescribeRoutingProfileCommand,
  UpdateAgentStatusCommand,
  UpdateQuickConnectNameCommand,
  UpdateRoutingProfileConcurrencyCommand,
  UpdateRoutingProfileNameCommand,
  UpdateRoutingProfileQueuesCommand,
  UpdateUserRoutingProfileCommand,
  UpdateUserSecurityProfilesCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { snapshotStore } from '../helpers/store-snapshot.js';
import { PASSWORD, queue, signedJson, transferFlow } from './kit.js';

/* Every refusal of the agent configuration APIs answers Connect's error and status, and changes nothing in the store. */

let p: TestParley;
let sales: string;
let profileId: string;
let agentFlow: string;
let queueFlow: string;
let customId: string;
beforeAll(async () => {
  p = await startTestParley();
  const InstanceId = p.seeded.instanceId;
  sales = await queue(p, 'Sales');
  agentFlow = await transferFlow(p, 'AGENT_TRANSFER');
  queueFlow = await transferFlow(p, 'QUEUE_TRANSFER');
  profileId = (await p.connect.send(new CreateRoutingProfileCommand(profile({ Name: 'Existing' })))).RoutingProfileId!;
  await p.connect.send(new CreateQuickConnectCommand(quickConnect({ Name: 'Existing QC' })));
  customId = (await p.connect.send(new CreateAgentStatusCommand({ InstanceId, Name: 'Lunch', State: 'ENABLED' }))).AgentStatusId!;
});
afterAll(async () => {
  await p.stop();
});

const I = () => p.seeded.instanceId;
const profile = (over: Partial<CreateRoutingProfileCommandInput> = {}): CreateRoutingProfileCommandInput => ({
  InstanceId: I(),
  Name: 'New profile',
  Description: 'd',
  DefaultOutboundQueueId: sales,
  QueueConfigs: [{ QueueReference: { QueueId: sales, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
  MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 3 }],
  ...over,
});
const newUser = (over: Partial<CreateUserCommandInput> = {}): CreateUserCommandInput => ({
  InstanceId: I(),
  Username: 'newbie',
  Password: PASSWORD,
  PhoneConfig: { PhoneType: 'SOFT_PHONE' },
  SecurityProfileIds: [p.seeded.securityProfileIds.Agent],
  RoutingProfileId: p.seeded.routingProfileId,
  ...over,
});
const quickConnect = (over: Partial<CreateQuickConnectCommandInput> = {}): CreateQuickConnectCommandInput => ({
  InstanceId: I(),
  Name: 'New QC',
  QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: p.seeded.demoUsers.alice.id, ContactFlowId: agentFlow } },
  ...over,
});
const queueConfig = (Priority: number, Delay: number, QueueId = sales, Channel: 'CHAT' | 'TASK' = 'CHAT') => ({ QueueReference: { QueueId, Channel }, Priority, Delay });
/** A signed request for Parley's extensions, failing like an SDK call does. */
const raw = async (method: string, path: string, body: unknown) => {
  const r = await signedJson(p, method, path, body);
  if (r.status !== 200) throw Object.assign(new Error(String(r.body.Message)), { name: r.body.__type, $metadata: { httpStatusCode: r.status } });
};

type Case = [title: string, error: string, status: number, run: () => Promise<unknown>];
const cases: Case[] = [
  // Routing profiles
  ['a chat concurrency of 11', 'InvalidParameterException', 400, () => p.connect.send(new CreateRoutingProfileCommand(profile({ MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 11 }] })))],
  ['a voice concurrency of 2', 'InvalidParameterException', 400, () => p.connect.send(new CreateRoutingProfileCommand(profile({ MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 2 }] })))],
  ['a concurrency of 0', 'InvalidParameterException', 400, () => p.connect.send(new CreateRoutingProfileCommand(profile({ MediaConcurrencies: [{ Channel: 'TASK', Concurrency: 0 }] })))],
  ['a channel given twice', 'InvalidParameterException', 400, () => p.connect.send(new CreateRoutingProfileCommand(profile({ MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }, { Channel: 'CHAT', Concurrency: 2 }] })))],
  ['no channel at all', 'InvalidParameterException', 400, () => p.connect.send(new CreateRoutingProfileCommand(profile({ MediaConcurrencies: [] })))],
  ['a priority of 0', 'InvalidParameterException', 400, () => p.connect.send(new CreateRoutingProfileCommand(profile({ QueueConfigs: [queueConfig(0, 0)] })))],
  ['a priority of 100', 'InvalidParameterException', 400, () => p.connect.send(new CreateRoutingProfileCommand(profile({ QueueConfigs: [queueConfig(100, 0)] })))],
  ['a negative delay', 'InvalidParameterException', 400, () => p.connect.send(new CreateRoutingProfileCommand(profile({ QueueConfigs: [queueConfig(1, -1)] })))],
  ['a delay of 10000 s', 'InvalidParameterException', 400, () => p.connect.send(new CreateRoutingProfileCommand(profile({ QueueConfigs: [queueConfig(1, 10000)] })))],
  ['a queue and channel given twice', 'InvalidParameterException', 400, () => p.connect.send(new CreateRoutingProfileCommand(profile({ QueueConfigs: [queueConfig(1, 0), queueConfig(2, 0)] })))],
  ['an unknown queue', 'ResourceNotFoundException', 404, () => p.connect.send(new CreateRoutingProfileCommand(profile({ QueueConfigs: [queueConfig(1, 0, 'no-such-queue')] })))],
  ['an unknown outbound queue', 'ResourceNotFoundException', 404, () => p.connect.send(new CreateRoutingProfileCommand(profile({ DefaultOutboundQueueId: 'no-such-queue' })))],
  ['an agent queue in a profile', 'InvalidParameterException', 400, () => p.connect.send(new CreateRoutingProfileCommand(profile({ QueueConfigs: [queueConfig(1, 0, p.seeded.demoUsers.bob.id)] })))],
  ['a profile named like another', 'DuplicateResourceException', 409, () => p.connect.send(new CreateRoutingProfileCommand(profile({ Name: 'Basic Routing Profile' })))],
  ['a profile without a description', 'InvalidParameterException', 400, () => p.connect.send(new CreateRoutingProfileCommand(profile({ Description: '' })))],
  ['an after-contact work limit over 2000000 s', 'InvalidParameterException', 400, () => raw('PUT', `/routing-profiles/${I()}`, { ...profile(), InstanceId: undefined, AfterContactWorkTimeLimit: 2_000_001 })],
  ['a profile renamed to a taken name', 'DuplicateResourceException', 409, () => p.connect.send(new UpdateRoutingProfileNameCommand({ InstanceId: I(), RoutingProfileId: profileId, Name: 'Basic Routing Profile' }))],
  ['a concurrency update out of range', 'InvalidParameterException', 400, () => p.connect.send(new UpdateRoutingProfileConcurrencyCommand({ InstanceId: I(), RoutingProfileId: profileId, MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 3 }] }))],
  ['a queue associated twice', 'DuplicateResourceException', 409, () => p.connect.send(new AssociateRoutingProfileQueuesCommand({ InstanceId: I(), RoutingProfileId: profileId, QueueConfigs: [queueConfig(4, 0)] }))],
  ['an update of a queue the profile lacks', 'ResourceNotFoundException', 404, () => p.connect.send(new UpdateRoutingProfileQueuesCommand({ InstanceId: I(), RoutingProfileId: profileId, QueueConfigs: [queueConfig(4, 0, sales, 'TASK')] }))],
  ['an unknown routing profile', 'ResourceNotFoundException', 404, () => p.connect.send(new DescribeRoutingProfileCommand({ InstanceId: I(), RoutingProfileId: 'no-such-profile' }))],
  ['deleting a profile users have', 'ResourceInUseException', 409, () => p.connect.send(new DeleteRoutingProfileCommand({ InstanceId: I(), RoutingProfileId: p.seeded.routingProfileId }))],
  ['deleting a queue a profile uses', 'ResourceInUseException', 409, () => p.connect.send(new DeleteQueueCommand({ InstanceId: I(), QueueId: p.seeded.basicQueueId }))],
  // Users
  ['a password without a digit', 'InvalidParameterException', 400, () => p.connect.send(new CreateUserCommand(newUser({ Password: 'NoDigitsHere' })))],
  ['a password of 7 characters', 'InvalidParameterException', 400, () => p.connect.send(new CreateUserCommand(newUser({ Password: 'Sh0rt-x' })))],
  ['a user without a password', 'InvalidParameterException', 400, () => p.connect.send(new CreateUserCommand(newUser({ Password: undefined })))],
  ['a username with a space', 'InvalidParameterException', 400, () => p.connect.send(new CreateUserCommand(newUser({ Username: 'new bie' })))],
  ['a username taken', 'DuplicateResourceException', 409, () => p.connect.send(new CreateUserCommand(newUser({ Username: 'alice' })))],
  ['an unknown security profile', 'ResourceNotFoundException', 404, () => p.connect.send(new CreateUserCommand(newUser({ SecurityProfileIds: ['no-such-profile'] })))],
  ['no security profile', 'InvalidParameterException', 400, () => p.connect.send(new CreateUserCommand(newUser({ SecurityProfileIds: [] })))],
  ['an unknown routing profile for a user', 'ResourceNotFoundException', 404, () => p.connect.send(new CreateUserCommand(newUser({ RoutingProfileId: 'no-such-profile' })))],
  ['a negative after-contact work limit', 'InvalidParameterException', 400, () => p.connect.send(new CreateUserCommand(newUser({ PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: -1 } })))],
  ['a hierarchy group', 'InvalidParameterException', 400, () => p.connect.send(new CreateUserCommand(newUser({ HierarchyGroupId: 'some-group' })))],
  [
    'security profiles changed to an unknown one',
    'ResourceNotFoundException',
    404,
    () => p.connect.send(new UpdateUserSecurityProfilesCommand({ InstanceId: I(), UserId: p.seeded.demoUsers.bob.id, SecurityProfileIds: [p.seeded.securityProfileIds.Agent, 'nope'] })),
  ],
  ['a user moved to an unknown profile', 'ResourceNotFoundException', 404, () => p.connect.send(new UpdateUserRoutingProfileCommand({ InstanceId: I(), UserId: p.seeded.demoUsers.bob.id, RoutingProfileId: 'nope' }))],
  ['a weak new password', 'InvalidParameterException', 400, () => raw('POST', `/users/${I()}/${p.seeded.demoUsers.bob.id}/password`, { Password: 'password' })],
  ['a password for an unknown user', 'ResourceNotFoundException', 404, () => raw('POST', `/users/${I()}/no-such-user/password`, { Password: PASSWORD })],
  ['deleting an unknown user', 'ResourceNotFoundException', 404, () => p.connect.send(new DeleteUserCommand({ InstanceId: I(), UserId: 'no-such-user' }))],
  // Agent statuses
  ['a display order of 51', 'InvalidParameterException', 400, () => p.connect.send(new CreateAgentStatusCommand({ InstanceId: I(), Name: 'Late', State: 'ENABLED', DisplayOrder: 51 }))],
  ['a status named like another', 'DuplicateResourceException', 409, () => p.connect.send(new CreateAgentStatusCommand({ InstanceId: I(), Name: 'Break', State: 'ENABLED' }))],
  ['a status in no known state', 'InvalidParameterException', 400, () => p.connect.send(new CreateAgentStatusCommand({ InstanceId: I(), Name: 'Late', State: 'PAUSED' as 'ENABLED' }))],
  ['disabling Offline', 'InvalidRequestException', 400, () => p.connect.send(new UpdateAgentStatusCommand({ InstanceId: I(), AgentStatusId: p.seeded.statusIds.offline, State: 'DISABLED' }))],
  ['an order given and reset at once', 'InvalidParameterException', 400, () => p.connect.send(new UpdateAgentStatusCommand({ InstanceId: I(), AgentStatusId: customId, DisplayOrder: 3, ResetOrderNumber: true }))],
  ['a status renamed to a taken name', 'DuplicateResourceException', 409, () => p.connect.send(new UpdateAgentStatusCommand({ InstanceId: I(), AgentStatusId: customId, Name: 'Available' }))],
  ['an unknown status', 'ResourceNotFoundException', 404, () => p.connect.send(new DescribeAgentStatusCommand({ InstanceId: I(), AgentStatusId: 'nope' }))],
  // Quick connects
  [
    'a user quick connect through a queue transfer flow',
    'InvalidParameterException',
    400,
    () => p.connect.send(new CreateQuickConnectCommand(quickConnect({ QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: p.seeded.demoUsers.alice.id, ContactFlowId: queueFlow } } }))),
  ],
  [
    'a queue quick connect through an agent transfer flow',
    'InvalidParameterException',
    400,
    () => p.connect.send(new CreateQuickConnectCommand(quickConnect({ QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: sales, ContactFlowId: agentFlow } } }))),
  ],
  [
    'a quick connect through an inbound flow',
    'InvalidParameterException',
    400,
    () => p.connect.send(new CreateQuickConnectCommand(quickConnect({ QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: sales, ContactFlowId: p.seeded.inboundFlowId } } }))),
  ],
  ['a phone number quick connect', 'InvalidParameterException', 400, () => p.connect.send(new CreateQuickConnectCommand(quickConnect({ QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+15550100' } } })))],
  [
    'a user quick connect with a queue config',
    'InvalidParameterException',
    400,
    () => p.connect.send(new CreateQuickConnectCommand(quickConnect({ QuickConnectConfig: { QuickConnectType: 'USER', QueueConfig: { QueueId: sales, ContactFlowId: queueFlow } } }))),
  ],
  [
    'a quick connect to an unknown user',
    'ResourceNotFoundException',
    404,
    () => p.connect.send(new CreateQuickConnectCommand(quickConnect({ QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: 'nobody', ContactFlowId: agentFlow } } }))),
  ],
  [
    'a quick connect through an unknown flow',
    'ResourceNotFoundException',
    404,
    () => p.connect.send(new CreateQuickConnectCommand(quickConnect({ QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: p.seeded.demoUsers.alice.id, ContactFlowId: 'no-flow' } } }))),
  ],
  [
    'a quick connect to an unknown queue',
    'ResourceNotFoundException',
    404,
    () => p.connect.send(new CreateQuickConnectCommand(quickConnect({ QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: 'no-queue', ContactFlowId: queueFlow } } }))),
  ],
  ['a quick connect named like another', 'DuplicateResourceException', 409, () => p.connect.send(new CreateQuickConnectCommand(quickConnect({ Name: 'Existing QC' })))],
  ['renaming an unknown quick connect', 'ResourceNotFoundException', 404, () => p.connect.send(new UpdateQuickConnectNameCommand({ InstanceId: I(), QuickConnectId: 'nope', Name: 'X' }))],
  ['an unknown quick connect on a queue', 'ResourceNotFoundException', 404, () => p.connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: I(), QueueId: sales, QuickConnectIds: ['nope'] }))],
];

it.each(cases)('refuses %s with %s (%i) and changes nothing', async (_title, error, status, run) => {
  const before = await snapshotStore(p);
  await expect(run()).rejects.toMatchObject({ name: error, $metadata: { httpStatusCode: status } });
  expect(await snapshotStore(p)).toEqual(before);
});
