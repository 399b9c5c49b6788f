import { randomUUID } from 'node:crypto';
import { StopContactCommand } from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_CI, probePostgres, randomSchema } from '../../../test/contract/stores.js';
import { addBot, startChat } from '../../../test/helpers/chat.js';
import { startTestParley, type TestParley } from '../../../test/helpers/parley.js';
import { appendMessageAtOnce, type AtOnceOutcome, type MessageAtOnce } from './append-at-once.js';
import { dropSchema, openPostgres } from './postgres.js';

const probe = await probePostgres();
const skip = probe.reason !== null && !IN_CI;
if (skip) console.warn(`[append-at-once] PostgreSQL skipped: ${probe.reason}`);

describe.skipIf(skip)('messages appended together in one statement (PostgreSQL)', () => {
  const schema = randomSchema();
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ db: await openPostgres({ url: probe.url!, schema }) });
  });
  afterAll(async () => {
    await p?.stop();
    if (probe.url) await dropSchema(probe.url, schema);
  });

  /** A message as SendMessage builds it, from a participant of a chat. */
  const message = (chatId: string, sender: { id: string; role: string }, content: string, token: string = randomUUID()): MessageAtOnce => ({
    chatId,
    senderId: sender.id,
    now: p.clock.now(),
    fromCustomer: sender.role === 'CUSTOMER',
    claim: { scope: `SendMessage:${sender.id}`, token, requestHash: `hash of ${content}`, response: '{}' },
    item: {
      id: randomUUID(),
      contactId: '',
      type: 'MESSAGE',
      contentType: 'text/plain',
      content,
      participantId: sender.id,
      role: sender.role as MessageAtOnce['item']['role'],
      displayName: 'Someone',
      inTranscript: true,
      attachments: null,
      metadata: null,
    },
  });
  /** Sends messages in one turn of the event loop: one statement. */
  const together = (...ms: MessageAtOnce[]) => Promise.all(ms.map((m) => appendMessageAtOnce(p.deps.db, m)!));
  const stored = (chatId: string) =>
    p.deps.db.kysely.selectFrom('items').select(['seq', 'content', 'contact_id']).where('chat_id', '=', chatId).where('type', '=', 'MESSAGE').where('role', '!=', 'SYSTEM').orderBy('seq').execute();
  const lastSeq = async (chatId: string) =>
    Number((await p.deps.db.kysely.selectFrom('chats').select('last_seq').where('id', '=', chatId).executeTakeFirstOrThrow()).last_seq);
  const appended = (o: AtOnceOutcome) => (o.kind === 'appended' ? o.item : null);

  it('appends messages of several chats, and several of one chat in the order they came, each with its own sequence number', async () => {
    const [a, b] = [await startChat(p), await startChat(p)];
    const [ca, cb] = [{ id: a.participantId, role: 'CUSTOMER' }, { id: b.participantId, role: 'CUSTOMER' }];
    const before = await lastSeq(a.contactId);
    const out = await together(message(a.contactId, ca, 'a1'), message(b.contactId, cb, 'b1'), message(a.contactId, ca, 'a2'), message(a.contactId, ca, 'a3'));
    expect(out.map((o) => o.kind)).toEqual(['appended', 'appended', 'appended', 'appended']);
    expect(out.map((o) => appended(o)!.seq)).toEqual([before + 1, expect.any(Number), before + 2, before + 3]);
    expect((await stored(a.contactId)).map((r) => [r.seq, r.content, r.contact_id])).toEqual([
      [before + 1, 'a1', a.contactId],
      [before + 2, 'a2', a.contactId],
      [before + 3, 'a3', a.contactId],
    ]);
    expect(await lastSeq(a.contactId)).toBe(before + 3);
    expect((await stored(b.contactId)).map((r) => r.content)).toEqual(['b1']);
  });

  it('decides each message on its own: a repeated ClientToken and one already used go the general way, the others are appended', async () => {
    const chat = await startChat(p);
    const me = { id: chat.participantId, role: 'CUSTOMER' };
    const [used] = await together(message(chat.contactId, me, 'first', 'used-token'));
    expect(used.kind).toBe('appended');
    const out = await together(message(chat.contactId, me, 'again', 'used-token'), message(chat.contactId, me, 'twice', 'same-token'), message(chat.contactId, me, 'twice', 'same-token'), message(chat.contactId, me, 'fresh'));
    expect(out.map((o) => o.kind)).toEqual(['general', 'appended', 'general', 'appended']);
    expect((await stored(chat.contactId)).map((r) => r.content)).toEqual(['first', 'twice', 'fresh']);
  });

  it('refuses a sender that left and a chat that ended, appending the rest', async () => {
    const left = await startChat(p);
    const bot = await addBot(p, left.contactId);
    const ended = await startChat(p);
    const open = await startChat(p);
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: bot.token }));
    await p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId: ended.contactId }));
    const out = await together(
      message(left.contactId, { id: bot.id, role: 'CUSTOM_BOT' }, 'gone'),
      message(ended.contactId, { id: ended.participantId, role: 'CUSTOMER' }, 'too late'),
      message(open.contactId, { id: open.participantId, role: 'CUSTOMER' }, 'still here'),
    );
    expect(out.map((o) => o.kind)).toEqual(['refused', 'refused', 'appended']);
    expect(await stored(left.contactId)).toEqual([]);
    expect(await stored(ended.contactId)).toEqual([]);
    expect((await stored(open.contactId)).map((r) => r.content)).toEqual(['still here']);
  });

  it('answers a retried SendMessage with its first answer, through the general path', async () => {
    const chat = await startChat(p);
    const send = () => p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'once', ClientToken: 'retried' }));
    const first = await send();
    expect(await send()).toMatchObject({ Id: first.Id, AbsoluteTime: first.AbsoluteTime });
    expect((await stored(chat.contactId)).map((r) => r.content)).toEqual(['once']);
  });

  it("leaves to the general path a customer's message to a parked flow and any message while participant timers run", async () => {
    const parked = await startChat(p);
    const timed = await startChat(p);
    const bot = await addBot(p, parked.contactId);
    await p.deps.db.kysely.updateTable('contacts').set({ flow_state: JSON.stringify({ parked: { kind: 'wait', events: ['CustomerReturned'] } }) }).where('id', '=', parked.contactId).execute();
    await p.deps.db.kysely.updateTable('chats').set({ participant_timers: JSON.stringify({ set: {}, live: {}, idle: [] }) }).where('id', '=', timed.contactId).execute();
    const out = await together(
      message(parked.contactId, { id: parked.participantId, role: 'CUSTOMER' }, 'to the flow'),
      message(parked.contactId, { id: bot.id, role: 'CUSTOM_BOT' }, 'from the bot'),
      message(timed.contactId, { id: timed.participantId, role: 'CUSTOMER' }, 'timed'),
    );
    expect(out.map((o) => o.kind)).toEqual(['general', 'appended', 'general']);
    expect((await stored(parked.contactId)).map((r) => r.content)).toEqual(['from the bot']);
    expect(await stored(timed.contactId)).toEqual([]);
  });
});

it('is not offered where statements cost no round trip (SQLite)', async () => {
  const p = await startTestParley();
  try {
    expect(p.deps.db.autocommit).toBeUndefined();
  } finally {
    await p.stop();
  }
});
