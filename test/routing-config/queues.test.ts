import {
  CreateHoursOfOperationCommand,
  CreateQueueCommand,
  DeleteQueueCommand,
  DescribeContactCommand,
  DescribeQueueCommand,
  ListQueuesCommand,
  UpdateQueueHoursOfOperationCommand,
  UpdateQueueMaxContactsCommand,
  UpdateQueueNameCommand,
} from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand } from '@aws-sdk/client-connectparticipant';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, chatOn, insertFlow, park, say, systemMessage } from '../flows-runtime/kit.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

/* Queues through the SDK, and what flows see of a change (TransferContactToQueue, CheckHoursOfOperation). */

let p: TestParley;
beforeEach(async () => {
  p = await startTestParley();
});
afterEach(async () => {
  await p.stop();
});

const instance = () => p.seeded.instanceId;
const createQueue = async (Name: string, extra: { MaxContacts?: number; HoursOfOperationId?: string } = {}) =>
  (await p.connect.send(new CreateQueueCommand({ InstanceId: instance(), Name, HoursOfOperationId: p.seeded.basicHoursId, ...extra }))).QueueId!;
const describe_ = async (QueueId: string) => (await p.connect.send(new DescribeQueueCommand({ InstanceId: instance(), QueueId }))).Queue!;

/** An inbound flow that queues the contact in `queueId`, saying so when the queue is full. */
const transferFlow = (queueId: string) =>
  insertFlow(p, [
    act('queue', 'UpdateContactTargetQueue', { QueueId: queueId }, { next: 'transfer', errors: { NoMatchingError: 'error' } }),
    act('transfer', 'TransferContactToQueue', {}, { next: 'error', errors: { QueueAtCapacity: 'full', NoMatchingError: 'error' } }),
    say('full', 'queue full', 'park'),
    say('error', 'error', 'park'),
    park(),
  ]);
const queueOf = async (contactId: string) => (await p.connect.send(new DescribeContactCommand({ InstanceId: instance(), ContactId: contactId }))).Contact?.QueueInfo?.Id;

