import { DismissUserContactCommand, GetCurrentUserDataCommand, PutUserStatusCommand } from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand } from '@aws-sdk/client-connectparticipant';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentApiError, connectAgent, TestAgent } from '../helpers/agent.js';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

/* Offers with the simulated clock: the 20 s offer timeout, rejects, clears, next statuses, presence. */

let p: TestParley;
let agents: TestAgent[] = [];
beforeEach(async () => {
  p = await startTestParley();
  agents = [];
});
afterEach(async () => {
  for (const a of agents) a.close();
  await p.stop();
});
const login = async (name: string, status = 'Available') => {
  const a = await TestAgent.login(p, name);
  agents.push(a);
  if (status) await a.setStatus(status);
  return a;
};
const contactOf = (a: TestAgent, contactId: string) => a.events.last.Contacts.find((c) => c.ContactId === contactId);

describe('offers', () => {
  it('misses an offer not accepted within 20 s: the slot stays taken, the chat goes to the next agent', async () => {
    const alice = await login('alice');
    const chat = await startChat(p);
    await alice.nextOffer(chat.contactId);
    const bob = await login('bob');
    await p.router.idle();
    // 19.9 s: still alice's to take.
    p.clock.advance(19_900);
    await p.settle();
    expect(contactOf(alice, chat.contactId)?.State).toBe('CONNECTING');
    p.clock.advance(100);
    await p.settle();
    await alice.contactState(chat.contactId, 'MISSED');
    await bob.nextOffer(chat.contactId);
    // The missed chat holds one of alice's three slots until she clears it.
    expect(alice.events.last.RoutingProfile.Concurrency.find((c) => c.Channel === 'CHAT')).toMatchObject({ MaximumSlots: 3, AvailableSlots: 2 });
    await alice.call('POST', `/agent/v1/contacts/${chat.contactId}/clear`);
    await alice.events.waitFor((e) => e.CurrentAgentSnapshot.Contacts.length === 0);
    expect(alice.events.last.RoutingProfile.Concurrency[0].AvailableSlots).toBe(3);
  });

  it('gives a rejected chat to another agent and never back to the one who rejected it until cleared', async () => {
    const alice = await login('alice');
    const chat = await startChat(p);
    await alice.nextOffer(chat.contactId);
    await alice.call('POST', `/agent/v1/contacts/${chat.contactId}/reject`);
    await alice.contactState(chat.contactId, 'REJECTED');
    await p.router.idle();
    expect(alice.events.last.Contacts.filter((c) => c.State === 'CONNECTING')).toEqual([]);
    const bob = await login('bob');
    await bob.nextOffer(chat.contactId);
    // Accepting a rejected chat is refused; so is rejecting a chat offered to someone else.
    await expect(alice.accept(chat.contactId)).rejects.toMatchObject({ status: 400, type: 'InvalidRequestException' });
    await expect(alice.call('POST', `/agent/v1/contacts/${chat.contactId}/end`)).rejects.toBeInstanceOf(AgentApiError);
  });

  it('offers first to the agent idle longest', async () => {
    const alice = await login('alice');
    p.clock.advance(5_000);
    const bob = await login('bob');
    p.clock.advance(5_000);
    // Alice has been available 10 s, bob 5 s: alice first; then bob, idle longer than alice who was just offered a chat.
    const first = await startChat(p);
    await alice.nextOffer(first.contactId);
    const second = await startChat(p);
    await bob.nextOffer(second.contactId);
  });

  it('withdraws an offer when the customer leaves before it is accepted', async () => {
    const alice = await login('alice');
    const chat = await startChat(p);
    await alice.nextOffer(chat.contactId);
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: chat.connectionToken }));
    await alice.events.waitFor((e) => e.CurrentAgentSnapshot.Contacts.length === 0);
    expect(alice.events.last.RoutingProfile.Concurrency[0].AvailableSlots).toBe(3);
  });

  it('routes nothing to an Available agent whose workspace closed', async () => {
    const alice = await login('alice');
    alice.close();
    await alice.events.closed;
    await p.router.idle();
    const chat = await startChat(p);
    await p.router.idle();
    const bob = await login('bob');
    await bob.nextOffer(chat.contactId);
  });
});

