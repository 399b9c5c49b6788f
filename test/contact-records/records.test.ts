import { DescribeContactCommand, SearchContactsCommand, type SearchContactsCommandInput } from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GREETING, DISCONNECT_TEXTS } from '../../src/core/flow/default-flows.js';
import { connectAgent, type ConnectedAgent } from '../helpers/agent.js';
import { startChat, type TestChat } from '../helpers/chat.js';
import type { TestParley } from '../helpers/parley.js';
import { TEST_STORES } from '../helpers/stores.js';
import { signedRequest } from '../helpers/signed.js';

const S = 1000;

/**
 * One chat, scripted to the second (t0 = the simulated clock's start, 09:00:00Z):
 *   t0      StartChatContact (attribute orderId=42); the inbound flow greets (bot message) and queues it
 *   t0+30   customer "Hello?"                       (before any agent: a customer message, no response)
 *   t0+60   alice is offered the chat and accepts  (queue duration 60 s, one connection attempt)
 *   t0+80   customer "Order 42 is late"
 *   t0+90   alice "Let me check"                    (agent response 10 s; first response 30 s after connecting)
 *   t0+95   alice "Found it"
 *   t0+120  customer "Thanks!"                      (customer response 30 s, from alice's first message of her turn)
 *   t0+130  alice leaves: segment c1 ends (AGENT_DISCONNECT); the disconnect flow runs on c2 and says the agent left
 *   t0+150  the customer leaves: c2 ends (CUSTOMER_DISCONNECT)
 *   t0+170  alice clears the contact: after-contact work 40 s
 */
