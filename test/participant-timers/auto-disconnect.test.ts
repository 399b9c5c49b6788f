import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DISCONNECT_TEXTS } from '../../src/core/flow/default-flows.js';
import { connectAgent, type ConnectedAgent } from '../helpers/agent.js';
import { startChat, type TestChat } from '../helpers/chat.js';
import type { TestParley } from '../helpers/parley.js';
import { EVENT, TestSocket } from '../helpers/socket.js';
import { advance, describe as describeContact, flowMessage, isEvent, leave, say } from '../scenario/kit.js';
import { count, iso, itemsSoFar, MINUTE, setTimers, STORES, timer, transcriptTypes } from './kit.js';

/* Auto-disconnect timers: every participant but the customer is removed and the seeded disconnect flow takes over. */

let p: TestParley;
const open: { close(): void }[] = [];

async function agentChat(...timers: Parameters<typeof setTimers>[2][]): Promise<{ chat: TestChat; customer: TestSocket; a: ConnectedAgent; joinedAt: number }> {
  const chat = await startChat(p);
  const customer = await TestSocket.open(chat.websocketUrl);
  open.push(customer);
  await setTimers(p, chat.contactId, ...timers);
  const a = await connectAgent(p, chat);
  open.push(a.socket, a.agent);
  return { chat, customer, a, joinedAt: p.clock.now() };
}

