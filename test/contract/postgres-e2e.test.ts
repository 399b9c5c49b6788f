import crypto from 'node:crypto';
import {
  CreateParticipantCommand,
  DescribeContactCommand,
  GetContactAttributesCommand,
  StartChatContactCommand,
  UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { IN_CI, probePostgres, randomSchema } from './stores.js';

const probe = await probePostgres();
const skip = probe.reason !== null && !IN_CI;
if (skip) console.warn(`[postgres-e2e] skipping: ${probe.reason}`);

/** A Parley node on this file's schema; several nodes may share it, as a scaled-out deployment does. */
async function startNode(schema: string): Promise<TestParley> {
  if (!probe.url) throw new Error(probe.reason ?? 'PostgreSQL unavailable');
  return startTestParley({ db: await openPostgres({ url: probe.url, schema }) });
}

describe.skipIf(skip)('the chat API on PostgreSQL', () => {
  const schema = randomSchema();
  let p: TestParley;
  beforeAll(async () => {
    p = await startNode(schema);
  });
  afterAll(async () => {
    await p?.stop();
    if (probe.url) await dropSchema(probe.url, schema);
  });

  const countChats = async () => {
    const row = await p.deps.db.kysely.selectFrom('chats').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return row.n;
  };
  const chatItems = (chatId: string) =>
    p.deps.db.kysely.selectFrom('items').select(['seq', 'id', 'at', 'type', 'content_type', 'role']).where('chat_id', '=', chatId).orderBy('seq').execute();

  /** Adds a connected CUSTOM_BOT to a chat; returns its connection token. */
  async function addBot(contactId: string, name: string): Promise<string> {
    const created = await p.connect.send(
      new CreateParticipantCommand({ InstanceId: p.seeded.instanceId, ContactId: contactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: name } }),
    );
    const conn = await p.participant.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: created.ParticipantCredentials!.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }),
    );
    return conn.ConnectionCredentials!.ConnectionToken!;
  }

  it('starts one chat for one ClientToken sent several times at once', async () => {
    const before = await countChats();
    const ClientToken = crypto.randomUUID();
    const send = () =>
      p.connect.send(
        new StartChatContactCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'Customer' }, ClientToken }),
      );
    const started = await Promise.all([send(), send(), send(), send()]);
    expect(new Set(started.map((s) => s.ContactId)).size).toBe(1);
    expect(new Set(started.map((s) => s.ParticipantToken)).size).toBe(1);
    // A count comes back from PostgreSQL as bigint; the store must hand it over as a number.
    expect(await countChats()).toBe(before + 1);
    const contacts = await p.deps.db.kysely.selectFrom('contacts').select('id').where('chat_id', '=', started[0].ContactId!).execute();
    expect(contacts).toEqual([{ id: started[0].ContactId }]);

    // The token with another body is refused and starts nothing.
    await expect(
      p.connect.send(
        new StartChatContactCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'Someone else' }, ClientToken }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
    expect(await countChats()).toBe(before + 1);
  });

  it('orders parallel messages from several participants and two nodes whose clocks disagree, without gaps', async () => {
    const chat = await startChat(p);
    const tokens = [chat.connectionToken, await addBot(chat.contactId, 'Bot A'), await addBot(chat.contactId, 'Bot B')];
    // Node q shares the database; its clock stays where it was while p's moves 5 minutes on.
    const q = await startNode(schema);
    try {
      p.clock.advance(5 * 60_000);
      const ahead = p.clock.now();
      await p.participant.send(new SendMessageCommand({ ConnectionToken: tokens[0], ContentType: 'text/plain', Content: 'first' }));
      const sends = tokens.flatMap((ConnectionToken, who) =>
        Array.from({ length: 8 }, (_, k) =>
          (k % 2 ? q : p).participant.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: `${who}:${k}` })),
        ),
      );
      const posted = await Promise.all(sends);

      const items = await chatItems(chat.contactId);
      expect(items.map((i) => i.seq)).toEqual(items.map((_, n) => n + 1));
      for (let n = 1; n < items.length; n++) expect(items[n].at).toBeGreaterThanOrEqual(items[n - 1].at);
      const byId = new Map(items.map((i) => [i.id, i]));
      for (const m of posted) {
        const item = byId.get(m.Id!)!;
        expect(item.type).toBe('MESSAGE');
        // What the sender was told is what is stored, and no later message is older than an earlier one.
        expect(m.AbsoluteTime).toBe(new Date(item.at).toISOString());
        expect(item.at).toBeGreaterThanOrEqual(ahead);
      }

      const t = await q.participant.send(new GetTranscriptCommand({ ConnectionToken: tokens[1], SortOrder: 'ASCENDING', MaxResults: 100 }));
      const times = t.Transcript!.map((i) => i.AbsoluteTime!);
      expect(times).toEqual([...times].sort());
      // The inbound flow's greeting (SYSTEM) is in there too.
      const texts = t.Transcript!.filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole !== 'SYSTEM').map((i) => i.Content);
      expect(texts).toHaveLength(25);
      expect(new Set(texts).size).toBe(25);
    } finally {
      await q.stop();
    }
  });

  it('records one message for a ClientToken sent several times at once', async () => {
    const chat = await startChat(p);
    const ClientToken = crypto.randomUUID();
    const send = () => p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'once', ClientToken }));
    const sent = await Promise.all([send(), send(), send()]);
    expect(new Set(sent.map((s) => s.Id)).size).toBe(1);
    expect(new Set(sent.map((s) => s.AbsoluteTime)).size).toBe(1);
    const messages = (await chatItems(chat.contactId)).filter((i) => i.type === 'MESSAGE' && i.role === 'CUSTOMER');
    expect(messages.map((m) => m.id)).toEqual([sent[0].Id]);
  });

  it('keeps every key of contact attributes updated in parallel', async () => {
    const chat = await startChat(p);
    const keys = Array.from({ length: 8 }, (_, i) => `key${i}`);
    await Promise.all(
      keys.map((k) => p.connect.send(new UpdateContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: chat.contactId, Attributes: { [k]: k } }))),
    );
    const got = await p.connect.send(new GetContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: chat.contactId }));
    expect(got.Attributes).toEqual(Object.fromEntries(keys.map((k) => [k, k])));
  });

  it('ends a chat EXPIRED at its deadline', async () => {
    const startedAt = p.clock.now();
    const chat = await startChat(p, { ChatDurationInMinutes: 60 });
    p.clock.advance(60 * 60_000 - 1);
    await p.settle();
    const live = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
    expect(live.Contact!.DisconnectReason).toBeUndefined();

    p.clock.advance(1);
    await p.settle();
    const ended = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
    expect(ended.Contact).toMatchObject({ DisconnectReason: 'EXPIRED', DisconnectTimestamp: new Date(startedAt + 60 * 60_000) });
    const items = await chatItems(chat.contactId);
    expect(items.at(-1)!.content_type).toBe('application/vnd.amazonaws.connect.event.chat.ended');
    expect(await p.deps.db.kysely.selectFrom('timers').select('kind').where('target', '=', chat.contactId).execute()).toEqual([]);
  });
});
