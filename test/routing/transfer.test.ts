import { CreateQueueCommand, CreateQuickConnectCommand, CreateRoutingProfileCommand, UpdateUserRoutingProfileCommand } from '@aws-sdk/client-connect';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { TRANSFER_TEXT } from '../../src/core/flow/default-flows.js';
import { connectAgent, TestAgent } from '../helpers/agent.js';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { EVENT, TestSocket } from '../helpers/socket.js';
import { describe, flowMessage } from '../scenario/kit.js';

/* Agents' cold transfers: to a queue or an agent, by quick connect (with the seeded transfer flows) or directly. */

let p: TestParley;
const open: { close(): void }[] = [];
beforeEach(async () => {
  p = await startTestParley();
});
afterEach(async () => {
  for (const o of open.splice(0)) o.close();
  await p.stop();
});
const instance = () => p.seeded.instanceId;

/** A Billing queue served by bob alone (his routing profile), so that only he can take what goes there. */
async function billingDesk(): Promise<string> {
  const { QueueId } = await p.connect.send(new CreateQueueCommand({ InstanceId: instance(), Name: 'Billing', HoursOfOperationId: p.seeded.basicHoursId }));
  const { RoutingProfileId } = await p.connect.send(
    new CreateRoutingProfileCommand({
      InstanceId: instance(),
      Name: 'Billing desk',
      Description: 'Billing only',
      DefaultOutboundQueueId: QueueId,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2 }],
      QueueConfigs: [{ QueueReference: { QueueId, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
    }),
  );
  await p.connect.send(new UpdateUserRoutingProfileCommand({ InstanceId: instance(), UserId: p.seeded.demoUsers.bob.id, RoutingProfileId }));
  return QueueId!;
}

async function aliceServes() {
  const chat = await startChat(p);
  const customer = await TestSocket.open(chat.websocketUrl);
  const alice = await connectAgent(p, chat, 'alice');
  open.push(customer, alice.agent, alice.socket);
  return { chat, customer, alice };
}

suite('transfers', () => {
  it('moves a chat to a queue by quick connect: a new TRANSFER segment, the transfer flow speaks, the agent of that queue takes it', async () => {
    const billing = await billingDesk();
    const bob = await TestAgent.login(p, 'bob');
    open.push(bob);
    await bob.setStatus('Available');
    const { QuickConnectId } = await p.connect.send(
      new CreateQuickConnectCommand({ InstanceId: instance(), Name: 'To billing', QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: billing, ContactFlowId: p.seeded.queueTransferFlowId } } }),
    );
    const { chat, customer, alice } = await aliceServes();
    const moved = (await alice.agent.call('POST', `/agent/v1/contacts/${chat.contactId}/transfer`, { QuickConnectId })) as { ContactId: string };
    await customer.waitForItem((i) => i.ContentType === `${EVENT}transfer.succeeded`);
    await flowMessage(customer, TRANSFER_TEXT);
    await alice.agent.contactState(chat.contactId, 'ENDED');
    await bob.nextOffer(moved.ContactId);
    const accepted = await bob.accept(moved.ContactId);
    await customer.waitForItem((i) => i.ContentType === `${EVENT}participant.joined` && i.ParticipantId === accepted.ParticipantId);
    // The customer's connection is the same: its messages reach bob on the new segment.
    await p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'About my invoice' }));
    const seg = await describe(p, moved.ContactId);
    expect(seg).toMatchObject({ InitiationMethod: 'TRANSFER', PreviousContactId: chat.contactId, InitialContactId: chat.contactId, QueueInfo: { Id: billing } });
    expect((await describe(p, chat.contactId)).DisconnectReason).toBe('AGENT_DISCONNECT');
    // Alice left; the disconnect flow did not run (a transfer is not the customer left alone).
    expect(customer.items().some((i) => i.ContentType === `${EVENT}participant.left` && i.ParticipantId === alice.participantId)).toBe(true);
    expect(customer.items().filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM').map((i) => i.Content)).not.toContain(
      'The agent has left the chat. If you write again within 15 minutes, we will pick up where you left off.',
    );
  });

  it('moves a chat to a named agent by quick connect, even when another agent is idle longer', async () => {
    const bob = await TestAgent.login(p, 'bob');
    open.push(bob);
    const { chat, customer, alice } = await aliceServes();
    await bob.setStatus('Available');
    const { QuickConnectId } = await p.connect.send(
      new CreateQuickConnectCommand({ InstanceId: instance(), Name: 'To Bob', QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: p.seeded.demoUsers.bob.id, ContactFlowId: p.seeded.agentTransferFlowId } } }),
    );
    const moved = (await alice.agent.call('POST', `/agent/v1/contacts/${chat.contactId}/transfer`, { QuickConnectId })) as { ContactId: string };
    await bob.nextOffer(moved.ContactId);
    expect(await describe(p, moved.ContactId)).toMatchObject({ QueueInfo: { Id: p.seeded.demoUsers.bob.id }, AgentInfo: { Id: p.seeded.demoUsers.bob.id } });
    await flowMessage(customer, TRANSFER_TEXT);
  });

  it('transfers straight to a queue without a flow, and refuses what is not the agent’s to transfer', async () => {
    const { chat, alice } = await aliceServes();
    const bob = await TestAgent.login(p, 'bob');
    open.push(bob);
    await expect(bob.call('POST', `/agent/v1/contacts/${chat.contactId}/transfer`, { QueueId: p.seeded.basicQueueId })).rejects.toMatchObject({ status: 403, type: 'AccessDeniedException' });
    await expect(alice.agent.call('POST', `/agent/v1/contacts/${chat.contactId}/transfer`, { QueueId: p.seeded.basicQueueId, UserId: p.seeded.demoUsers.bob.id })).rejects.toMatchObject({
      status: 400,
      type: 'InvalidRequestException',
    });
    await expect(alice.agent.call('POST', `/agent/v1/contacts/${chat.contactId}/transfer`, { QueueId: 'no-such-queue' })).rejects.toMatchObject({ status: 404 });
    // Alice takes nothing new (Offline waits for her after-contact work), so the chat is bob's.
    await alice.agent.setStatus('Offline');
    const moved = (await alice.agent.call('POST', `/agent/v1/contacts/${chat.contactId}/transfer`, { QueueId: p.seeded.basicQueueId })) as { ContactId: string };
    await bob.setStatus('Available');
    await bob.nextOffer(moved.ContactId);
  });
});
