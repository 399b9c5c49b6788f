import { CreateContactFlowCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GREETING, DISCONNECT_TEXTS } from '../../src/core/flow/default-flows.js';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { TestSocket } from '../helpers/socket.js';
import { advance, flowLogs, flowMessage, isEvent, signedGet } from './kit.js';

/** Flow logs through their API: one entry per executed block, switched by UpdateFlowLoggingBehavior. */
let p: TestParley;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await p.stop();
});

async function chatOn(flowId: string, attributes?: Record<string, string>) {
  const chat = await startChat(p, { ContactFlowId: flowId, Attributes: attributes });
  const socket = await TestSocket.open(chat.websocketUrl);
  sockets.push(socket);
  return { chat, socket };
}

/** Logging on, a message, a voice-only block that fails on chat, logging off, a message, a minute's Wait, disconnect. */
const SWITCHING_FLOW = {
  Version: '2019-10-30',
  StartAction: 'logging-on',
  Actions: [
    { Identifier: 'logging-on', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: { NextAction: 'hello' } },
    { Identifier: 'hello', Type: 'MessageParticipant', Parameters: { Text: 'Hello $.Attributes.name' }, Transitions: { NextAction: 'press-1', Errors: [] } },
    {
      Identifier: 'press-1',
      Type: 'GetParticipantInput',
      Parameters: { Text: 'Press 1', StoreInput: 'False', InputTimeLimitSeconds: '5' },
      Transitions: { NextAction: 'logging-off', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'logging-off' }], Conditions: [{ NextAction: 'logging-off', Condition: { Operator: 'Equals', Operands: ['1'] } }] },
    },
    { Identifier: 'logging-off', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Disabled' }, Transitions: { NextAction: 'bye' } },
    { Identifier: 'bye', Type: 'MessageParticipant', Parameters: { Text: 'Bye' }, Transitions: { NextAction: 'pause', Errors: [] } },
    {
      Identifier: 'pause',
      Type: 'Wait',
      Parameters: { TimeLimitSeconds: '60' },
      Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }], Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] },
    },
    { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ],
};

describe('flow logs', () => {
  it('has one entry per block the default inbound flow ran, oldest first, shaped like Connect flow logs', async () => {
    const started = p.clock.now();
    const { chat, socket } = await chatOn(p.seeded.inboundFlowId);
    await flowMessage(socket, DEFAULT_GREETING);
    const logs = await flowLogs(p, chat.contactId);
    expect(logs.map((l) => [l.Identifier, l.Type, l.NextAction])).toEqual([
      ['logging', 'UpdateFlowLoggingBehavior', 'greeting'],
      ['greeting', 'MessageParticipant', 'set-disconnect-flow'],
      ['set-disconnect-flow', 'UpdateContactEventHooks', 'set-queue'],
      ['set-queue', 'UpdateContactTargetQueue', 'transfer'],
      // TransferContactToQueue ends the flow when it succeeds: no next block.
      ['transfer', 'TransferContactToQueue', null],
    ]);
    for (const l of logs)
      expect(l).toMatchObject({
        Timestamp: new Date(started).toISOString(),
        ContactId: chat.contactId,
        ContactFlowId: `arn:aws:connect:${p.deps.config.region}:${p.deps.config.accountId}:instance/${p.seeded.instanceId}/contact-flow/${p.seeded.inboundFlowId}`,
        ContactFlowName: 'Default inbound chat',
        ContactFlowModuleType: l.Type,
        Results: null,
        Error: null,
      });
    expect(logs[1].Parameters).toEqual({ Text: DEFAULT_GREETING });
    expect(logs[3].Parameters).toEqual({ QueueId: expect.stringContaining(`/queue/${p.seeded.basicQueueId}`) });
  });

  it('pages with maxResults and NextToken, and refuses a token made for another contact', async () => {
    const { chat } = await chatOn(p.seeded.inboundFlowId);
    const all = await flowLogs(p, chat.contactId);
    expect(await flowLogs(p, chat.contactId, 2)).toEqual(all);
    const first = await signedGet(p, `/flow-logs/${p.seeded.instanceId}/${chat.contactId}`, { maxResults: '2' });
    expect((first.body.FlowLogs as unknown[]).length).toBe(2);
    const other = await chatOn(p.seeded.inboundFlowId);
    const wrong = await signedGet(p, `/flow-logs/${p.seeded.instanceId}/${other.chat.contactId}`, { nextToken: first.body.NextToken as string });
    expect(wrong).toMatchObject({ status: 400, body: { __type: expect.stringContaining('InvalidParameterException') } });
  });

  it('logs only the blocks that ran while logging was on, failures with their ErrorType', async () => {
    const created = await p.connect.send(
      new CreateContactFlowCommand({ InstanceId: p.seeded.instanceId, Name: 'Logging switches', Type: 'CONTACT_FLOW', Content: JSON.stringify(SWITCHING_FLOW) }),
    );
    const { chat, socket } = await chatOn(created.ContactFlowId!, { name: 'Ada' });
    await flowMessage(socket, 'Hello Ada');
    await flowMessage(socket, 'Bye');
    await advance(p, 60_000);
    await socket.waitForItem(isEvent('chat.ended'));
    const logs = await flowLogs(p, chat.contactId);
    expect(logs.map((l) => l.Identifier)).toEqual(['logging-on', 'hello', 'press-1']);
    expect(logs[1]).toMatchObject({ Parameters: { Text: 'Hello $.Attributes.name' }, ContactFlowName: 'Logging switches', NextAction: 'press-1' });
    expect(logs[2]).toMatchObject({ Type: 'GetParticipantInput', Error: 'NoMatchingError', Results: null, NextAction: 'logging-off' });
  });

  it('is empty for a contact whose flows never switched logging on', async () => {
    // The seeded disconnect flow does not switch logging on (on its own segment it inherits it).
    const { chat, socket } = await chatOn(p.seeded.disconnectFlowId);
    await flowMessage(socket, DISCONNECT_TEXTS.agentLeft);
    expect(await flowLogs(p, chat.contactId)).toEqual([]);
  });

  it('answers Connect-shaped errors for an unknown contact, an unsigned request and a bad page size', async () => {
    const unknown = await signedGet(p, `/flow-logs/${p.seeded.instanceId}/no-such-contact`);
    expect(unknown).toMatchObject({ status: 404, body: { __type: expect.stringContaining('ResourceNotFoundException') } });
    const unsigned = await fetch(`${p.url}/flow-logs/${p.seeded.instanceId}/no-such-contact`);
    expect(unsigned.status).toBe(403);
    const { chat } = await chatOn(p.seeded.inboundFlowId);
    const zero = await signedGet(p, `/flow-logs/${p.seeded.instanceId}/${chat.contactId}`, { maxResults: '0' });
    expect(zero.status).toBe(400);
  });
});