describe('Queues through the SDK', () => {
  it('creates, describes, renames, re-hours, limits and deletes a queue', async () => {
    const id = await createQueue('Sales', { MaxContacts: 5 });
    const { region, accountId } = p.deps.config;
    const arn = `arn:aws:connect:${region}:${accountId}:instance/${instance()}/queue/${id}`;
    expect(await describe_(arn)).toMatchObject({ QueueId: id, QueueArn: arn, Name: 'Sales', HoursOfOperationId: p.seeded.basicHoursId, MaxContacts: 5, Status: 'ENABLED' });

    await p.connect.send(new UpdateQueueNameCommand({ InstanceId: instance(), QueueId: id, Name: 'Sales EU', Description: 'European sales' }));
    const { HoursOfOperationId: hoursId } = await p.connect.send(
      new CreateHoursOfOperationCommand({ InstanceId: instance(), Name: 'Night', TimeZone: 'UTC', Config: [{ Day: 'MONDAY', StartTime: { Hours: 22, Minutes: 0 }, EndTime: { Hours: 6, Minutes: 0 } }] }),
    );
    await p.connect.send(new UpdateQueueHoursOfOperationCommand({ InstanceId: instance(), QueueId: id, HoursOfOperationId: hoursId }));
    await p.connect.send(new UpdateQueueMaxContactsCommand({ InstanceId: instance(), QueueId: id }));
    const updated = await describe_(id);
    expect(updated).toMatchObject({ Name: 'Sales EU', Description: 'European sales', HoursOfOperationId: hoursId });
    // Without MaxContacts the queue has no limit.
    expect(updated.MaxContacts).toBeUndefined();

    await p.connect.send(new DeleteQueueCommand({ InstanceId: instance(), QueueId: id }));
    await expect(describe_(id)).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('lists standard queues by name, paged, and agent queues under the AGENT filter', async () => {
    await createQueue('Support');
    await createQueue('Billing');
    const first = await p.connect.send(new ListQueuesCommand({ InstanceId: instance(), MaxResults: 2, QueueTypes: ['STANDARD'] }));
    const second = await p.connect.send(new ListQueuesCommand({ InstanceId: instance(), MaxResults: 2, QueueTypes: ['STANDARD'], NextToken: first.NextToken }));
    expect([...first.QueueSummaryList!, ...second.QueueSummaryList!].map((q) => [q.Name, q.QueueType])).toEqual([
      ['BasicQueue', 'STANDARD'],
      ['Billing', 'STANDARD'],
      ['Support', 'STANDARD'],
    ]);
    expect(second.NextToken).toBeUndefined();
    // Without a filter Connect lists agent queues too: one per user (the three demo users here).
    expect((await p.connect.send(new ListQueuesCommand({ InstanceId: instance() }))).QueueSummaryList).toHaveLength(6);
    const agentQueues = (await p.connect.send(new ListQueuesCommand({ InstanceId: instance(), QueueTypes: ['AGENT'] }))).QueueSummaryList!;
    expect(agentQueues.map((q) => [q.Name, q.QueueType])).toEqual([
      ['admin', 'AGENT'],
      ['alice', 'AGENT'],
      ['bob', 'AGENT'],
    ]);
    // A token made for one filter is refused for another.
    await expect(p.connect.send(new ListQueuesCommand({ InstanceId: instance(), MaxResults: 2, NextToken: first.NextToken }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});

describe('what flows see of a change', () => {
  it('TransferContactToQueue takes QueueAtCapacity after UpdateQueueMaxContacts lowers the limit, and lets the contact in once it is raised', async () => {
    const queueId = await createQueue('Sales');
    const flowId = await transferFlow(queueId);
    const first = await chatOn(p, flowId);
    expect(await queueOf(first.chat.contactId)).toBe(queueId);
    await p.connect.send(new UpdateQueueMaxContactsCommand({ InstanceId: instance(), QueueId: queueId, MaxContacts: 1 }));
    const second = await chatOn(p, flowId);
    await systemMessage(second.socket, 'queue full');
    expect(await queueOf(second.chat.contactId)).toBeUndefined();
    await p.connect.send(new UpdateQueueMaxContactsCommand({ InstanceId: instance(), QueueId: queueId, MaxContacts: 2 }));
    const third = await chatOn(p, flowId);
    expect(await queueOf(third.chat.contactId)).toBe(queueId);
    expect(third.socket.items().some((i) => i.Content === 'queue full')).toBe(false);
    for (const c of [first, second, third]) c.socket.close();
  });

  it('refuses DeleteQueue while a contact is queued in it, and deletes it once the contact has left', async () => {
    const queueId = await createQueue('Sales');
    const { chat, socket } = await chatOn(p, await transferFlow(queueId));
    expect(await queueOf(chat.contactId)).toBe(queueId);
    await expect(p.connect.send(new DeleteQueueCommand({ InstanceId: instance(), QueueId: queueId }))).rejects.toMatchObject({
      name: 'ResourceInUseException',
      $metadata: { httpStatusCode: 409 },
    });
    expect((await describe_(queueId)).Name).toBe('Sales');
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: chat.connectionToken }));
    await p.settle();
    await p.connect.send(new DeleteQueueCommand({ InstanceId: instance(), QueueId: queueId }));
    await expect(describe_(queueId)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    socket.close();
  });

  it('CheckHoursOfOperation follows UpdateQueueHoursOfOperation', async () => {
    const queueId = await createQueue('Sales');
    const flowId = await insertFlow(p, [
      act('queue', 'UpdateContactTargetQueue', { QueueId: queueId }, { next: 'check' }),
      act('check', 'CheckHoursOfOperation', {}, { next: 'park', errors: { NoMatchingError: 'park' }, conditions: { True: 'open', False: 'closed' } }),
      say('open', 'open', 'park'),
      say('closed', 'closed', 'park'),
      park(),
    ]);
    const branch = async () => {
      const { socket } = await chatOn(p, flowId);
      const item = await systemMessage(socket, /^(open|closed)$/);
      socket.close();
      return item.Content;
    };
    expect(await branch()).toBe('open'); // Basic Hours: always open
    const { HoursOfOperationId } = await p.connect.send(
      new CreateHoursOfOperationCommand({ InstanceId: instance(), Name: 'Weekends', TimeZone: 'UTC', Config: [{ Day: 'SATURDAY', StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } }] }),
    );
    await p.connect.send(new UpdateQueueHoursOfOperationCommand({ InstanceId: instance(), QueueId: queueId, HoursOfOperationId }));
    expect(await branch()).toBe('closed'); // a Monday
  });
});
