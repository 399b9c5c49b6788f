import { StopContactCommand } from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMessage } from '../../src/app/chat/messages.js';
import { asSender } from '../../src/app/chat/participant-auth.js';
import { addBot, startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

/**
 * On SQLite a plain SendMessage decides everything before it writes and shares its group commit's
 * transaction without a savepoint (app/chat/message-decided-first.ts): a refusal must still
 * change nothing, next to messages that commit in the same transaction.
 */
let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

/** Sent as the HTTP handler sends it; started together, these share one group commit. */
const send = (token: string, Content: string, ClientToken?: string) =>
  asSender(p.deps, token, (caller) => sendMessage(p.deps, caller, { ContentType: 'text/plain', Content, ClientToken }));
const sdkSend = (ConnectionToken: string, Content: string, ClientToken?: string) =>
  p.participant.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content, ClientToken }));
const texts = async (chatId: string) =>
  (await p.deps.db.kysely.selectFrom('items').select(['content', 'content_type', 'role']).where('chat_id', '=', chatId).orderBy('seq').execute())
    .filter((r) => r.content_type === 'text/plain' && r.role !== 'SYSTEM')
    .map((r) => r.content);
const lastSeq = async (chatId: string) => Number((await p.deps.db.kysely.selectFrom('chats').select('last_seq').where('id', '=', chatId).executeTakeFirstOrThrow()).last_seq);
const claims = async (token: string) => (await p.deps.db.kysely.selectFrom('idempotency').select('scope').where('client_token', '=', token).execute()).length;

describe('SendMessage deciding before it writes (SQLite)', () => {
  it('refuses an ended chat, a departed sender and a reused token in a batch whose other messages commit, writing nothing for them', async () => {
    const live = await startChat(p);
    const other = await startChat(p);
    const ended = await startChat(p);
    const left = await startChat(p);
    const bot = await addBot(p, left.contactId);
    // Remembered senders (participant-auth.ts): their next message is decided in the write itself.
    await send(ended.connectionToken, 'before the stop', 'e-0');
    await send(bot.token, 'before the leave', 'b-0');
    const first = await send(live.connectionToken, 'original', 'reused');
    await p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId: ended.contactId }));
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: bot.token }));
    const seqs = { ended: await lastSeq(ended.contactId), left: await lastSeq(left.contactId), live: await lastSeq(live.contactId) };

    const outcomes = await Promise.allSettled([
      send(live.connectionToken, 'one', 'ok-1'),
      send(ended.connectionToken, 'after the stop', 'e-1'),
      send(other.connectionToken, 'two', 'ok-2'),
      send(bot.token, 'after the leave', 'b-1'),
      send(live.connectionToken, 'another body', 'reused'),
      send(live.connectionToken, 'original', 'reused'),
      send(other.connectionToken, 'three'),
    ]);
    const [one, stopped, two, departed, reused, repeat, three] = outcomes;
    expect([one, two, three, repeat].map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(stopped).toMatchObject({ status: 'rejected', reason: { code: 'ACCESS_DENIED' } });
    expect(departed).toMatchObject({ status: 'rejected', reason: { code: 'ACCESS_DENIED' } });
    expect(reused).toMatchObject({ status: 'rejected', reason: { code: 'INVALID_REQUEST' } });
    // The repeat gets the first answer, and writes nothing.
    expect((repeat as PromiseFulfilledResult<unknown>).value).toEqual(first);

    expect(await texts(live.contactId)).toEqual(['original', 'one']);
    expect(await lastSeq(live.contactId)).toBe(seqs.live + 1);
    expect((await texts(other.contactId)).sort()).toEqual(['three', 'two']);
    expect(await texts(ended.contactId)).toEqual(['before the stop']);
    expect(await texts(left.contactId)).toEqual(['before the leave']);
    expect(await lastSeq(ended.contactId)).toBe(seqs.ended);
    expect(await lastSeq(left.contactId)).toBe(seqs.left);
    expect([await claims('e-1'), await claims('b-1'), await claims('ok-1'), await claims('reused')]).toEqual([0, 0, 1, 1]);
  });

  it('answers a duplicate ClientToken with the same Id and time through the SDK, also when both are sent at once', async () => {
    const chat = await startChat(p);
    const [a, b] = await Promise.all([sdkSend(chat.connectionToken, 'twice', 'dup-1'), sdkSend(chat.connectionToken, 'twice', 'dup-1')]);
    expect(b).toMatchObject({ Id: a.Id, AbsoluteTime: a.AbsoluteTime });
    p.clock.advance(1000);
    expect(await sdkSend(chat.connectionToken, 'twice', 'dup-1')).toMatchObject({ Id: a.Id, AbsoluteTime: a.AbsoluteTime });
    await expect(sdkSend(chat.connectionToken, 'changed', 'dup-1')).rejects.toMatchObject({ name: 'ValidationException' });
    expect(await texts(chat.contactId)).toEqual(['twice']);
  });
});
