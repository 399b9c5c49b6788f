import { StopContactCommand } from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { IN_CI, probePostgres, randomSchema } from '../contract/stores.js';
import { addBot, startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

/**
 * SendMessage remembers the connection tokens that sent (participant-auth.ts asSender): whatever
 * happened since, through this node or another, a remembered token must be refused exactly as a
 * token read afresh would be.
 */
const send = (p: TestParley, ConnectionToken: string, Content: string, ClientToken?: string) =>
  p.participant.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content, ClientToken }));
const refusal = (message: string) => ({ name: 'AccessDeniedException', message, $metadata: { httpStatusCode: 403 } });
const contents = async (p: TestParley, chatId: string) =>
  (await p.deps.db.kysely.selectFrom('items').select(['content', 'content_type']).where('chat_id', '=', chatId).orderBy('seq').execute()).map((r) =>
    r.content_type === 'text/plain' ? r.content : r.content_type,
  );

describe('a remembered sender on one node (SQLite)', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
    // The deadline test needs the moment between a chat's deadline and its timer.
    await p.scheduler.stop();
  });
  afterAll(async () => {
    await p.stop();
  });

  it('refuses a participant that left since its last message, and appends nothing after the leave', async () => {
    const chat = await startChat(p);
    const bot = await addBot(p, chat.contactId);
    await send(p, bot.token, 'one');
    await send(p, bot.token, 'two');
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: bot.token }));
    await expect(send(p, bot.token, 'three')).rejects.toMatchObject(refusal('The participant has left the chat'));
    const items = await contents(p, chat.contactId);
    expect(items[items.indexOf('two') + 1]).toBe('application/vnd.amazonaws.connect.event.participant.left');
    expect(items).not.toContain('three');
  });

  it('refuses a retry of an answered ClientToken once the participant has left', async () => {
    const chat = await startChat(p);
    const bot = await addBot(p, chat.contactId);
    const first = await send(p, bot.token, 'once', 'retry-after-leave');
    expect((await send(p, bot.token, 'once', 'retry-after-leave')).Id).toBe(first.Id);
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: bot.token }));
    await expect(send(p, bot.token, 'once', 'retry-after-leave')).rejects.toMatchObject(refusal('The participant has left the chat'));
  });

  it('refuses a sender whose chat was stopped since', async () => {
    const chat = await startChat(p);
    await send(p, chat.connectionToken, 'hello');
    await p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
    await expect(send(p, chat.connectionToken, 'anyone?')).rejects.toMatchObject(refusal('The chat has ended'));
  });

  it('ends a chat whose deadline passed since the last message (its timer not fired yet) and refuses the message', async () => {
    const chat = await startChat(p, { ChatDurationInMinutes: 60 });
    await send(p, chat.connectionToken, 'in time');
    p.clock.advance(3_600_000);
    await expect(send(p, chat.connectionToken, 'too late')).rejects.toMatchObject(refusal('The chat has ended'));
    const ended = await p.deps.db.kysely.selectFrom('chats').select('ended_at').where('id', '=', chat.contactId).executeTakeFirstOrThrow();
    expect(ended.ended_at).not.toBeNull();
    expect(await contents(p, chat.contactId)).not.toContain('too late');
  });
});

const probe = await probePostgres();
const skip = probe.reason !== null && !IN_CI;
if (skip) console.warn(`[remembered-sender] PostgreSQL skipped: ${probe.reason}`);

describe.skipIf(skip)('a remembered sender with two nodes (PostgreSQL)', () => {
  const schema = randomSchema();
  let a: TestParley;
  let b: TestParley;
  beforeAll(async () => {
    a = await startTestParley({ db: await openPostgres({ url: probe.url!, schema }) });
    b = await startTestParley({ db: await openPostgres({ url: probe.url!, schema }) });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    if (probe.url) await dropSchema(probe.url, schema);
  });

  it('refuses on one node a participant that left through the other', async () => {
    const chat = await startChat(a);
    const bot = await addBot(a, chat.contactId);
    await send(a, bot.token, 'one');
    await send(a, bot.token, 'two');
    await b.participant.send(new DisconnectParticipantCommand({ ConnectionToken: bot.token }));
    await expect(send(a, bot.token, 'three')).rejects.toMatchObject(refusal('The participant has left the chat'));
    expect(await contents(a, chat.contactId)).not.toContain('three');
  });

  it('refuses on one node a chat stopped through the other', async () => {
    const chat = await startChat(a);
    await send(a, chat.connectionToken, 'hello');
    await b.connect.send(new StopContactCommand({ InstanceId: b.seeded.instanceId, ContactId: chat.contactId }));
    await expect(send(a, chat.connectionToken, 'anyone?')).rejects.toMatchObject(refusal('The chat has ended'));
  });
});