describe('statuses and after-contact work', () => {
  it('makes a status set while busy the next status, applied when the last contact is cleared', async () => {
    const chat = await startChat(p);
    const a = await connectAgent(p, chat, await login('alice', ''));
    const snap = await a.agent.setStatus('Break');
    expect(snap).toMatchObject({ AgentStatus: { Name: 'Available' }, NextAgentStatus: { Name: 'Break' } });
    // Routing pauses at once: no new chat is offered.
    const other = await startChat(p);
    await p.router.idle();
    expect(contactOf(a.agent, other.contactId)).toBeUndefined();
    await a.agent.call('POST', `/agent/v1/contacts/${chat.contactId}/end`);
    await a.agent.contactState(chat.contactId, 'ENDED');
    await a.agent.call('POST', `/agent/v1/contacts/${chat.contactId}/clear`);
    await a.agent.events.waitFor((e) => e.CurrentAgentSnapshot.AgentStatus.Name === 'Break' && !e.CurrentAgentSnapshot.NextAgentStatus);
    a.socket.close();
  });

  it('ends after-contact work at the user’s limit', async () => {
    const chat = await startChat(p);
    await p.deps.db.write((tx) => tx.updateTable('users').set({ phone_config: JSON.stringify({ PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 30 }) }).where('username', '=', 'alice').execute());
    const a = await connectAgent(p, chat, await login('alice', ''));
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: chat.connectionToken }));
    await a.agent.contactState(chat.contactId, 'ENDED');
    p.clock.advance(29_000);
    await p.settle();
    expect(contactOf(a.agent, chat.contactId)?.State).toBe('ENDED');
    p.clock.advance(1_000);
    await p.settle();
    await a.agent.events.waitFor((e) => e.CurrentAgentSnapshot.Contacts.length === 0);
    a.socket.close();
  });
});

describe('the live agent side of the connect API', () => {
  it('GetCurrentUserData shows status, slots and contacts; PutUserStatus and DismissUserContact act on the agent', async () => {
    const alice = await login('alice');
    const chat = await startChat(p);
    await alice.nextOffer(chat.contactId);
    const data = await p.connect.send(new GetCurrentUserDataCommand({ InstanceId: p.seeded.instanceId, Filters: { Queues: [p.seeded.basicQueueId] } }));
    expect(data.UserDataList).toHaveLength(1);
    expect(data.UserDataList![0]).toMatchObject({
      User: { Id: alice.userId },
      Status: { StatusName: 'Available' },
      MaxSlotsByChannel: { CHAT: 3, TASK: 1 },
      ActiveSlotsByChannel: { CHAT: 1, TASK: 0 },
      AvailableSlotsByChannel: { CHAT: 2, TASK: 0 },
      Contacts: [{ ContactId: chat.contactId, AgentContactState: 'CONNECTING', Channel: 'CHAT', Queue: { Id: p.seeded.basicQueueId } }],
    });
    expect(data.UserDataList![0].Status!.StatusStartTimestamp).toBeInstanceOf(Date);
    await expect(p.connect.send(new DismissUserContactCommand({ InstanceId: p.seeded.instanceId, UserId: alice.userId, ContactId: chat.contactId }))).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await alice.call('POST', `/agent/v1/contacts/${chat.contactId}/reject`);
    // Offline while the rejected chat still holds a slot: it becomes the next status, applied once dismissed.
    await p.connect.send(new PutUserStatusCommand({ InstanceId: p.seeded.instanceId, UserId: alice.userId, AgentStatusId: p.seeded.statusIds.offline }));
    await alice.events.waitFor((e) => e.CurrentAgentSnapshot.NextAgentStatus?.Name === 'Offline');
    await p.connect.send(new DismissUserContactCommand({ InstanceId: p.seeded.instanceId, UserId: alice.userId, ContactId: chat.contactId }));
    await alice.events.waitFor((e) => e.CurrentAgentSnapshot.AgentStatus.Name === 'Offline' && e.CurrentAgentSnapshot.Contacts.length === 0);
    await expect(p.connect.send(new PutUserStatusCommand({ InstanceId: p.seeded.instanceId, UserId: alice.userId, AgentStatusId: 'no-such-status' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
