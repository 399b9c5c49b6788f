import { CreateContactFlowCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe as suite, expect, it } from 'vitest';
import { DEFAULT_GREETING, QUEUE_REMINDER_SECONDS, QUEUE_REMINDER_TEXT, QUEUE_REMINDERS } from '../../src/core/flow/default-flows.js';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { TestSocket } from '../helpers/socket.js';
import { advance, describe, flowLogs, flowMessage, isEvent, say } from './kit.js';

/** Waits on the simulated clock: up to 7 days, the chat's duration first, and the customer queue flow's Wait loop. */
let p: TestParley;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await p.stop();
});

const DAY_MS = 24 * 3600_000;

/** Says hello, Waits (listening for the customer), then says which branch it took and disconnects. */
function waitingFlow(seconds: number | string) {
  const say = (id: string, text: string, next: string) => ({ Identifier: id, Type: 'MessageParticipant', Parameters: { Text: text }, Transitions: { NextAction: next, Errors: [] } });
  const branch = (value: string, next: string) => ({ NextAction: next, Condition: { Operator: 'Equals', Operands: [value] } });
  return JSON.stringify({
    Version: '2019-10-30',
    StartAction: 'logging',
    Actions: [
      { Identifier: 'logging', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: { NextAction: 'hello' } },
      say('hello', 'Hello', 'wait'),
      {
        Identifier: 'wait',
        Type: 'Wait',
        Parameters: { TimeLimitSeconds: String(seconds), Events: ['CustomerReturned'] },
        Transitions: { NextAction: 'failed', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'failed' }], Conditions: [branch('CustomerReturned', 'returned'), branch('WaitCompleted', 'expired')] },
      },
      say('returned', 'You came back', 'end'),
      say('expired', 'Time is up', 'end'),
      say('failed', 'Wait failed', 'end'),
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  });
}

let flows = 0;

async function createWaitingFlow(seconds: number | string): Promise<string> {
  const flow = await p.connect.send(
    new CreateContactFlowCommand({ InstanceId: p.seeded.instanceId, Name: `Waiting flow ${++flows}`, Type: 'CONTACT_FLOW', Content: waitingFlow(seconds) }),
  );
  return flow.ContactFlowId!;
}

async function chatWaiting(seconds: number, chatMinutes: number) {
  const flowId = await createWaitingFlow(seconds);
  const started = p.clock.now();
  const chat = await startChat(p, { ContactFlowId: flowId, ChatDurationInMinutes: chatMinutes });
  const socket = await TestSocket.open(chat.websocketUrl);
  sockets.push(socket);
  await flowMessage(socket, 'Hello');
  return { chat, socket, started };
}

suite('Waits', () => {
  it('completes a six-day Wait in a seven-day chat, and on the customer coming back on the last day', async () => {
    const a = await chatWaiting(6 * 24 * 3600, 7 * 24 * 60);
    await advance(p, 6 * DAY_MS - 1);
    expect(a.socket.items().some((i) => i.Content === 'Time is up')).toBe(false);
    await advance(p, 1);
    const up = await flowMessage(a.socket, 'Time is up');
    expect(up.AbsoluteTime).toBe(new Date(a.started + 6 * DAY_MS).toISOString());
    expect((await describe(p, a.chat.contactId)).DisconnectReason).toBe('CONTACT_FLOW_DISCONNECT');

    const b = await chatWaiting(6 * 24 * 3600, 7 * 24 * 60);
    await advance(p, 6 * DAY_MS - 60_000);
    await say(p, b.chat.connectionToken, "Hey, I'm back");
    await flowMessage(b.socket, 'You came back');
  });

  it('takes the error branch for a Wait whose time, read from an attribute, is beyond the 7-day maximum', async () => {
    // A static one is refused when the flow is saved; a reference can only be checked when it runs.
    const flowId = await createWaitingFlow('$.Attributes.waitSeconds');
    const started = await p.connect.send(
      new StartChatContactCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Customer' }, Attributes: { waitSeconds: '604801' } }),
    );
    const logs = await flowLogs(p, started.ContactId!);
    expect(logs.find((l) => l.Type === 'Wait')).toMatchObject({ Error: 'NoMatchingError', NextAction: 'failed' });
    expect(logs.map((l) => l.Identifier).slice(-2)).toEqual(['failed', 'end']);
    expect((await describe(p, started.ContactId!)).DisconnectReason).toBe('CONTACT_FLOW_DISCONNECT');
  });

  it('ends a seven-day chat EXPIRED at its deadline when a seven-day Wait would end at that same instant', async () => {
    const d = await chatWaiting(604_800, 10_080);
    await advance(p, 7 * DAY_MS);
    const ended = await d.socket.waitForItem(isEvent('chat.ended'));
    expect(ended.AbsoluteTime).toBe(new Date(d.started + 7 * DAY_MS).toISOString());
    expect(d.socket.items().some((i) => i.Content === 'Time is up')).toBe(false);
    expect((await describe(p, d.chat.contactId)).DisconnectReason).toBe('EXPIRED');
  });

  it('runs nothing past the deadline when a Wait and the deadline both fell due before the timers could run (a jump, a server that was down)', async () => {
    const e = await chatWaiting(55 * 60, 60);
    await advance(p, 70 * 60_000);
    const ended = await e.socket.waitForItem(isEvent('chat.ended'));
    expect(ended.AbsoluteTime).toBe(new Date(e.started + 60 * 60_000).toISOString());
    expect(e.socket.items().some((i) => i.Content === 'Time is up')).toBe(false);
    expect((await describe(p, e.chat.contactId)).DisconnectReason).toBe('EXPIRED');
  });
});

