import { afterAll, beforeAll, describe as suite, expect, it } from 'vitest';
import { DEFAULT_GREETING, DISCONNECT_TEXTS, DISCONNECT_WAIT_SECONDS, LAST_AGENT_ATTRIBUTE } from '../../src/core/flow/default-flows.js';
import { TEST_STORES } from '../helpers/stores.js';
import { connectAgent, TestAgent, type ConnectedAgent } from '../helpers/agent.js';
import { startChat, type TestChat } from '../helpers/chat.js';
import type { TestParley } from '../helpers/parley.js';
import { TestSocket } from '../helpers/socket.js';
import { advance, describe, flowLogs, flowMessage, isEvent, say } from './kit.js';

/**
 * The seed scenario end to end with real agents (agent API, agent event sockets, participant API
 * for both sides): the customer chats with an agent and stops answering; the agent asks "Are you
 * there?" and leaves; the disconnect flow Waits; "Hey, I'm back" routes the customer back to the
 * same agent when that agent is available, else to the previous queue; silence ends the chat.
 */
const STORES = TEST_STORES;

let p: TestParley;
let alice: TestAgent;
let bob: TestAgent;
const sockets: { close(): void }[] = [];

interface Left {
  chat: TestChat;
  customer: TestSocket;
  first: ConnectedAgent;
  segment: string;
}

/** A chat served by alice, who asks "Are you there?" and ends her part; the disconnect flow takes over. */
async function aliceLeaves(): Promise<Left> {
  const chat = await startChat(p);
  const customer = await TestSocket.open(chat.websocketUrl);
  sockets.push(customer);
  await flowMessage(customer, DEFAULT_GREETING);
  const first = await connectAgent(p, chat, alice);
  sockets.push(first.socket);
  await customer.waitForItem((i) => isEvent('participant.joined')(i) && i.ParticipantId === first.participantId);
  await say(p, chat.connectionToken, 'I need help with my order');
  const asked = await say(p, first.connectionToken, 'Are you there?');
  await customer.waitForItem((i) => i.Id === asked.Id);
  await alice.call('POST', `/agent/v1/contacts/${chat.contactId}/end`);
  await customer.waitForItem((i) => isEvent('participant.left')(i) && i.ParticipantId === first.participantId);
  const notice = await flowMessage(customer, DISCONNECT_TEXTS.agentLeft);
  await alice.contactState(chat.contactId, 'ENDED');
  return { chat, customer, first, segment: notice.ContactId as string };
}

for (const store of STORES) {
  suite.skipIf(store.skip)(`the seed scenario with agents (${store.name})`, () => {
    beforeAll(async () => {
      p = await store.start();
      alice = await TestAgent.login(p, 'alice');
      bob = await TestAgent.login(p, 'bob');
      sockets.push(alice, bob);
    });
    afterAll(async () => {
      for (const s of sockets.splice(0)) s.close();
      await p?.stop();
    });

    it('routes the returning customer back to the agent who served them, while another agent is idle longer', async () => {
      const s = await aliceLeaves();
      expect((await describe(p, s.chat.contactId)).DisconnectReason).toBe('AGENT_DISCONNECT');
      await bob.setStatus('Available');
      await advance(p, 1000);
      // Clearing is activity: alice is now the one idle for the shorter time.
      await alice.call('POST', `/agent/v1/contacts/${s.chat.contactId}/clear`);
      await say(p, s.chat.connectionToken, "Hey, I'm back");
      await flowMessage(s.customer, DISCONNECT_TEXTS.welcomeBack);
      // Alice's own queue: offered to her though bob has been idle longer.
      await alice.nextOffer(s.segment);
      expect(bob.events.last.Contacts).toEqual([]);
      const queued = await describe(p, s.segment);
      expect(queued).toMatchObject({ InitiationMethod: 'DISCONNECT', PreviousContactId: s.chat.contactId, Attributes: { [LAST_AGENT_ATTRIBUTE]: alice.userId } });
      const logs = await flowLogs(p, s.segment);
      expect(logs.find((l) => l.Identifier === 'previous-agent-available')).toMatchObject({ Results: '1', NextAction: 'set-previous-agent' });
      const again = await alice.accept(s.segment);
      const rejoined = await s.customer.waitForItem((i) => isEvent('participant.joined')(i) && i.ParticipantId === again.ParticipantId);
      expect(rejoined).toMatchObject({ ParticipantRole: 'AGENT', DisplayName: 'Alice', ContactId: s.segment });
      await alice.call('POST', `/agent/v1/contacts/${s.segment}/end`);
      await alice.call('POST', `/agent/v1/contacts/${s.segment}/clear`);
      await bob.setStatus('Offline');
    });

    it('sends the returning customer to the previous queue when that agent is not available', async () => {
      const s = await aliceLeaves();
      await alice.call('POST', `/agent/v1/contacts/${s.chat.contactId}/clear`);
      await alice.setStatus('Break');
      await bob.setStatus('Available');
      await say(p, s.chat.connectionToken, "Hey, I'm back");
      await flowMessage(s.customer, DISCONNECT_TEXTS.welcomeBack);
      await bob.nextOffer(s.segment);
      expect((await describe(p, s.segment)).QueueInfo?.Id).toBe(p.seeded.basicQueueId);
      const logs = await flowLogs(p, s.segment);
      expect(logs.find((l) => l.Identifier === 'previous-agent-available')).toMatchObject({ Results: '0', NextAction: 'to-previous-queue' });
      await bob.accept(s.segment);
      // Bob finishes what he has and takes nothing new: Offline becomes his next status.
      expect(await bob.setStatus('Offline')).toMatchObject({ NextAgentStatus: { Name: 'Offline' } });
      await alice.setStatus('Available');
    });

    it('ends the chat when the customer stays away for the whole Wait; the agent’s work on it is done', async () => {
      const s = await aliceLeaves();
      await advance(p, DISCONNECT_WAIT_SECONDS * 1000);
      await flowMessage(s.customer, DISCONNECT_TEXTS.timedOut);
      await s.customer.waitForItem(isEvent('chat.ended'));
      expect((await describe(p, s.segment)).DisconnectReason).toBe('CONTACT_FLOW_DISCONNECT');
      // Alice's part ended earlier: her contact is in after-contact work until she clears it.
      expect(alice.events.last.Contacts.find((c) => c.ContactId === s.chat.contactId)?.State).toBe('ENDED');
    });
  });
}