for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`contact records (${store.name})`, () => {
    let p: TestParley;
    let t0: number;
    let chat: TestChat;
    let alice: ConnectedAgent;
    let c2: string;
    const at = (s: number) => (t0 + s * S) / 1000;
    const say = (token: string, text: string) => p.participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: text }));
    const to = (s: number) => p.clock.set(t0 + s * S);

    beforeAll(async () => {
      p = await store.start();
      t0 = p.clock.now();
      chat = await startChat(p, { Attributes: { orderId: '42' } });
      to(30);
      await say(chat.connectionToken, 'Hello?');
      to(60);
      alice = await connectAgent(p, chat);
      to(80);
      await say(chat.connectionToken, 'Order 42 is late');
      to(90);
      await say(alice.connectionToken, 'Let me check');
      to(95);
      await say(alice.connectionToken, 'Found it');
      to(120);
      await say(chat.connectionToken, 'Thanks!');
      to(130);
      await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: alice.connectionToken }));
      to(150);
      await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: chat.connectionToken }));
      to(170);
      await alice.agent.call('POST', `/agent/v1/contacts/${chat.contactId}/clear`);
      const c1 = await describe1(chat.contactId);
      c2 = c1.NextContactId!;
    });
    afterAll(async () => {
      alice?.agent.close();
      alice?.socket.close();
      await p?.stop();
    });

    const describe1 = async (id: string) => {
      const { Contact } = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: id }));
      return { ...Contact!, NextContactId: await nextOf(id) };
    };
    const nextOf = async (id: string) => (await p.deps.db.kysely.selectFrom('contacts').select('next_contact_id').where('id', '=', id).executeTakeFirstOrThrow()).next_contact_id;

    it('DescribeContact shows the agent segment with its queue, agent, after-contact work and chat metrics', async () => {
      const { Contact: c } = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
      expect(c).toMatchObject({
        Id: chat.contactId,
        InitialContactId: chat.contactId,
        InitiationMethod: 'API',
        Channel: 'CHAT',
        DisconnectReason: 'AGENT_DISCONNECT',
        QueueInfo: { Id: p.seeded.basicQueueId },
        AgentInfo: { Id: alice.agent.userId, AfterContactWorkDuration: 40 },
        Attributes: { orderId: '42' },
      });
      expect(c!.InitiationTimestamp!.getTime()).toBe(t0);
      expect(c!.ConnectedToSystemTimestamp!.getTime()).toBe(t0);
      expect(c!.QueueInfo!.EnqueueTimestamp!.getTime()).toBe(t0);
      expect(c!.AgentInfo!.ConnectedToAgentTimestamp!.getTime()).toBe(at(60) * 1000);
      expect(c!.AgentInfo!.AfterContactWorkStartTimestamp!.getTime()).toBe(at(130) * 1000);
      expect(c!.AgentInfo!.AfterContactWorkEndTimestamp!.getTime()).toBe(at(170) * 1000);
      expect(c!.DisconnectTimestamp!.getTime()).toBe(at(130) * 1000);
      const m = c!.ChatMetrics!;
      // Greeting, "Hello?", "Order 42 is late", "Let me check", "Found it", "Thanks!"; one customer run answered by alice.
      expect(m.ChatContactMetrics).toMatchObject({
        MultiParty: false,
        TotalMessages: 6,
        TotalBotMessages: 1,
        TotalBotMessageLengthInChars: DEFAULT_GREETING.length,
        ConversationCloseTimeInMillis: 10_000,
        ConversationTurnCount: 1,
        AgentFirstResponseTimeInMillis: 30_000,
      });
      expect(m.ChatContactMetrics!.AgentFirstResponseTimestamp!.getTime()).toBe(at(90) * 1000);
      expect(m.AgentMetrics).toMatchObject({ ParticipantId: alice.participantId, ParticipantType: 'AGENT', ConversationAbandon: false, MessagesSent: 2, NumResponses: 1, MessageLengthInChars: 12 + 8, TotalResponseTimeInMillis: 10_000, MaxResponseTimeInMillis: 10_000 });
      expect(m.AgentMetrics!.LastMessageTimestamp!.getTime()).toBe(at(95) * 1000);
      expect(m.CustomerMetrics).toMatchObject({ ParticipantId: chat.participantId, ParticipantType: 'CUSTOMER', ConversationAbandon: false, MessagesSent: 3, NumResponses: 1, MessageLengthInChars: 6 + 16 + 7, TotalResponseTimeInMillis: 30_000, MaxResponseTimeInMillis: 30_000 });
    });

    it('links the disconnect-flow segment to it, with its own record', async () => {
      const c = await describe1(c2);
      expect(c).toMatchObject({ Id: c2, InitialContactId: chat.contactId, PreviousContactId: chat.contactId, InitiationMethod: 'DISCONNECT', DisconnectReason: 'CUSTOMER_DISCONNECT' });
      expect(c.QueueInfo).toBeUndefined();
      expect(c.AgentInfo).toBeUndefined();
      // The customer was connected before this segment began: connected from its start.
      expect(c.ConnectedToSystemTimestamp!.getTime()).toBe(at(130) * 1000);
      expect(c.DisconnectTimestamp!.getTime()).toBe(at(150) * 1000);
      expect(c.ChatMetrics!.ChatContactMetrics).toMatchObject({ TotalMessages: 1, TotalBotMessages: 1, TotalBotMessageLengthInChars: DISCONNECT_TEXTS.agentLeft.length });
    });

    it('SearchContacts finds segments by time range, method, agent, queue and attributes, paged', async () => {
      const base: SearchContactsCommandInput = { InstanceId: p.seeded.instanceId, TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(t0), EndTime: new Date(t0 + 3600 * S) } };
      const ids = async (input: Partial<SearchContactsCommandInput>) => (await p.connect.send(new SearchContactsCommand({ ...base, ...input }))).Contacts!.map((c) => c.Id);
      expect(new Set(await ids({}))).toEqual(new Set([chat.contactId, c2]));
      expect(await ids({ SearchCriteria: { InitiationMethods: ['DISCONNECT'] } })).toEqual([c2]);
      expect(await ids({ SearchCriteria: { AgentIds: [alice.agent.userId] } })).toEqual([chat.contactId]);
      expect(await ids({ SearchCriteria: { QueueIds: [p.seeded.basicQueueId] } })).toEqual([chat.contactId]);
      expect(await ids({ SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'orderId', Values: ['42'] }] } }, Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' } })).toEqual([chat.contactId, c2]);
      expect(await ids({ SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'orderId', Values: ['43'] }] } } })).toEqual([]);
      expect(await ids({ TimeRange: { Type: 'DISCONNECT_TIMESTAMP', StartTime: new Date(at(140) * 1000), EndTime: new Date(at(160) * 1000) } })).toEqual([c2]);
      expect(await ids({ TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(t0 + 3600 * S), EndTime: new Date(t0 + 7200 * S) } })).toEqual([]);

      const sorted = { ...base, Sort: { FieldName: 'INITIATION_TIMESTAMP' as const, Order: 'ASCENDING' as const }, MaxResults: 1 };
      const first = await p.connect.send(new SearchContactsCommand(sorted));
      expect(first).toMatchObject({ TotalCount: 2, Contacts: [{ Id: chat.contactId, InitiationMethod: 'API', QueueInfo: { Id: p.seeded.basicQueueId }, AgentInfo: { Id: alice.agent.userId } }] });
      const second = await p.connect.send(new SearchContactsCommand({ ...sorted, NextToken: first.NextToken }));
      expect(second.Contacts!.map((c) => c.Id)).toEqual([c2]);
      expect(second.NextToken).toBeUndefined();
      // A token is only good for the request it was made for.
      await expect(p.connect.send(new SearchContactsCommand({ ...base, MaxResults: 1, NextToken: first.NextToken }))).rejects.toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
    });

    it('refuses a search with an empty time range or an unknown instance', async () => {
      const bad = (input: Partial<SearchContactsCommandInput>) =>
        p.connect.send(new SearchContactsCommand({ InstanceId: p.seeded.instanceId, TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(t0), EndTime: new Date(t0) }, ...input }));
      await expect(bad({})).rejects.toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
      await expect(bad({ InstanceId: '00000000-0000-0000-0000-000000000000', TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(t0), EndTime: new Date(t0 + S) } })).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 404 },
      });
    });

    it('exports the records as JSON lines in the stream shape and as CSV', async () => {
      const range = `StartTime=${at(0)}&EndTime=${at(3600)}`;
      const jsonl = await signedRequest(p, 'GET', `/contact-records/${p.seeded.instanceId}?${range}`);
      expect(jsonl.status).toBe(200);
      const records = jsonl.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      // Ordered by disconnect time: c1 (t0+130), then c2 (t0+150).
      expect(records.map((r) => r.ContactId)).toEqual([chat.contactId, c2]);
      expect(records[0]).toMatchObject({
        AWSContactTraceRecordFormatVersion: '2017-03-10',
        InitiationMethod: 'API',
        InitiationTimestamp: new Date(t0).toISOString(),
        NextContactId: c2,
        AgentConnectionAttempts: 1,
        Queue: { Id: p.seeded.basicQueueId, EnqueueTimestamp: new Date(t0).toISOString(), DequeueTimestamp: new Date(at(60) * 1000).toISOString(), Duration: 60 },
        Agent: { Username: 'alice', AgentInteractionDuration: 70, AfterContactWorkDuration: 40, RoutingProfile: { Name: 'Basic Routing Profile' } },
        ChatMetrics: { ContactMetrics: { TotalMessages: 6, AgentFirstResponseTimestamp: new Date(at(90) * 1000).toISOString() } },
      });
      const csv = await signedRequest(p, 'GET', `/contact-records/${p.seeded.instanceId}?${range}&Format=csv`);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const [header, row1, row2] = csv.body.trim().split('\r\n').map((l) => l.split(','));
      const col = (row: string[], name: string) => row[header.indexOf(name)];
      expect(col(row1, 'ContactId')).toBe(chat.contactId);
      expect(col(row1, 'AgentUsername')).toBe('alice');
      expect(col(row1, 'QueueDuration')).toBe('60');
      expect(col(row2, 'InitiationMethod')).toBe('DISCONNECT');
      expect(col(row2, 'DisconnectReason')).toBe('CUSTOMER_DISCONNECT');
    });
  });
}