suite('the default customer queue flow', () => {
  it('hears a customer on a listening Wait after other chats wrote, unchanged, to Waits that do not listen', async () => {
    // The queue flow's Wait does not listen: the second message meets a flow state already seen
    // (customer-input.ts remembers such states) and, like the first, only joins the transcript.
    const queued = await startChat(p);
    const socket = await TestSocket.open(queued.websocketUrl);
    sockets.push(socket);
    await flowMessage(socket, DEFAULT_GREETING);
    for (const text of ['one', 'two']) {
      const sent = await say(p, queued.connectionToken, text);
      await socket.waitForItem((i) => i.Id === sent.Id);
    }
    expect((await describe(p, queued.contactId)).DisconnectTimestamp).toBeUndefined();
    const listening = await chatWaiting(3600, 120);
    await say(p, listening.chat.connectionToken, 'back');
    await flowMessage(listening.socket, 'You came back');
  });

  it('reminds a queued customer every two minutes a few times, then lets them wait quietly, whatever they write', async () => {
    const chat = await startChat(p);
    const socket = await TestSocket.open(chat.websocketUrl);
    sockets.push(socket);
    await flowMessage(socket, DEFAULT_GREETING);
    // A queued customer's messages go to the transcript only: the queue flow does not listen for them.
    await say(p, chat.connectionToken, 'Anyone?');
    const reminders = () => socket.items().filter((i) => i.Content === QUEUE_REMINDER_TEXT);
    for (let n = 1; n <= QUEUE_REMINDERS + 2; n++) {
      await advance(p, QUEUE_REMINDER_SECONDS * 1000);
      if (n <= QUEUE_REMINDERS) await socket.waitForItem((i) => i.Content === QUEUE_REMINDER_TEXT && reminders().length === n);
    }
    // Items arrive in order: once this one is here, any later reminder would be too.
    const mark = await say(p, chat.connectionToken, 'Still here');
    await socket.waitForItem((i) => i.Id === mark.Id);
    expect(reminders()).toHaveLength(QUEUE_REMINDERS);
    expect(reminders().every((r) => r.ContactId === chat.contactId && r.ParticipantRole === 'SYSTEM')).toBe(true);
    const contact = await describe(p, chat.contactId);
    expect(contact.QueueInfo?.Id).toBe(p.seeded.basicQueueId);
    expect(contact.DisconnectTimestamp).toBeUndefined();
    // It ran as the instance's default customer queue flow, logged because the inbound flow switched logging on.
    const logs = await flowLogs(p, chat.contactId);
    expect(logs.filter((l) => l.ContactFlowName === 'Default customer queue').slice(-2)).toMatchObject([
      { Identifier: 'loop', Results: 'DoneLooping', NextAction: 'end' },
      { Identifier: 'end', Type: 'EndFlowExecution' },
    ]);
  });
});
