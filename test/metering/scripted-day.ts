import { CreateQueueCommand, StopContactCommand, UpdateContactFlowContentCommand } from '@aws-sdk/client-connect';
import { CompleteAttachmentUploadCommand, SendEventCommand, SendMessageCommand, StartAttachmentUploadCommand } from '@aws-sdk/client-connectparticipant';
import { expect } from 'vitest';
import { DEFAULT_GREETING } from '../../src/core/flow/default-flows.js';
import { createFlow, flowOf, hangUp, say } from '../flows/kit.js';
import { connectAgent } from '../helpers/agent.js';
import { startChat } from '../helpers/chat.js';
import type { TestParley } from '../helpers/parley.js';
import { EVENT, TestSocket } from '../helpers/socket.js';
import { setTimers, timer } from '../participant-timers/kit.js';
import { advance, describe as describeContact, flowMessage, isEvent, say as send } from '../scenario/kit.js';

const MINUTE = 60_000;
/** Sunday 14 March 2027, 01:30 in New York (EST, UTC-5). At 07:00 UTC the clocks there go forward to EDT (UTC-4). */
export const CHAT_A_AT = Date.UTC(2027, 2, 14, 6, 30);
/** 23:50 EDT on 14 March in New York, already 15 March in UTC. */
export const CHAT_B_AT = Date.UTC(2027, 2, 15, 3, 50);

export interface ScriptedDay {
  basicQueueId: string;
  billingQueueId: string;
}

const typing = (p: TestParley, token: string) => p.participant.send(new SendEventCommand({ ConnectionToken: token, ContentType: `${EVENT}typing` }));

/**
 * One day of two chats, through the real APIs, on the simulated clock. What each step writes is
 * said next to it; "+1" marks an item the default policy bills.
 *
 * Chat A, BasicQueue (the seeded inbound flow), 01:30 EST to 03:30 EDT on 14 March in New York:
 *   flow greeting +1 (SYSTEM) · customer typing · "Hi" +1 (CUSTOMER) · alice joins · "Hello" +1
 *   (AGENT) · a list picker +1 (AGENT, interactive) · customer's read receipt · attachment +1
 *   (CUSTOMER) · an hour later, after the idle notice at 5 minutes: "One more thing" +1
 *   (CUSTOMER, with a returned notice) · "Sure" +1 (AGENT) · StopContact (chat ended).       = 7
 * Chat B, Billing (a flow of its own, nobody to answer), around midnight in New York:
 *   23:50 EDT 14 March: initial message +1 (CUSTOMER) · "Billing here." +1 (SYSTEM) · typing = 2
 *   00:10 EDT 15 March: "Anyone there?" +1 (CUSTOMER)                                         = 1
 */
export async function scriptDay(p: TestParley): Promise<ScriptedDay> {
  const InstanceId = p.seeded.instanceId;
  const open: { close(): void }[] = [];
  // Queue reminders are flow messages and would count; a customer queue flow that ends at once keeps the chats quiet while queued.
  const quiet = flowOf({ Identifier: 'end', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} });
  await p.connect.send(new UpdateContactFlowContentCommand({ InstanceId, ContactFlowId: p.seeded.customerQueueFlowId, Content: JSON.stringify(quiet) }));
  const billingQueueId = (await p.connect.send(new CreateQueueCommand({ InstanceId, Name: 'Billing', HoursOfOperationId: p.seeded.basicHoursId }))).QueueId!;
  const billingFlow = await createFlow(
    p,
    flowOf(
      say('hello', 'Billing here.', 'queue'),
      { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: billingQueueId }, Transitions: { NextAction: 'transfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
      { Identifier: 'transfer', Type: 'TransferContactToQueue', Parameters: {}, Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
      hangUp('bye'),
    ),
  );

  try {
    p.clock.set(CHAT_A_AT);
    await p.settle();
    const a = await startChat(p);
    const customerA = await TestSocket.open(a.websocketUrl);
    open.push(customerA);
    await flowMessage(customerA, DEFAULT_GREETING);
    await setTimers(p, a.contactId, timer('CUSTOMER', 'IDLE', 5));
    await typing(p, a.connectionToken);
    await send(p, a.connectionToken, 'Hi');
    const agent = await connectAgent(p, a);
    open.push(agent.socket, agent.agent);
    const hello = await send(p, agent.connectionToken, 'Hello, how can I help?');
    const picker = { templateType: 'ListPicker', version: '1.0', data: { content: { title: 'What is it about?', elements: [{ title: 'Billing' }, { title: 'Other' }] } } };
    await p.participant.send(new SendMessageCommand({ ConnectionToken: agent.connectionToken, ContentType: 'application/vnd.amazonaws.connect.message.interactive', Content: JSON.stringify(picker) }));
    await p.participant.send(new SendEventCommand({ ConnectionToken: a.connectionToken, ContentType: `${EVENT}message.read`, Content: JSON.stringify({ messageId: hello.Id }) }));
    await attach(p, a.connectionToken);
    await advance(p, 5 * MINUTE);
    await customerA.waitForItem(isEvent('participant.idle'));
    await advance(p, 55 * MINUTE);
    await send(p, a.connectionToken, 'One more thing');
    await customerA.waitForItem(isEvent('participant.returned'));
    await send(p, agent.connectionToken, 'Sure');
    await p.connect.send(new StopContactCommand({ InstanceId, ContactId: a.contactId }));

    p.clock.set(CHAT_B_AT);
    await p.settle();
    const b = await startChat(p, { ContactFlowId: billingFlow.id, InitialMessage: { ContentType: 'text/plain', Content: 'A question about my invoice' } });
    const customerB = await TestSocket.open(b.websocketUrl);
    open.push(customerB);
    await flowMessage(customerB, 'Billing here.');
    expect((await describeContact(p, b.contactId)).QueueInfo?.Id).toBe(billingQueueId);
    await typing(p, b.connectionToken);
    await advance(p, 20 * MINUTE);
    await send(p, b.connectionToken, 'Anyone there?');
    return { basicQueueId: p.seeded.basicQueueId, billingQueueId };
  } finally {
    for (const o of open) o.close();
  }
}

/** A customer's upload, the way chatjs does it: start, PUT the bytes, complete. */
async function attach(p: TestParley, token: string): Promise<void> {
  const bytes = Buffer.from('invoice 42\n');
  const s = await p.participant.send(new StartAttachmentUploadCommand({ ConnectionToken: token, AttachmentName: 'invoice.txt', ContentType: 'text/plain', AttachmentSizeInBytes: bytes.length, ClientToken: 'invoice' }));
  const put = await fetch(s.UploadMetadata!.Url!, { method: 'PUT', headers: s.UploadMetadata!.HeadersToInclude, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  await p.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: token, AttachmentIds: [s.AttachmentId!] }));
}
