import {
  CreateAgentStatusCommand,
  CreateQuickConnectCommand,
  CreateRoutingProfileCommand,
  CreateUserCommand,
  DeleteQueueCommand,
  DescribeRoutingProfileCommand,
  ListQueuesCommand,
  ListRoutingProfileQueuesCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { IN_CI, probePostgres, randomSchema } from '../contract/stores.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { PASSWORD, queue, transferFlow } from './kit.js';

/*
 * The same APIs on PostgreSQL: racing creates that pass the friendly name check together reach
 * the client as DuplicateResourceException, and counts and timestamps (int8 as text there) come
 * back as numbers.
 */
const probe = await probePostgres();
const skip = probe.reason !== null && !IN_CI;
if (skip) console.warn(`[agent-config postgres] skipping: ${probe.reason}`);

describe.skipIf(skip)('agent configuration on PostgreSQL', () => {
  const schema = randomSchema();
  let p: TestParley;
  beforeAll(async () => {
    if (!probe.url) throw new Error(probe.reason ?? 'PostgreSQL unavailable');
    p = await startTestParley({ db: await openPostgres({ url: probe.url, schema }) });
  });
  afterAll(async () => {
    await p?.stop();
    if (probe.url) await dropSchema(probe.url, schema);
  });

  const outcomes = (settled: PromiseSettledResult<unknown>[]) => settled.map((s) => (s.status === 'fulfilled' ? 'created' : (s.reason as Error).name)).sort();
  const oneCreated = (n: number) => [...Array<string>(n - 1).fill('DuplicateResourceException'), 'created'];

  it('creates one routing profile, user, agent status and quick connect per name, refusing the rest as duplicates', async () => {
    const InstanceId = p.seeded.instanceId;
    const race = (send: () => Promise<unknown>) => Promise.allSettled(Array.from({ length: 4 }, send));
    const profile = () =>
      p.connect.send(
        new CreateRoutingProfileCommand({ InstanceId, Name: 'Chat', Description: 'd', DefaultOutboundQueueId: p.seeded.basicQueueId, MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2 }] }),
      );
    expect(outcomes(await race(profile))).toEqual(oneCreated(4));
    const user = () =>
      p.connect.send(
        new CreateUserCommand({
          InstanceId,
          Username: 'twin',
          Password: PASSWORD,
          PhoneConfig: { PhoneType: 'SOFT_PHONE' },
          SecurityProfileIds: [p.seeded.securityProfileIds.Agent],
          RoutingProfileId: p.seeded.routingProfileId,
        }),
      );
    expect(outcomes(await Promise.allSettled([user(), user()]))).toEqual(oneCreated(2));
    expect(outcomes(await race(() => p.connect.send(new CreateAgentStatusCommand({ InstanceId, Name: 'Lunch', State: 'ENABLED' }))))).toEqual(oneCreated(4));
    const flow = await transferFlow(p, 'QUEUE_TRANSFER');
    const qc = () =>
      p.connect.send(new CreateQuickConnectCommand({ InstanceId, Name: 'Basic', QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: p.seeded.basicQueueId, ContactFlowId: flow } } }));
    expect(outcomes(await race(qc))).toEqual(oneCreated(4));
  });

  it('describes, lists and protects queues of a routing profile', async () => {
    const InstanceId = p.seeded.instanceId;
    const sales = await queue(p, 'Sales');
    const { RoutingProfileId } = await p.connect.send(
      new CreateRoutingProfileCommand({
        InstanceId,
        Name: 'Sales team',
        Description: 'd',
        DefaultOutboundQueueId: sales,
        QueueConfigs: [
          { QueueReference: { QueueId: sales, Channel: 'CHAT' }, Priority: 1, Delay: 5 },
          { QueueReference: { QueueId: p.seeded.basicQueueId, Channel: 'CHAT' }, Priority: 2, Delay: 0 },
        ],
        MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2 }],
      }),
    );
    const rp = (await p.connect.send(new DescribeRoutingProfileCommand({ InstanceId, RoutingProfileId }))).RoutingProfile!;
    expect(rp).toMatchObject({ NumberOfAssociatedQueues: 2, NumberOfAssociatedUsers: 0, LastModifiedTime: new Date(p.clock.now()) });
    const first = await p.connect.send(new ListRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId, MaxResults: 1 }));
    const second = await p.connect.send(new ListRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId, MaxResults: 1, NextToken: first.NextToken }));
    expect([...first.RoutingProfileQueueConfigSummaryList!, ...second.RoutingProfileQueueConfigSummaryList!].map((q) => [q.QueueName, q.Priority, q.Delay])).toEqual([
      ['BasicQueue', 2, 0],
      ['Sales', 1, 5],
    ]);
    await expect(p.connect.send(new DeleteQueueCommand({ InstanceId, QueueId: sales }))).rejects.toMatchObject({ name: 'ResourceInUseException' });
    const agents = await p.connect.send(new ListQueuesCommand({ InstanceId, QueueTypes: ['AGENT'] }));
    expect(agents.QueueSummaryList!.map((q) => q.Name)).toEqual(expect.arrayContaining(['admin', 'alice', 'bob']));
    expect(agents.QueueSummaryList!.every((q) => q.LastModifiedTime instanceof Date)).toBe(true);
  });
});
