import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectAgent, type ConnectedAgent } from '../helpers/agent.js';
import { startChat, type TestChat } from '../helpers/chat.js';
import type { TestParley } from '../helpers/parley.js';
import { EVENT, TestSocket } from '../helpers/socket.js';
import { advance, isEvent, say } from '../scenario/kit.js';
import { count, iso, itemsSoFar, MINUTE, setTimers, STORES, timer, transcriptTypes } from './kit.js';

/* Idle timers (UpdateParticipantRoleConfig) through the SDK, an agent who accepted the chat and real sockets, on the simulated clock. */

let p: TestParley;
const open: { close(): void }[] = [];

/** A chat with its customer's socket and, once `join` is called, an agent in it. */
async function chatWithAgent(): Promise<{ chat: TestChat; customer: TestSocket; join: () => Promise<ConnectedAgent & { joinedAt: number }> }> {
  const chat = await startChat(p);
  const customer = await TestSocket.open(chat.websocketUrl);
  open.push(customer);
  const join = async () => {
    const a = await connectAgent(p, chat);
    open.push(a.socket, a.agent);
    return { ...a, joinedAt: p.clock.now() };
  };
  return { chat, customer, join };
}

for (const store of STORES) {
  describe.skipIf(store.skip)(`participant idle timers (${store.name})`, () => {
    beforeEach(async () => {
      p = await store.start();
    });
    afterEach(async () => {
      for (const o of open.splice(0)) o.close();
      await p.stop();
    });

    it('marks the customer idle after the idle time without a message, for everyone, outside the transcript', async () => {
      const { chat, customer, join } = await chatWithAgent();
      await setTimers(p, chat.contactId, timer('CUSTOMER', 'IDLE', 5));
      const a = await join();
      await advance(p, 5 * MINUTE - 1);
      expect(count(await itemsSoFar(p, customer, a.connectionToken), 'participant.idle')).toBe(0);
      await advance(p, 1);
      const idle = await customer.waitForItem(isEvent('participant.idle'));
      expect(idle).toMatchObject({
        Type: 'EVENT',
        ContentType: `${EVENT}participant.idle`,
        ParticipantId: chat.participantId,
        ParticipantRole: 'CUSTOMER',
        DisplayName: 'Customer',
        AbsoluteTime: iso(a.joinedAt + 5 * MINUTE),
      });
      expect(idle.Content).toBeUndefined();
      expect(await a.socket.waitForItem((i) => i.Id === idle.Id)).toMatchObject({ ParticipantRole: 'CUSTOMER' });
      expect(await transcriptTypes(p, chat.connectionToken)).not.toContain(`${EVENT}participant.idle`);
      // Idle once: nothing more happens while the customer stays silent.
      await advance(p, 60 * MINUTE);
      expect(count(await itemsSoFar(p, customer, a.connectionToken), 'participant.idle')).toBe(1);
    });

    it('says the customer returned on their next message, and counts the idle time again from it', async () => {
      const { chat, customer, join } = await chatWithAgent();
      await setTimers(p, chat.contactId, timer('CUSTOMER', 'IDLE', 2));
      const a = await join();
      await advance(p, 3 * MINUTE);
      await customer.waitForItem(isEvent('participant.idle'));
      const back = await say(p, chat.connectionToken, 'Sorry, I was away');
      const returned = await a.socket.waitForItem(isEvent('participant.returned'));
      expect(returned).toMatchObject({ Type: 'EVENT', ParticipantId: chat.participantId, ParticipantRole: 'CUSTOMER', AbsoluteTime: back.AbsoluteTime });
      const items = await itemsSoFar(p, customer, a.connectionToken);
      expect(items.findIndex((i) => i.Id === returned.Id)).toBeGreaterThan(items.findIndex((i) => i.Id === back.Id));
      expect(await transcriptTypes(p, chat.connectionToken)).not.toContain(`${EVENT}participant.returned`);

      // A message from a customer who is not idle returns nobody; the idle time restarts at each message.
      await advance(p, MINUTE);
      await say(p, chat.connectionToken, 'Still here');
      await advance(p, 2 * MINUTE - 1);
      let seen = await itemsSoFar(p, customer, a.connectionToken);
      expect([count(seen, 'participant.idle'), count(seen, 'participant.returned')]).toEqual([1, 1]);
      await advance(p, 1);
      const again = await customer.waitForItem((i) => isEvent('participant.idle')(i) && i.Id !== items.find(isEvent('participant.idle'))!.Id);
      expect(again.AbsoluteTime).toBe(iso(Date.parse(back.AbsoluteTime!) + 3 * MINUTE));
      seen = await itemsSoFar(p, customer, a.connectionToken);
      expect(count(seen, 'participant.idle')).toBe(2);
    });

    it('does not run before an agent joined: the customer waits in the queue without idle notices', async () => {
      const { chat, customer, join } = await chatWithAgent();
      await setTimers(p, chat.contactId, timer('CUSTOMER', 'IDLE', 2));
      await advance(p, 10 * MINUTE);
      const a = await join();
      expect(count(await itemsSoFar(p, customer, a.connectionToken), 'participant.idle')).toBe(0);
      await advance(p, 2 * MINUTE);
      expect((await customer.waitForItem(isEvent('participant.idle'))).AbsoluteTime).toBe(iso(a.joinedAt + 2 * MINUTE));
    });

    it('keeps the configuration the agent joined with: a change while connected waits for the next agent', async () => {
      const { chat, customer, join } = await chatWithAgent();
      await setTimers(p, chat.contactId, timer('CUSTOMER', 'IDLE', 5), timer('AGENT', 'IDLE', 3));
      // Unset before anyone joined: the agent joins without an idle timer.
      await setTimers(p, chat.contactId, timer('AGENT', 'IDLE', null));
      const a = await join();
      await setTimers(p, chat.contactId, timer('CUSTOMER', 'IDLE', 2));
      await advance(p, 5 * MINUTE - 1);
      const seen = await itemsSoFar(p, customer, chat.connectionToken);
      expect(count(seen, 'participant.idle')).toBe(0);
      // The customer spoke just now: idle 5 minutes after that, not 2.
      await advance(p, 5 * MINUTE - 1);
      expect(count(await itemsSoFar(p, a.socket, a.connectionToken), 'participant.idle')).toBe(0);
      await advance(p, 1);
      const idle = await customer.waitForItem(isEvent('participant.idle'));
      expect(idle.ParticipantRole).toBe('CUSTOMER');
    });

    it('marks the agent idle after the agent idle time, and returned when the agent writes again', async () => {
      const { chat, customer, join } = await chatWithAgent();
      await setTimers(p, chat.contactId, timer('AGENT', 'IDLE', 3));
      const a = await join();
      await advance(p, 3 * MINUTE);
      const idle = await customer.waitForItem(isEvent('participant.idle'));
      expect(idle).toMatchObject({ ParticipantId: a.participantId, ParticipantRole: 'AGENT', DisplayName: 'Alice', AbsoluteTime: iso(a.joinedAt + 3 * MINUTE) });
      await say(p, a.connectionToken, 'Back with your answer');
      expect(await customer.waitForItem(isEvent('participant.returned'))).toMatchObject({ ParticipantId: a.participantId, ParticipantRole: 'AGENT' });
    });
  });
}
