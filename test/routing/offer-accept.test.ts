import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectAgent, TestAgent } from '../helpers/agent.js';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { EVENT, TestSocket } from '../helpers/socket.js';

let p: TestParley;
beforeEach(async () => {
  p = await startTestParley();
});
afterEach(async () => {
  await p.stop();
});

describe('an agent takes a chat', () => {
  it('is offered a queued chat, accepts, and talks with the customer through the participant API', async () => {
    const chat = await startChat(p);
    const customer = await TestSocket.open(chat.websocketUrl);
    const a = await connectAgent(p, chat);
    const joined = await customer.waitForItem((i) => i.ContentType === `${EVENT}participant.joined` && i.ParticipantRole === 'AGENT');
    expect(joined.DisplayName).toBe('Alice');
    await p.participant.send(new SendMessageCommand({ ConnectionToken: a.connectionToken, ContentType: 'text/plain', Content: 'Hello, how can I help?' }));
    await customer.waitForItem((i) => i.Content === 'Hello, how can I help?' && i.ParticipantRole === 'AGENT');
    await p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'My order is late' }));
    await a.socket.waitForItem((i) => i.Content === 'My order is late');
    const snap = await a.agent.call('GET', '/agent/v1/me');
    expect(snap).toMatchObject({ Contacts: [{ ContactId: chat.contactId, State: 'CONNECTED' }], RoutingProfile: { Concurrency: [{ Channel: 'CHAT', MaximumSlots: 3, AvailableSlots: 2 }, { Channel: 'TASK', MaximumSlots: 1, AvailableSlots: 0 }] } });
    a.agent.close();
    customer.close();
    a.socket.close();
  });

  it('is not offered anything while offline or without an open event socket', async () => {
    const chat = await startChat(p);
    const agent = await TestAgent.login(p);
    await p.router.idle();
    expect(agent.events.last.Contacts).toEqual([]);
    agent.close();
    await agent.events.closed;
    const again = await TestAgent.login(p);
    await again.setStatus('Available');
    await again.nextOffer(chat.contactId);
    again.close();
  });
});
