import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateContactFlowCommand, ListContactFlowsCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe as suite, expect, it } from 'vitest';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { TestSocket } from '../helpers/socket.js';
import { addBot, advance, describe, flowMessage, isEvent, leave, parleyCli, say } from './kit.js';

/**
 * The seed scenario with Amazon Connect's own "Sample disconnect flow" (the flow the scenario comes
 * from), imported with `parley flows import --map` for its queue reference, and set as the
 * disconnect flow by an inbound flow written for the test.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = path.join(process.env.PARLEY_FLOW_CORPUS ?? path.resolve(REPO, '../shared/flows'), 'aws-sample-flows/sample_disconnect_flow.json');
const available = fs.existsSync(SAMPLE);
if (!available) {
  // Under CI the corpus must be there: its absence fails the suite instead of skipping it.
  if (process.env.CI === 'true') throw new Error(`the flow corpus is missing: ${SAMPLE} (set PARLEY_FLOW_CORPUS)`);
  console.warn(`skipping the sample disconnect flow scenario: ${SAMPLE} is not on this machine (set PARLEY_FLOW_CORPUS)`);
}

/** The sample's queue reference: a queue of the AWS instance it was exported from. */
const SAMPLE_QUEUE = 'arn:aws:connect:us-east-1:201706955376:instance/658aa90c-6c92-4798-a30d-dc8941d65d27/queue/4c826a3b-85d0-4e02-8926-8dea0b1729e8';
const TEXTS = {
  agentLeft: 'The agent has disconnected. If the customer sends a message in the next 15 minutes, the chat will pick up where it left off.',
  toQueue: 'You are now being transferred to queue to chat with another agent.',
  expired: 'The timer has expired. Disconnecting.',
};
const WAIT_MS = 900_000;

