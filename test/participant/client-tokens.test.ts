import { CreateParticipantCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendEventCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { EVENT } from '../helpers/socket.js';
import { snapshotStore } from '../helpers/store-snapshot.js';

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

const startWith = (ClientToken?: string) =>
  p.connect.send(new StartChatContactCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'Customer' }, ClientToken }));
const addBot = (ContactId: string, ClientToken?: string) =>
  p.connect.send(new CreateParticipantCommand({ InstanceId: p.seeded.instanceId, ContactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot' }, ClientToken }));
/** Proves a participant token works: it opens a connection. */
const connects = async (ParticipantToken: string) =>
  (await p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }))).ConnectionCredentials!.ConnectionToken!;

/** Every row of every table, as one string: what a copy of the database gives away. */
const wholeStore = async () => JSON.stringify(await snapshotStore(p));

describe('participant tokens are never stored', () => {
  it('StartChatContact and CreateParticipant with a ClientToken keep no copy of the token, and a retry gets the same working token', async () => {
    const started = await startWith('start-token-1');
    const bot = await addBot(started.ContactId!, 'bot-token-1');
    const tokens = [started.ParticipantToken!, bot.ParticipantCredentials!.ParticipantToken!];

    const store = await wholeStore();
    for (const t of tokens) expect(store).not.toContain(t);

    // The SDK retries with the same ClientToken: the same participant, the same token, and it works.
    const again = await startWith('start-token-1');
    expect(again).toMatchObject({ ContactId: started.ContactId, ParticipantId: started.ParticipantId, ParticipantToken: started.ParticipantToken });
    const botAgain = await addBot(started.ContactId!, 'bot-token-1');
    expect(botAgain.ParticipantId).toBe(bot.ParticipantId);
    expect(botAgain.ParticipantCredentials).toEqual(bot.ParticipantCredentials);
    for (const t of tokens) expect(await connects(t)).toEqual(expect.any(String));

    const after = await wholeStore();
    for (const t of tokens) expect(after).not.toContain(t);
  });

  it('starts one chat for a ClientToken sent twice at once, with one working token', async () => {
    const [a, b] = await Promise.all([startWith('same-token-at-once'), startWith('same-token-at-once')]);
    expect(b.ContactId).toBe(a.ContactId);
    expect(b.ParticipantToken).toBe(a.ParticipantToken);
    await connects(a.ParticipantToken!);
  });

  it('keeps no token of a chat started without a ClientToken either', async () => {
    const started = await startWith();
    expect(await wholeStore()).not.toContain(started.ParticipantToken!);
    await connects(started.ParticipantToken!);
  });
});

describe('SendMessage and SendEvent with a ClientToken (the SDK always sends one)', () => {
  it('answers a retry with the first Id and AbsoluteTime, written once, recorded with the claim as the item id only', async () => {
    const chat = await startChat(p);
    const send = () => p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'once', ClientToken: 'msg-1' }));
    const first = await send();
    p.clock.advance(5000);
    const retry = await send();
    expect(retry.Id).toBe(first.Id);
    expect(retry.AbsoluteTime).toBe(first.AbsoluteTime);
    const rows = await p.deps.db.kysely.selectFrom('items').select('id').where('chat_id', '=', chat.contactId).where('content', '=', 'once').execute();
    expect(rows).toEqual([{ id: first.Id }]);
    const record = await p.deps.db.kysely.selectFrom('idempotency').select('response').where('scope', '=', `SendMessage:${chat.participantId}`).where('client_token', '=', 'msg-1').executeTakeFirstOrThrow();
    expect(JSON.parse(record.response!)).toEqual({ Id: first.Id });

    const typing = () => p.participant.send(new SendEventCommand({ ConnectionToken: chat.connectionToken, ContentType: `${EVENT}typing`, ClientToken: 'evt-1' }));
    const t1 = await typing();
    p.clock.advance(5000);
    expect(await typing()).toMatchObject({ Id: t1.Id, AbsoluteTime: t1.AbsoluteTime });
  });

  it('refuses the same ClientToken with another message, and writes nothing', async () => {
    const chat = await startChat(p);
    await p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'first', ClientToken: 'msg-x' }));
    const before = await snapshotStore(p);
    const err = await p.participant
      .send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'second', ClientToken: 'msg-x' }))
      .then(() => null, (e: { name: string; $metadata: { httpStatusCode?: number } }) => e);
    expect({ name: err?.name, status: err?.$metadata.httpStatusCode }).toEqual({ name: 'ValidationException', status: 400 });
    expect(await snapshotStore(p)).toEqual(before);
  });
});
