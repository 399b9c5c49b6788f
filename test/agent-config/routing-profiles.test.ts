import {
  AssociateRoutingProfileQueuesCommand,
  CreateRoutingProfileCommand,
  DeleteQueueCommand,
  DeleteRoutingProfileCommand,
  DescribeRoutingProfileCommand,
  DisassociateRoutingProfileQueuesCommand,
  ListRoutingProfileQueuesCommand,
  ListRoutingProfilesCommand,
  UpdateRoutingProfileAgentAvailabilityTimerCommand,
  UpdateRoutingProfileConcurrencyCommand,
  UpdateRoutingProfileDefaultOutboundQueueCommand,
  UpdateRoutingProfileNameCommand,
  UpdateRoutingProfileQueuesCommand,
  UpdateUserRoutingProfileCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { queue, signedJson, user } from './kit.js';

/* Routing profiles through the SDK, Parley's after-contact work extension through signed HTTP. */

let p: TestParley;
let sales: string;
let support: string;
beforeAll(async () => {
  p = await startTestParley();
  sales = await queue(p, 'Sales');
  support = await queue(p, 'Support');
});
afterAll(async () => {
  await p.stop();
});

const InstanceId = () => p.seeded.instanceId;
const describe_ = async (RoutingProfileId: string) => (await p.connect.send(new DescribeRoutingProfileCommand({ InstanceId: InstanceId(), RoutingProfileId }))).RoutingProfile!;
const create = async (Name: string) =>
  (
    await p.connect.send(
      new CreateRoutingProfileCommand({
        InstanceId: InstanceId(),
        Name,
        Description: `${Name} agents`,
        DefaultOutboundQueueId: sales,
        QueueConfigs: [{ QueueReference: { QueueId: sales, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
        MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2 }],
      }),
    )
  ).RoutingProfileId!;

describe('routing profiles', () => {
  it('creates a profile and describes it in Connect shape, the default cross-channel behaviour filled in', async () => {
    const out = await p.connect.send(
      new CreateRoutingProfileCommand({
        InstanceId: InstanceId(),
        Name: 'Chat team',
        Description: 'Chats and tasks',
        DefaultOutboundQueueId: sales,
        QueueConfigs: [
          { QueueReference: { QueueId: sales, Channel: 'CHAT' }, Priority: 1, Delay: 0 },
          { QueueReference: { QueueId: support, Channel: 'CHAT' }, Priority: 2, Delay: 30 },
          { QueueReference: { QueueId: support, Channel: 'TASK' }, Priority: 1, Delay: 0 },
        ],
        MediaConcurrencies: [
          { Channel: 'CHAT', Concurrency: 4 },
          { Channel: 'TASK', Concurrency: 2, CrossChannelBehavior: { BehaviorType: 'ROUTE_ANY_CHANNEL' } },
        ],
        AgentAvailabilityTimer: 'TIME_SINCE_LAST_INBOUND',
      }),
    );
    const { region, accountId } = p.deps.config;
    expect(out.RoutingProfileArn).toBe(`arn:aws:connect:${region}:${accountId}:instance/${InstanceId()}/routing-profile/${out.RoutingProfileId}`);
    const rp = await describe_(out.RoutingProfileArn!);
    expect(rp).toMatchObject({
      RoutingProfileId: out.RoutingProfileId,
      Name: 'Chat team',
      Description: 'Chats and tasks',
      DefaultOutboundQueueId: sales,
      MediaConcurrencies: [
        { Channel: 'CHAT', Concurrency: 4, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } },
        { Channel: 'TASK', Concurrency: 2, CrossChannelBehavior: { BehaviorType: 'ROUTE_ANY_CHANNEL' } },
      ],
      AgentAvailabilityTimer: 'TIME_SINCE_LAST_INBOUND',
      NumberOfAssociatedQueues: 2,
      NumberOfAssociatedUsers: 0,
      LastModifiedRegion: region,
    });
    expect([...rp.AssociatedQueueIds!].sort()).toEqual([sales, support].sort());
    expect(rp.LastModifiedTime).toEqual(new Date(p.clock.now()));
  });

  it('lists profiles by name, page by page', async () => {
    await create('Alpha');
    await create('Beta');
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await p.connect.send(new ListRoutingProfilesCommand({ InstanceId: InstanceId(), MaxResults: 1, NextToken }));
      expect(page.RoutingProfileSummaryList!.length).toBeLessThanOrEqual(1);
      names.push(...page.RoutingProfileSummaryList!.map((r) => r.Name!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['Alpha', 'Basic Routing Profile', 'Beta']));
  });

  it('renames, changes concurrency, outbound queue and availability timer', async () => {
    const id = await create('Renamable');
    const ids = { InstanceId: InstanceId(), RoutingProfileId: id };
    p.clock.advance(60_000);
    await p.connect.send(new UpdateRoutingProfileNameCommand({ ...ids, Name: 'Renamed', Description: 'New words' }));
    await p.connect.send(new UpdateRoutingProfileConcurrencyCommand({ ...ids, MediaConcurrencies: [{ Channel: 'TASK', Concurrency: 10 }] }));
    await p.connect.send(new UpdateRoutingProfileDefaultOutboundQueueCommand({ ...ids, DefaultOutboundQueueId: support }));
    await p.connect.send(new UpdateRoutingProfileAgentAvailabilityTimerCommand({ ...ids, AgentAvailabilityTimer: 'TIME_SINCE_LAST_INBOUND' }));
    expect(await describe_(id)).toMatchObject({
      Name: 'Renamed',
      Description: 'New words',
      // The list replaces the old one: CHAT is no longer offered.
      MediaConcurrencies: [{ Channel: 'TASK', Concurrency: 10, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } }],
      DefaultOutboundQueueId: support,
      AgentAvailabilityTimer: 'TIME_SINCE_LAST_INBOUND',
      LastModifiedTime: new Date(p.clock.now()),
    });
  });

  it('associates, updates, lists and disassociates queues', async () => {
    const id = await create('Queues');
    const ids = { InstanceId: InstanceId(), RoutingProfileId: id };
    await p.connect.send(
      new AssociateRoutingProfileQueuesCommand({
        ...ids,
        QueueConfigs: [
          { QueueReference: { QueueId: support, Channel: 'CHAT' }, Priority: 5, Delay: 10 },
          { QueueReference: { QueueId: sales, Channel: 'TASK' }, Priority: 3, Delay: 0 },
        ],
      }),
    );
    await p.connect.send(new UpdateRoutingProfileQueuesCommand({ ...ids, QueueConfigs: [{ QueueReference: { QueueId: support, Channel: 'CHAT' }, Priority: 2, Delay: 99 }] }));
    const list = async (MaxResults?: number, NextToken?: string) => p.connect.send(new ListRoutingProfileQueuesCommand({ ...ids, MaxResults, NextToken }));
    const first = await list(2);
    const second = await list(2, first.NextToken);
    expect(second.NextToken).toBeUndefined();
    expect([...first.RoutingProfileQueueConfigSummaryList!, ...second.RoutingProfileQueueConfigSummaryList!].map((q) => [q.QueueName, q.Channel, q.Priority, q.Delay])).toEqual([
      ['Sales', 'CHAT', 1, 0],
      ['Sales', 'TASK', 3, 0],
      ['Support', 'CHAT', 2, 99],
    ]);
    expect(first.RoutingProfileQueueConfigSummaryList![0].QueueArn).toMatch(new RegExp(`/queue/${sales}$`));

    await p.connect.send(new DisassociateRoutingProfileQueuesCommand({ ...ids, QueueReferences: [{ QueueId: sales, Channel: 'TASK' }, { QueueId: support, Channel: 'CHAT' }] }));
    expect((await list()).RoutingProfileQueueConfigSummaryList!.map((q) => [q.QueueName, q.Channel])).toEqual([['Sales', 'CHAT']]);
  });

  it('keeps an after-contact work limit (Parley extension) set on create or later, and shows it in DescribeRoutingProfile', async () => {
    const created = await signedJson(p, 'PUT', `/routing-profiles/${InstanceId()}`, {
      Name: 'With ACW',
      Description: 'Two minutes to wrap up',
      DefaultOutboundQueueId: sales,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }],
      AfterContactWorkTimeLimit: 120,
    });
    expect(created.status).toBe(200);
    const id = created.body.RoutingProfileId as string;
    const read = async () => (await signedJson(p, 'GET', `/routing-profiles/${InstanceId()}/${id}`)).body.RoutingProfile as Record<string, unknown>;
    expect((await read()).AfterContactWorkTimeLimit).toBe(120);
    expect((await signedJson(p, 'POST', `/routing-profiles/${InstanceId()}/${id}/after-contact-work`, { AfterContactWorkTimeLimit: 0 })).status).toBe(200);
    expect((await read()).AfterContactWorkTimeLimit).toBe(0);
    // Without a value the profile has no limit of its own: each user's PhoneConfig applies.
    await signedJson(p, 'POST', `/routing-profiles/${InstanceId()}/${id}/after-contact-work`, {});
    expect(await read()).not.toHaveProperty('AfterContactWorkTimeLimit');
    const tooLong = await signedJson(p, 'POST', `/routing-profiles/${InstanceId()}/${id}/after-contact-work`, { AfterContactWorkTimeLimit: 2_000_001 });
    expect(tooLong).toMatchObject({ status: 400, body: { __type: 'InvalidParameterException' } });
  });

  it('refuses DeleteRoutingProfile while a user has the profile, and deletes it once none has', async () => {
    const id = await create('Busy');
    const userId = await user(p, 'busy.agent');
    await p.connect.send(new UpdateUserRoutingProfileCommand({ InstanceId: InstanceId(), UserId: userId, RoutingProfileId: id }));
    expect((await describe_(id)).NumberOfAssociatedUsers).toBe(1);
    await expect(p.connect.send(new DeleteRoutingProfileCommand({ InstanceId: InstanceId(), RoutingProfileId: id }))).rejects.toMatchObject({
      name: 'ResourceInUseException',
      $metadata: { httpStatusCode: 409 },
    });
    await p.connect.send(new UpdateUserRoutingProfileCommand({ InstanceId: InstanceId(), UserId: userId, RoutingProfileId: p.seeded.routingProfileId }));
    await p.connect.send(new DeleteRoutingProfileCommand({ InstanceId: InstanceId(), RoutingProfileId: id }));
    await expect(describe_(id)).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('refuses DeleteQueue while a routing profile takes contacts from the queue or sends through it', async () => {
    const inbound = await queue(p, 'Inbound only');
    const outbound = await queue(p, 'Outbound only');
    const id = await create('Holder');
    const ids = { InstanceId: InstanceId(), RoutingProfileId: id };
    await p.connect.send(new AssociateRoutingProfileQueuesCommand({ ...ids, QueueConfigs: [{ QueueReference: { QueueId: inbound, Channel: 'CHAT' }, Priority: 1, Delay: 0 }] }));
    await p.connect.send(new UpdateRoutingProfileDefaultOutboundQueueCommand({ ...ids, DefaultOutboundQueueId: outbound }));
    for (const QueueId of [inbound, outbound])
      await expect(p.connect.send(new DeleteQueueCommand({ InstanceId: InstanceId(), QueueId }))).rejects.toMatchObject({ name: 'ResourceInUseException' });
    await p.connect.send(new DeleteRoutingProfileCommand(ids));
    for (const QueueId of [inbound, outbound]) await p.connect.send(new DeleteQueueCommand({ InstanceId: InstanceId(), QueueId }));
  });
});
