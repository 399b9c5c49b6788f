import { UpdateContactAttributesCommand, type StartChatContactCommandInput } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe as suite, expect, it } from 'vitest';
import { DEFAULT_GREETING, DISCONNECT_TEXTS, DISCONNECT_WAIT_SECONDS, LAST_AGENT_ATTRIBUTE, QUEUE_REMINDER_TEXT } from '../../src/core/flow/default-flows.js';
import { TEST_STORES } from '../helpers/stores.js';
import { startChat } from '../helpers/chat.js';
import type { TestParley } from '../helpers/parley.js';
import { TestSocket } from '../helpers/socket.js';
import { addBot, advance, describe, flowLogs, flowMessage, isEvent, leave, say } from './kit.js';

/**
 * The seed scenario (DESIGN.md) on the seeded flows, with the simulated clock: the customer stops
 * answering, the agent (a CUSTOM_BOT until agents exist) asks "Are you there?" and leaves; the
 * disconnect flow the inbound flow set runs on a new segment and Waits for the customer. On the
 * embedded store, and on PostgreSQL where the machine has it.
 */
const STORES = TEST_STORES;

const WAIT_MS = DISCONNECT_WAIT_SECONDS * 1000;
let p: TestParley;
const sockets: TestSocket[] = [];

/** A chat on the default inbound flow that the agent bot leaves after asking "Are you there?". */
async function agentLeaves(input: Partial<StartChatContactCommandInput> = {}) {
  const chat = await startChat(p, input);
  const customer = await openSocket(chat.websocketUrl);
  await flowMessage(customer, DEFAULT_GREETING);
  const bot = await addBot(p, chat.contactId);
  sockets.push(bot.socket);
  const asked = await say(p, bot.connectionToken, 'Are you there?');
  await customer.waitForItem((i) => i.Id === asked.Id);
  await leave(p, bot.connectionToken);
  const leftAt = p.clock.now();
  const left = await customer.waitForItem((i) => isEvent('participant.left')(i) && i.ParticipantId === bot.id);
  const notice = await flowMessage(customer, DISCONNECT_TEXTS.agentLeft);
  return { chat, customer, bot, left, notice, leftAt, segment: notice.ContactId as string };
}

async function openSocket(url: string) {
  const s = await TestSocket.open(url);
  sockets.push(s);
  return s;
}

const seconds = (ms: number) => new Date(ms);

