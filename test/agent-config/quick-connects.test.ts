import {
  AssociateQueueQuickConnectsCommand,
  CreateQuickConnectCommand,
  DeleteQueueCommand,
  DeleteQuickConnectCommand,
  DeleteUserCommand,
  DescribeQuickConnectCommand,
  DisassociateQueueQuickConnectsCommand,
  ListQueueQuickConnectsCommand,
  ListQuickConnectsCommand,
  UpdateQuickConnectConfigCommand,
  UpdateQuickConnectNameCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { queue, transferFlow, user } from './kit.js';

/* Quick connects to users and queues, and the quick connects of a queue, through the SDK. */

let p: TestParley;
let agentFlow: string;
let queueFlow: string;
let sales: string;
let alice: string;
beforeAll(async () => {
  p = await startTestParley();
  agentFlow = await transferFlow(p, 'AGENT_TRANSFER');
  queueFlow = await transferFlow(p, 'QUEUE_TRANSFER');
  sales = await queue(p, 'Sales');
  alice = p.seeded.demoUsers.alice.id;
});
afterAll(async () => {
  await p.stop();
});

const InstanceId = () => p.seeded.instanceId;
const toUser = (Name: string, UserId: string) =>
  p.connect.send(new CreateQuickConnectCommand({ InstanceId: InstanceId(), Name, QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId, ContactFlowId: agentFlow } } }));
const toQueue = (Name: string, QueueId: string) =>
  p.connect.send(new CreateQuickConnectCommand({ InstanceId: InstanceId(), Name, QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId, ContactFlowId: queueFlow } } }));
const describeQc = async (QuickConnectId: string) => (await p.connect.send(new DescribeQuickConnectCommand({ InstanceId: InstanceId(), QuickConnectId }))).QuickConnect!;

describe('quick connects', () => {
  it('creates, describes, renames, re-targets and deletes a quick connect', async () => {
    const out = await toUser('Alice', alice);
    const { region, accountId } = p.deps.config;
    expect(out.QuickConnectARN).toBe(`arn:aws:connect:${region}:${accountId}:instance/${InstanceId()}/transfer-destination/${out.QuickConnectId}`);
    expect(await describeQc(out.QuickConnectARN!)).toMatchObject({
      QuickConnectId: out.QuickConnectId,
      Name: 'Alice',
      QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: alice, ContactFlowId: agentFlow } },
      LastModifiedRegion: region,
    });
    const ids = { InstanceId: InstanceId(), QuickConnectId: out.QuickConnectId };
    await p.connect.send(new UpdateQuickConnectNameCommand({ ...ids, Name: 'Sales desk', Description: 'Hand over to sales' }));
    await p.connect.send(new UpdateQuickConnectConfigCommand({ ...ids, QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: sales, ContactFlowId: queueFlow } } }));
    expect(await describeQc(out.QuickConnectId!)).toMatchObject({
      Name: 'Sales desk',
      Description: 'Hand over to sales',
      QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: sales, ContactFlowId: queueFlow } },
    });
    await p.connect.send(new DeleteQuickConnectCommand(ids));
    await expect(describeQc(out.QuickConnectId!)).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('lists quick connects by name, filtered by type', async () => {
    await toUser('Bob', p.seeded.demoUsers.bob.id);
    await toQueue('Billing', sales);
    const all = await p.connect.send(new ListQuickConnectsCommand({ InstanceId: InstanceId() }));
    expect(all.QuickConnectSummaryList!.map((q) => [q.Name, q.QuickConnectType])).toEqual([
      ['Billing', 'QUEUE'],
      ['Bob', 'USER'],
    ]);
    const users = await p.connect.send(new ListQuickConnectsCommand({ InstanceId: InstanceId(), QuickConnectTypes: ['USER'] }));
    expect(users.QuickConnectSummaryList!.map((q) => q.Name)).toEqual(['Bob']);
    const first = await p.connect.send(new ListQuickConnectsCommand({ InstanceId: InstanceId(), MaxResults: 1 }));
    const second = await p.connect.send(new ListQuickConnectsCommand({ InstanceId: InstanceId(), MaxResults: 1, NextToken: first.NextToken }));
    expect([...first.QuickConnectSummaryList!, ...second.QuickConnectSummaryList!].map((q) => q.Name)).toEqual(['Billing', 'Bob']);
  });

  it('associates quick connects with a queue, lists and disassociates them', async () => {
    const support = await queue(p, 'Support');
    const a = (await toUser('To Alice', alice)).QuickConnectId!;
    const b = (await toQueue('To Sales', sales)).QuickConnectId!;
    const ids = { InstanceId: InstanceId(), QueueId: support };
    await p.connect.send(new AssociateQueueQuickConnectsCommand({ ...ids, QuickConnectIds: [b, a] }));
    // Associating again changes nothing.
    await p.connect.send(new AssociateQueueQuickConnectsCommand({ ...ids, QuickConnectIds: [a] }));
    const listed = await p.connect.send(new ListQueueQuickConnectsCommand(ids));
    expect(listed.QuickConnectSummaryList!.map((q) => [q.Id, q.Name, q.QuickConnectType])).toEqual([
      [a, 'To Alice', 'USER'],
      [b, 'To Sales', 'QUEUE'],
    ]);
    await p.connect.send(new DisassociateQueueQuickConnectsCommand({ ...ids, QuickConnectIds: [a] }));
    expect((await p.connect.send(new ListQueueQuickConnectsCommand(ids))).QuickConnectSummaryList!.map((q) => q.Id)).toEqual([b]);
    // Deleting the quick connect takes it off the queue.
    await p.connect.send(new DeleteQuickConnectCommand({ InstanceId: InstanceId(), QuickConnectId: b }));
    expect((await p.connect.send(new ListQueueQuickConnectsCommand(ids))).QuickConnectSummaryList).toEqual([]);
  });

  it('refuses to delete the queue or the user a quick connect transfers to, until the quick connect goes', async () => {
    const target = await queue(p, 'Escalations');
    const carol = await user(p, 'carol');
    const q = (await toQueue('Escalate', target)).QuickConnectId!;
    const u = (await toUser('Carol', carol)).QuickConnectId!;
    await expect(p.connect.send(new DeleteQueueCommand({ InstanceId: InstanceId(), QueueId: target }))).rejects.toMatchObject({ name: 'ResourceInUseException', $metadata: { httpStatusCode: 409 } });
    await expect(p.connect.send(new DeleteUserCommand({ InstanceId: InstanceId(), UserId: carol }))).rejects.toMatchObject({ name: 'ResourceInUseException', $metadata: { httpStatusCode: 409 } });
    for (const QuickConnectId of [q, u]) await p.connect.send(new DeleteQuickConnectCommand({ InstanceId: InstanceId(), QuickConnectId }));
    await p.connect.send(new DeleteQueueCommand({ InstanceId: InstanceId(), QueueId: target }));
    await p.connect.send(new DeleteUserCommand({ InstanceId: InstanceId(), UserId: carol }));
  });
});