let p: TestParley;
let inboundFlowId: string;
let sampleFlowId: string;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  if (!available) return;
  p = await startTestParley();
  const imported = await parleyCli(['flows', 'import', SAMPLE, '--map', `${SAMPLE_QUEUE}=BasicQueue`, '--endpoint', p.url]);
  expect(imported, imported.stderr).toMatchObject({ code: 0 });
  const flows = await p.connect.send(new ListContactFlowsCommand({ InstanceId: p.seeded.instanceId, ContactFlowTypes: ['CONTACT_FLOW'] }));
  const sample = flows.ContactFlowSummaryList!.find((f) => f.Name === 'Sample disconnect flow')!;
  sampleFlowId = sample.Id!;
  // An inbound flow as a Connect user writes one: logging on, the disconnect flow, BasicQueue, transfer.
  const inbound = {
    Version: '2019-10-30',
    StartAction: 'logging',
    Actions: [
      { Identifier: 'logging', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: { NextAction: 'hooks' } },
      { Identifier: 'hooks', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerRemaining: sample.Arn } }, Transitions: { NextAction: 'queue', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'queue' }] } },
      { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: p.seeded.basicQueueId }, Transitions: { NextAction: 'transfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
      { Identifier: 'transfer', Type: 'TransferContactToQueue', Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'bye' }, { ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
      { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
  const created = await p.connect.send(new CreateContactFlowCommand({ InstanceId: p.seeded.instanceId, Name: 'Inbound with the sample disconnect flow', Type: 'CONTACT_FLOW', Content: JSON.stringify(inbound) }));
  inboundFlowId = created.ContactFlowId!;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await p?.stop();
});

async function agentLeaves(chatMinutes?: number) {
  const chat = await startChat(p, { ContactFlowId: inboundFlowId, ChatDurationInMinutes: chatMinutes });
  const customer = await TestSocket.open(chat.websocketUrl);
  sockets.push(customer);
  return { chat, customer, ...(await botLeaves(chat.contactId, customer)) };
}

async function botLeaves(contactId: string, customer: TestSocket) {
  const bot = await addBot(p, contactId);
  sockets.push(bot.socket);
  const asked = await say(p, bot.connectionToken, 'Are you there?');
  await customer.waitForItem((i) => i.Id === asked.Id);
  await leave(p, bot.connectionToken);
  const leftAt = p.clock.now();
  const notice = await flowMessage(customer, TEXTS.agentLeft);
  return { leftAt, segment: notice.ContactId as string };
}

suite.skipIf(!available)("the seed scenario with Amazon Connect's Sample disconnect flow, imported", () => {
  it('runs the imported flow on a new DISCONNECT segment and routes a returning customer back to the previous queue', async () => {
    const s = await agentLeaves();
    const segment = await describe(p, s.segment);
    expect(segment).toMatchObject({ InitiationMethod: 'DISCONNECT', PreviousContactId: s.chat.contactId, InitialContactId: s.chat.contactId });

    await advance(p, WAIT_MS / 2);
    await say(p, s.chat.connectionToken, "Hey, I'm back");
    const moving = await flowMessage(s.customer, TEXTS.toQueue);
    expect(moving.ContactId).toBe(s.segment);
    // The sample's TransferContactToQueue names no queue: the working queue carried over is BasicQueue.
    expect((await describe(p, s.segment)).QueueInfo).toEqual({ Id: p.seeded.basicQueueId, EnqueueTimestamp: new Date(p.clock.now()) });

    // `parley flows logs` shows the sample flow's run on the new segment (logging inherited).
    const logs = await parleyCli(['flows', 'logs', s.segment, '--endpoint', p.url]);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toMatch(/Sample disconnect flow {2}f2277eda-f6eb-43c0-aac9-204e9c60074b \[Compare\] {2}result CHAT {2}-> 44c598fe/);
    expect(logs.stdout).toMatch(/cc927fd6-a3fd-437a-81d3-c38a5130468d \[Wait\] {2}result CustomerReturned {2}-> 3ba86427/);
    expect(logs.stdout).toContain('{"TimeLimitSeconds":"900","Events":["CustomerReturned"]}');
    const json = await parleyCli(['flows', 'logs', s.segment, '--json', '--endpoint', p.url]);
    const entries = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.at(-1)).toMatchObject({ ContactId: s.segment, ContactFlowName: 'Sample disconnect flow', Type: 'TransferContactToQueue', Error: null, NextAction: null });
  });

  it('ends the chat on its Time expired branch when the customer stays away', async () => {
    const s = await agentLeaves();
    await advance(p, WAIT_MS);
    await flowMessage(s.customer, TEXTS.expired);
    const ended = await s.customer.waitForItem(isEvent('chat.ended'));
    expect(ended.AbsoluteTime).toBe(new Date(s.leftAt + WAIT_MS).toISOString());
    expect((await describe(p, s.segment)).DisconnectReason).toBe('CONTACT_FLOW_DISCONNECT');
  });

  it('ends the chat at its deadline (EXPIRED) when the 15-minute Wait would outlast it', async () => {
    const started = p.clock.now();
    const chat = await startChat(p, { ContactFlowId: inboundFlowId, ChatDurationInMinutes: 60 });
    const customer = await TestSocket.open(chat.websocketUrl);
    sockets.push(customer);
    await advance(p, 50 * 60_000);
    const s = await botLeaves(chat.contactId, customer);
    await advance(p, WAIT_MS);
    const ended = await customer.waitForItem(isEvent('chat.ended'));
    expect(ended.AbsoluteTime).toBe(new Date(started + 60 * 60_000).toISOString());
    expect(customer.items().some((i) => i.Content === TEXTS.expired)).toBe(false);
    expect((await describe(p, s.segment)).DisconnectReason).toBe('EXPIRED');
  });

  it('says so when a contact has no flow logs, and fails clearly for an unknown contact', async () => {
    const chat = await startChat(p, { ContactFlowId: sampleFlowId });
    const none = await parleyCli(['flows', 'logs', chat.contactId, '--endpoint', p.url]);
    expect(none).toMatchObject({ code: 0, stdout: expect.stringContaining('No flow logs') });
    const unknown = await parleyCli(['flows', 'logs', 'no-such-contact', '--endpoint', p.url]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Contact not found: no-such-contact');
  });
});