for (const store of STORES) {
  suite.skipIf(store.skip)(`the seed scenario on the seeded flows (${store.name})`, () => {
    beforeAll(async () => {
      p = await store.start();
    });
    afterAll(async () => {
      for (const s of sockets.splice(0)) s.close();
      await p?.stop();
    });

    it('runs the disconnect flow on a new DISCONNECT segment of the same chat when the agent leaves and the customer stays', async () => {
      const s = await agentLeaves({ Attributes: { customerTier: 'gold' } });
      // The leaver leaves the first segment; the disconnect flow speaks on the new one, same chat.
      expect(s.left).toMatchObject({ ContactId: s.chat.contactId, InitialContactId: s.chat.contactId });
      expect(s.segment).not.toBe(s.chat.contactId);
      expect(s.notice).toMatchObject({ InitialContactId: s.chat.contactId, ParticipantRole: 'SYSTEM' });
      expect(s.customer.items().findIndex((i) => i.Id === s.left.Id)).toBeLessThan(s.customer.items().findIndex((i) => i.Id === s.notice.Id));

      const first = await describe(p, s.chat.contactId);
      expect(first).toMatchObject({ InitiationMethod: 'API', DisconnectReason: 'THIRD_PARTY_DISCONNECT', QueueInfo: { Id: p.seeded.basicQueueId } });
      expect(first.DisconnectTimestamp).toEqual(seconds(s.leftAt));
      const next = await describe(p, s.segment);
      expect(next).toMatchObject({
        Id: s.segment,
        InitialContactId: s.chat.contactId,
        PreviousContactId: s.chat.contactId,
        InitiationMethod: 'DISCONNECT',
        Channel: 'CHAT',
        Attributes: { customerTier: 'gold' },
      });
      expect(next.InitiationTimestamp).toEqual(seconds(s.leftAt));
      expect(next.DisconnectTimestamp).toBeUndefined();
      expect(next.QueueInfo).toBeUndefined();

      // Flow logging, switched on by the inbound flow, carries over to the new segment.
      const inbound = await flowLogs(p, s.chat.contactId);
      expect(inbound.find((l) => l.Type === 'UpdateContactEventHooks')).toMatchObject({
        ContactFlowId: expect.stringContaining(p.seeded.inboundFlowId),
        Parameters: { EventHooks: { CustomerRemaining: expect.stringContaining(p.seeded.disconnectFlowId) } },
        Error: null,
      });
      const disconnect = await flowLogs(p, s.segment);
      expect(disconnect.map((l) => [l.Identifier, l.ContactFlowName])).toEqual([['agent-left', 'Default chat disconnect']]);
    });

    it('routes a customer who writes again within the Wait back to the previous queue (no previous agent is available)', async () => {
      const s = await agentLeaves();
      // The first segment's customer queue flow stopped with it: no reminder on the old segment.
      await advance(p, WAIT_MS / 3);
      expect(s.customer.items().filter((i) => i.Content === QUEUE_REMINDER_TEXT && i.ContactId === s.chat.contactId)).toEqual([]);

      const back = await say(p, s.chat.connectionToken, "Hey, I'm back");
      const welcome = await flowMessage(s.customer, DISCONNECT_TEXTS.welcomeBack);
      expect(welcome.ContactId).toBe(s.segment);
      const mine = s.customer.items().find((i) => i.Id === back.Id)!;
      expect(mine.ContactId).toBe(s.segment);

      const queued = await describe(p, s.segment);
      expect(queued.QueueInfo).toEqual({ Id: p.seeded.basicQueueId, EnqueueTimestamp: seconds(p.clock.now()) });
      expect(queued.DisconnectTimestamp).toBeUndefined();
      const logs = await flowLogs(p, s.segment);
      expect(logs.find((l) => l.Identifier === 'wait-for-customer')).toMatchObject({ Type: 'Wait', Results: 'CustomerReturned', NextAction: 'welcome-back' });
      // No agent was recorded: the check of the previous agent fails, and the previous queue is next.
    expect(logs.find((l) => l.Identifier === 'previous-agent-available')).toMatchObject({ Error: 'NoMatchingError', NextAction: 'to-previous-queue' });
      expect(logs.at(-1)).toMatchObject({ Identifier: 'to-previous-queue', Type: 'TransferContactToQueue', Error: null });

      // Queued again, the customer gets the customer queue flow's reminder on the new segment.
      await advance(p, 120_000);
      const reminder = await s.customer.waitForItem((i) => i.Content === QUEUE_REMINDER_TEXT && i.ContactId === s.segment);
      expect(reminder.InitialContactId).toBe(s.chat.contactId);
      expect(s.customer.items().some(isEvent('chat.ended'))).toBe(false);
    });

    it('falls back to the previous queue when the agent recorded earlier is not available', async () => {
      const s = await agentLeaves();
      await p.connect.send(new UpdateContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: s.chat.contactId, Attributes: { [LAST_AGENT_ATTRIBUTE]: 'agent-who-left' } }));
      await say(p, s.chat.connectionToken, "Hey, I'm back");
      await flowMessage(s.customer, DISCONNECT_TEXTS.welcomeBack);
      expect((await describe(p, s.segment)).QueueInfo?.Id).toBe(p.seeded.basicQueueId);
      const logs = await flowLogs(p, s.segment);
      // Agents arrive with routing: the recorded one does not resolve, so the previous queue is next.
    expect(logs.find((l) => l.Identifier === 'previous-agent-available')).toMatchObject({ Error: 'NoMatchingError', NextAction: 'to-previous-queue' });
    expect(logs.map((l) => l.Identifier)).not.toContain('to-previous-agent');
      expect(logs.at(-1)).toMatchObject({ Identifier: 'to-previous-queue', Error: null });
    });

    it('ends the chat on the Timeout branch when the customer stays away for the whole Wait', async () => {
      const s = await agentLeaves();
      await advance(p, WAIT_MS - 1);
      expect(s.customer.items().some((i) => i.Content === DISCONNECT_TEXTS.timedOut)).toBe(false);

      await advance(p, 1);
      const bye = await flowMessage(s.customer, DISCONNECT_TEXTS.timedOut);
      const ended = await s.customer.waitForItem(isEvent('chat.ended'));
      expect(bye.ContactId).toBe(s.segment);
      expect(ended).toMatchObject({ ContactId: s.segment, InitialContactId: s.chat.contactId });
      expect(ended.AbsoluteTime).toBe(new Date(s.leftAt + WAIT_MS).toISOString());
      const last = await describe(p, s.segment);
      expect(last).toMatchObject({ DisconnectReason: 'CONTACT_FLOW_DISCONNECT' });
      expect(last.DisconnectTimestamp).toEqual(seconds(s.leftAt + WAIT_MS));
      expect((await flowLogs(p, s.segment)).find((l) => l.Type === 'Wait')).toMatchObject({ Results: 'WaitCompleted', NextAction: 'timed-out' });
    });

    it('ends the chat at exactly its deadline (EXPIRED) when the Wait would outlast it, and the Wait never completes', async () => {
      const chatMinutes = 60;
      const started = p.clock.now();
      const deadline = started + chatMinutes * 60_000;
      const chat = await startChat(p, { ChatDurationInMinutes: chatMinutes });
      const customer = await openSocket(chat.websocketUrl);
      // The agent leaves 10 minutes before the deadline; the disconnect flow Waits 15.
      await advance(p, deadline - 10 * 60_000 - p.clock.now());
      const bot = await addBot(p, chat.contactId);
      sockets.push(bot.socket);
      await leave(p, bot.connectionToken);
      const segment = (await flowMessage(customer, DISCONNECT_TEXTS.agentLeft)).ContactId as string;
      const before = await flowLogs(p, segment);

      await advance(p, WAIT_MS + 60_000);
      const ended = await customer.waitForItem(isEvent('chat.ended'));
      expect(ended.AbsoluteTime).toBe(new Date(deadline).toISOString());
      expect(customer.items().some((i) => i.Content === DISCONNECT_TEXTS.timedOut)).toBe(false);
      const last = await describe(p, segment);
      expect(last.DisconnectReason).toBe('EXPIRED');
      expect(last.DisconnectTimestamp).toEqual(seconds(deadline));
      // The Wait's timer went with the chat: nothing ran on the segment since, and nothing will.
      await advance(p, 24 * 3600_000);
      expect(await flowLogs(p, segment)).toEqual(before);
    });
  });
}
