import { DisconnectParticipantCommand } from '@aws-sdk/client-connectparticipant';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedJson } from '../agent-config/kit.js';
import { act, chatOn, insertFlow, park, say, systemMessage } from '../flows-runtime/kit.js';
import { connectAgent, TestAgent } from '../helpers/agent.js';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

/* What flows read of live agents (CheckMetricData, GetMetricData), and the routing profile's after-contact work limit. */

let p: TestParley;
const open: { close(): void }[] = [];
beforeEach(async () => {
  p = await startTestParley();
});
afterEach(async () => {
  for (const o of open.splice(0)) o.close();
  await p.stop();
});

/** A flow that reports BasicQueue's staffing: available agents, then the GetMetricData figures. */
const staffingFlow = () =>
  insertFlow(p, [
    act('queue', 'UpdateContactTargetQueue', { QueueId: p.seeded.basicQueueId }, { next: 'check', errors: { NoMatchingError: 'park' } }),
    {
      ...act('check', 'CheckMetricData', { MetricType: 'NumberOfAgentsAvailable' }, { next: 'none', errors: { NoMatchingCondition: 'none', NoMatchingError: 'none' } }),
      Transitions: {
        NextAction: 'none',
        Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'none' }],
        Conditions: [{ NextAction: 'some', Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } }],
      },
    },
    say('some', 'someone is available', 'metrics'),
    say('none', 'nobody is available', 'metrics'),
    act('metrics', 'GetMetricData', {}, { next: 'report', errors: { NoMatchingError: 'park' } }),
    say('report', 'online $.Metrics.Agents.Online.Count, available $.Metrics.Agents.Available.Count, busy $.Metrics.Agents.Busy.Count, in queue $.Metrics.Queue.Size', 'park'),
    park(),
  ]);

describe('live figures in flows', () => {
  it('counts agents online, available and on contact for the queue', async () => {
    const flow = await staffingFlow();
    const nobody = await chatOn(p, flow);
    await systemMessage(nobody.socket, 'nobody is available');
    await systemMessage(nobody.socket, 'online 0, available 0, busy 0, in queue 0');
    open.push(nobody.socket);

    const served = await startChat(p);
    const alice = await connectAgent(p, served, 'alice');
    const bob = await TestAgent.login(p, 'bob');
    await bob.setStatus('Break');
    open.push(alice.agent, alice.socket, bob);
    const some = await chatOn(p, flow);
    open.push(some.socket);
    await systemMessage(some.socket, 'someone is available');
    // Alice is online, available (2 of 3 slots free) and on a contact; bob is online on a break.
    await systemMessage(some.socket, 'online 2, available 1, busy 1, in queue 0');
  });
});

describe('after-contact work limit of the routing profile', () => {
  it('wins over the user’s own limit', async () => {
    const path = `/routing-profiles/${p.seeded.instanceId}/${p.seeded.routingProfileId}/after-contact-work`;
    expect((await signedJson(p, 'POST', path, { AfterContactWorkTimeLimit: 10 })).status).toBe(200);
    await p.deps.db.write((tx) => tx.updateTable('users').set({ phone_config: JSON.stringify({ PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 600 }) }).where('username', '=', 'alice').execute());
    const chat = await startChat(p);
    const a = await connectAgent(p, chat, 'alice');
    open.push(a.agent, a.socket);
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: chat.connectionToken }));
    await a.agent.contactState(chat.contactId, 'ENDED');
    p.clock.advance(10_000);
    await p.settle();
    await a.agent.events.waitFor((e) => e.CurrentAgentSnapshot.Contacts.length === 0);
  });
});
