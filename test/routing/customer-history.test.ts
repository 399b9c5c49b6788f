import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, DisconnectParticipantCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryContact } from '../../src/app/agents/customer-history.js';
import { AgentApiError, connectAgent, TestAgent } from '../helpers/agent.js';
import { startChat, type TestChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

/*
 * The workspace's "earlier contacts" panel: GET /agent/v1/contacts/{ContactId}/history answers the
 * customer's past chats (same CustomerId, or continued through persistent chat) to the agent
 * holding the contact, and to no one else.
 */

let p: TestParley;
let alice: TestAgent;
const open: TestAgent[] = [];
beforeAll(async () => {
  p = await startTestParley();
  alice = await TestAgent.login(p, 'alice');
  open.push(alice);
});
afterAll(async () => {
  for (const a of open) a.close();
  await p.stop();
});

const history = (agent: TestAgent, contactId: string) => agent.call('GET', `/agent/v1/contacts/${contactId}/history`) as Promise<{ Contacts: HistoryContact[] }>;
const refusal = (call: Promise<unknown>) =>
  call.then(
    () => null,
    (e: AgentApiError) => ({ status: e.status, type: e.type }),
  );

/** A chat alice handles: the customer and alice take turns with `lines`, then the customer leaves and alice clears it. */
async function pastChat(chat: TestChat, lines: string[]): Promise<void> {
  const agent = await connectAgent(p, chat, alice);
  for (const [i, Content] of lines.entries()) {
    const ConnectionToken = i % 2 === 0 ? chat.connectionToken : agent.connectionToken;
    await p.participant.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content }));
  }
  agent.socket.close();
  await finish(chat);
  p.clock.advance(60_000);
}

/** The customer leaves and alice clears the contact: her slot frees. */
async function finish(chat: TestChat): Promise<void> {
  await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: chat.connectionToken }));
  await alice.contactState(chat.contactId, 'ENDED');
  await alice.call('POST', `/agent/v1/contacts/${chat.contactId}/clear`);
  await alice.events.waitFor((e) => e.CurrentAgentSnapshot.Contacts.every((c) => c.ContactId !== chat.contactId));
}

describe('earlier contacts of the same customer', () => {
  it('lists the customer’s past chats newest first, with their agent, queue, end and last three messages', async () => {
    const first = await startChat(p, { CustomerId: 'cust-42' });
    await pastChat(first, ['Hello', 'Hi, how can I help?', 'My invoice is wrong', 'Let me check', 'Thanks']);
    const stranger = await startChat(p, { CustomerId: 'cust-7' });
    await pastChat(stranger, ['Not related']);
    const second = await startChat(p, { CustomerId: 'cust-42' });
    await pastChat(second, ['Back again']);
    const stored = await p.deps.db.kysely.selectFrom('chats').select('customer_id').where('id', '=', first.contactId).executeTakeFirstOrThrow();
    expect(stored.customer_id).toBe('cust-42');

    const now = await startChat(p, { CustomerId: 'cust-42' });
    (await connectAgent(p, now, alice)).socket.close();
    const out = await history(alice, now.contactId);
    expect(out.Contacts.map((c) => c.ContactId)).toEqual([second.contactId, first.contactId]);
    expect(out.Contacts[1]).toEqual({
      ContactId: first.contactId,
      StartedAt: expect.any(String),
      EndedAt: expect.any(String),
      Agent: 'alice',
      Queue: 'BasicQueue',
      DisconnectReason: 'CUSTOMER_DISCONNECT',
      LastMessages: [
        { Role: 'CUSTOMER', DisplayName: 'Customer', Content: 'My invoice is wrong' },
        { Role: 'AGENT', DisplayName: 'Alice', Content: 'Let me check' },
        { Role: 'CUSTOMER', DisplayName: 'Customer', Content: 'Thanks' },
      ],
    });
    expect(Date.parse(out.Contacts[0].StartedAt)).toBeGreaterThan(Date.parse(out.Contacts[1].StartedAt));
    expect(out.Contacts[0].LastMessages.map((m) => m.Content)).toEqual(['Back again']);
    await finish(now);
  });

  it('includes the sessions a persistent chat continues, for a customer without a CustomerId', async () => {
    const past = await startChat(p);
    await pastChat(past, ['Where is my parcel?']);
    const started = await p.connect.send(
      new StartChatContactCommand({
        InstanceId: p.seeded.instanceId,
        ContactFlowId: p.seeded.inboundFlowId,
        ParticipantDetails: { DisplayName: 'Customer' },
        PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: past.contactId },
      }),
    );
    const conn = await p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
    const now: TestChat = {
      contactId: started.ContactId!,
      participantId: started.ParticipantId!,
      participantToken: started.ParticipantToken!,
      connectionToken: conn.ConnectionCredentials!.ConnectionToken!,
      websocketUrl: conn.Websocket!.Url!,
    };
    (await connectAgent(p, now, alice)).socket.close();
    const out = await history(alice, now.contactId);
    expect(out.Contacts.map((c) => [c.ContactId, c.LastMessages.map((m) => m.Content)])).toEqual([[past.contactId, ['Where is my parcel?']]]);
    await finish(now);
  });

  it('answers an empty list for a first-time customer', async () => {
    const chat = await startChat(p, { CustomerId: 'cust-new' });
    (await connectAgent(p, chat, alice)).socket.close();
    expect(await history(alice, chat.contactId)).toEqual({ Contacts: [] });
    await finish(chat);
  });

  it('refuses another agent’s contact (403) and an unknown contact (404)', async () => {
    const chat = await startChat(p, { CustomerId: 'cust-42' });
    (await connectAgent(p, chat, alice)).socket.close();
    const bob = await TestAgent.login(p, 'bob');
    open.push(bob);
    expect(await refusal(history(bob, chat.contactId))).toEqual({ status: 403, type: 'AccessDeniedException' });
    expect(await refusal(history(alice, '00000000-0000-4000-8000-000000000000'))).toEqual({ status: 404, type: 'ResourceNotFoundException' });
  });
});