for (const store of STORES) {
  describe.skipIf(store.skip)(`participant auto-disconnect timers (${store.name})`, () => {
    beforeEach(async () => {
      p = await store.start();
    });
    afterEach(async () => {
      for (const o of open.splice(0)) o.close();
      await p.stop();
    });

    it('removes the agent once the idle customer stays silent, and the disconnect flow starts (the seed scenario)', async () => {
      const { chat, customer, a, joinedAt } = await agentChat(timer('CUSTOMER', 'IDLE', 2), timer('CUSTOMER', 'DISCONNECT_NONCUSTOMER', 3));
      await advance(p, 2 * MINUTE);
      await customer.waitForItem(isEvent('participant.idle'));
      // The auto-disconnect timer starts once the customer is idle: 3 minutes after that, not after the join.
      await advance(p, 3 * MINUTE - 1);
      expect(count(await itemsSoFar(p, customer, a.connectionToken), 'participant.autodisconnection')).toBe(0);
      await advance(p, 1);
      const auto = await customer.waitForItem(isEvent('participant.autodisconnection'));
      expect(auto).toMatchObject({ Type: 'EVENT', ParticipantId: chat.participantId, ParticipantRole: 'CUSTOMER', AbsoluteTime: iso(joinedAt + 5 * MINUTE) });
      const left = await customer.waitForItem((i) => isEvent('participant.left')(i) && i.ParticipantId === a.participantId);
      expect(left.AbsoluteTime).toBe(auto.AbsoluteTime);
      const notice = await flowMessage(customer, DISCONNECT_TEXTS.agentLeft);
      const segment = await describeContact(p, notice.ContactId as string);
      expect(segment).toMatchObject({ InitiationMethod: 'DISCONNECT', PreviousContactId: chat.contactId });
      expect((await describeContact(p, chat.contactId)).DisconnectTimestamp).toEqual(new Date(joinedAt + 5 * MINUTE));
      // The agent goes to after-contact work; the customer's chat goes on.
      await a.agent.contactState(chat.contactId, 'ENDED');
      const types = await transcriptTypes(p, chat.connectionToken);
      expect(types).toContain(`${EVENT}participant.left`);
      expect(types.filter((t) => /participant\.(idle|autodisconnection)$/.test(t))).toEqual([]);
      // Coming back within the disconnect flow's Wait is the flow's business now, not an idle return.
      await say(p, chat.connectionToken, 'Hello?');
      await flowMessage(customer, DISCONNECT_TEXTS.welcomeBack);
      expect(count(customer.items(), 'participant.returned')).toBe(0);
    });

    it('runs a lone auto-disconnect timer from the agent join, without an idle notice', async () => {
      const { chat, customer, a, joinedAt } = await agentChat(timer('CUSTOMER', 'DISCONNECT_NONCUSTOMER', 4));
      await advance(p, 4 * MINUTE);
      const left = await customer.waitForItem((i) => isEvent('participant.left')(i) && i.ParticipantId === a.participantId);
      expect(left.AbsoluteTime).toBe(iso(joinedAt + 4 * MINUTE));
      expect(count(customer.items(), 'participant.idle')).toBe(0);
      expect(count(customer.items(), 'participant.autodisconnection')).toBe(1);
      await flowMessage(customer, DISCONNECT_TEXTS.agentLeft);
      expect((await describeContact(p, chat.contactId)).DisconnectTimestamp).toEqual(new Date(joinedAt + 4 * MINUTE));
    });

    it('is held off by the customer writing, also while idle', async () => {
      const { chat, customer, a, joinedAt } = await agentChat(timer('CUSTOMER', 'IDLE', 2), timer('CUSTOMER', 'DISCONNECT_NONCUSTOMER', 3));
      await advance(p, 4 * MINUTE);
      const back = await say(p, chat.connectionToken, 'Still deciding');
      await customer.waitForItem(isEvent('participant.returned'));
      await advance(p, 4 * MINUTE);
      expect(count(await itemsSoFar(p, customer, a.connectionToken), 'participant.autodisconnection')).toBe(0);
      await advance(p, MINUTE);
      const auto = await customer.waitForItem(isEvent('participant.autodisconnection'));
      expect(auto.AbsoluteTime).toBe(iso(Date.parse(back.AbsoluteTime!) + 5 * MINUTE));
      expect(Date.parse(auto.AbsoluteTime as string)).toBeGreaterThan(joinedAt + 5 * MINUTE);
    });

    it('removes an agent who stays silent after the agent idle time', async () => {
      const { chat, customer, a, joinedAt } = await agentChat(timer('AGENT', 'IDLE', 3), timer('AGENT', 'DISCONNECT_NONCUSTOMER', 2));
      // The customer writing does not hold off the agent's timers.
      await advance(p, 2 * MINUTE);
      await say(p, chat.connectionToken, 'Anyone there?');
      await advance(p, MINUTE);
      expect(await customer.waitForItem(isEvent('participant.idle'))).toMatchObject({ ParticipantId: a.participantId, ParticipantRole: 'AGENT' });
      await advance(p, 2 * MINUTE);
      const auto = await customer.waitForItem(isEvent('participant.autodisconnection'));
      expect(auto).toMatchObject({ ParticipantId: a.participantId, ParticipantRole: 'AGENT', AbsoluteTime: iso(joinedAt + 5 * MINUTE) });
      await customer.waitForItem((i) => isEvent('participant.left')(i) && i.ParticipantId === a.participantId);
      await flowMessage(customer, DISCONNECT_TEXTS.agentLeft);
      await a.agent.contactState(chat.contactId, 'ENDED');
    });

    it('stops when the agent leaves: no notices while the customer waits in the disconnect flow', async () => {
      const { chat, customer, a } = await agentChat(timer('CUSTOMER', 'IDLE', 2), timer('CUSTOMER', 'DISCONNECT_NONCUSTOMER', 3));
      await advance(p, MINUTE);
      await leave(p, a.connectionToken);
      await flowMessage(customer, DISCONNECT_TEXTS.agentLeft);
      await advance(p, 10 * MINUTE);
      await say(p, chat.connectionToken, 'I am back');
      await flowMessage(customer, DISCONNECT_TEXTS.welcomeBack);
      expect(customer.items().filter((i) => /participant\.(idle|autodisconnection|returned)$/.test(i.ContentType))).toEqual([]);
    });
  });
}
