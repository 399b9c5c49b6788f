import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { flowLogs } from '../scenario/kit.js';
import { act, chatOn, insertFlow, park, say, systemMessage } from './kit.js';

/*
 * Actions run on a real chat for what they store: routing criteria, moving a queued contact, and
 * the reason in the flow log when an action Parley does not have yet takes its error branch.
 */

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

const contactRow = (id: string) => p.deps.db.kysely.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('UpdateContactRoutingCriteria', () => {
  it('stores the criteria, the preferred agent taken from an attribute, on the contact for routing', async () => {
    const flowId = await insertFlow(p, [
      act(
        'criteria',
        'UpdateContactRoutingCriteria',
        {
          RoutingCriteria: {
            Steps: [{ Expression: { AttributeCondition: { ComparisonOperator: 'Match', MatchCriteria: { AgentsCriteria: { AgentIds: ['$.Attributes.lastAgentId'] } } } }, Expiry: { DurationInSeconds: '300' } }],
          },
        },
        { next: 'ok', errors: { NoMatchingError: 'error' } },
      ),
      say('ok', 'criteria set', 'park'),
      say('error', 'error branch', 'park'),
      park(),
    ]);
    const { chat, socket } = await chatOn(p, flowId, { Attributes: { lastAgentId: 'agent-7' } });
    await systemMessage(socket, 'criteria set');
    const row = await contactRow(chat.contactId);
    expect(JSON.parse(row.routing_criteria!)).toEqual({
      Steps: [{ Expression: { AttributeCondition: { ComparisonOperator: 'Match', MatchCriteria: { AgentsCriteria: { AgentIds: ['agent-7'] } } } }, Expiry: { DurationInSeconds: 300 } }],
    });
  });
});

describe('DequeueContactAndTransferToQueue', () => {
  it('in the customer queue flow, moves the queued contact to another queue', async () => {
    const priorityId = randomUUID();
    await p.deps.db.write((tx) =>
      tx.insertInto('queues').values({ id: priorityId, instance_id: p.seeded.instanceId, name: `Priority ${priorityId}`, description: '', created_at: p.clock.now() }).execute(),
    );
    const queueFlowId = await insertFlow(
      p,
      [
        act('move', 'DequeueContactAndTransferToQueue', { QueueId: priorityId }, { next: 'moved', errors: { NoMatchingError: 'error', QueueAtCapacity: 'error' } }),
        say('moved', 'now in $.Queue.Name', 'park'),
        say('error', 'error branch', 'park'),
        park(),
      ],
      { type: 'CUSTOMER_QUEUE' },
    );
    const inboundId = await insertFlow(p, [
      act('hook', 'UpdateContactEventHooks', { EventHooks: { CustomerQueue: queueFlowId } }, { next: 'queue' }),
      act('queue', 'UpdateContactTargetQueue', { QueueId: p.seeded.basicQueueId }, { next: 'transfer' }),
      act('transfer', 'TransferContactToQueue', {}, {}),
    ]);
    const { chat, socket } = await chatOn(p, inboundId);
    await systemMessage(socket, `now in Priority ${priorityId}`);
    const row = await contactRow(chat.contactId);
    expect(row).toMatchObject({ state: 'QUEUED', queue_id: priorityId, working_queue_id: priorityId });
  });

  it('a contact that is not queued cannot be moved: error branch', async () => {
    const flowId = await insertFlow(p, [
      act('move', 'DequeueContactAndTransferToQueue', { QueueId: p.seeded.basicQueueId }, { next: 'moved', errors: { NoMatchingError: 'error' } }),
      say('moved', 'moved', 'park'),
      say('error', 'error branch', 'park'),
      park(),
    ]);
    const { socket } = await chatOn(p, flowId);
    await systemMessage(socket, 'error branch');
  });
});

describe('actions Parley does not have yet', () => {
  it('CreateTask and a Customer Profiles block take their error branch, and the flow log says why', async () => {
    const flowId = await insertFlow(p, [
      act('logs', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, { next: 'task' }),
      act('task', 'CreateTask', { Name: 'Follow up', ContactFlowId: 'f-1' }, { next: 'profile', errors: { NoMatchingError: 'profile' } }),
      act('profile', 'GetCustomerProfile', { ProfileRequestData: { IdentifierName: '_phone', IdentifierValue: '+15550100' } }, { next: 'ok', errors: { NoMatchingError: 'error', NoneFoundError: 'ok' } }),
      say('ok', 'found', 'park'),
      say('error', 'error branch', 'park'),
      park(),
    ]);
    const { chat, socket } = await chatOn(p, flowId);
    await systemMessage(socket, 'error branch');
    const logs = await flowLogs(p, chat.contactId);
    expect(logs.find((l) => l.Identifier === 'task')).toMatchObject({ Error: 'NoMatchingError', ErrorDetail: expect.stringMatching(/tasks are not supported/), NextAction: 'profile' });
    expect(logs.find((l) => l.Identifier === 'profile')).toMatchObject({ Error: 'NoMatchingError', ErrorDetail: expect.stringMatching(/Customer Profiles/), NextAction: 'error' });
  });
});
