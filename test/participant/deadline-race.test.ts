import { CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMessage } from '../../src/app/chat/messages.js';
import { authConnectionToken } from '../../src/app/chat/participant-auth.js';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { TestSocket } from '../helpers/socket.js';

const HOUR = 3_600_000;
let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
  // The deadline timer must not end the chat first: these tests are about what happens in the
  // moment between the deadline and its timer (a busy scheduler, another node's lease).
  await p.scheduler.stop();
});
afterAll(async () => {
  await p.stop();
});

describe('at the deadline, before its timer fires', () => {
  it('refuses to append a message whose request was authorized a moment before the deadline', async () => {
    const chat = await startChat(p, { ChatDurationInMinutes: 60 });
    const deadline = p.clock.now() + HOUR;
    const caller = await authConnectionToken(p.deps, chat.connectionToken);
    p.clock.advance(HOUR); // the deadline passes between authorization and the write
    await expect(sendMessage(p.deps, caller, { ContentType: 'text/plain', Content: 'too late' })).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    const late = await p.deps.db.kysely.selectFrom('items').select(['id', 'at']).where('chat_id', '=', chat.contactId).where('at', '>=', deadline).execute();
    expect(late).toEqual([]);
  });

  it('refuses to open a socket for a chat past its deadline (403)', async () => {
    const chat = await startChat(p, { ChatDurationInMinutes: 60 });
    const conn = await p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.participantToken, Type: ['WEBSOCKET'] }));
    p.clock.advance(HOUR - 1);
    const alive = await TestSocket.open(conn.Websocket!.Url!); // 59:59.999: still alive
    alive.close();
    const url = (await p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.participantToken, Type: ['WEBSOCKET'] }))).Websocket!.Url!;
    p.clock.advance(1);
    await expect(TestSocket.open(url)).rejects.toThrow(/403/);
  });
});
