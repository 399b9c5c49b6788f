import { CreateParticipantConnectionCommand, SendEventCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GREETING } from '../core/flow/default-flows.js';
import { startChat } from '../../test/helpers/chat.js';
import { startTestParley, type TestParley } from '../../test/helpers/parley.js';
import { EVENT, TestSocket } from '../../test/helpers/socket.js';

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley({ env: { PARLEY_MAX_SOCKETS_PER_PARTICIPANT: '3' } });
});
afterAll(async () => {
  await p.stop();
});

const newUrl = async (participantToken: string) =>
  (await p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ['WEBSOCKET'] }))).Websocket!.Url!;

describe('the participant socket protocol', () => {
  it('acknowledges subscribe, answers every heartbeat and deep ping as chatjs and the mobile SDKs expect', async () => {
    const chat = await startChat(p);
    expect(chat.websocketUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//); // chatjs accepts no other ws:// host
    const s = await TestSocket.open(chat.websocketUrl);
    expect(JSON.parse(s.raw[0])).toEqual({ topic: 'aws/subscribe', content: { status: 'success', topics: ['aws/chat'] } });
    for (let i = 0; i < 3; i++) {
      const before = s.frames.length;
      s.send({ topic: 'aws/heartbeat' });
      s.send({ topic: 'aws/ping' });
      await s.waitFor(() => s.frames.length >= before + 2);
    }
    expect(s.frames.filter((f) => f.topic === 'aws/heartbeat')).toHaveLength(3);
    // Not only chatjs's exact bytes: any JSON spelling of the heartbeat is answered.
    s.ws.send('{ "topic" : "aws/heartbeat", "content": null }');
    await s.waitFor(() => s.frames.filter((f) => f.topic === 'aws/heartbeat').length === 4);
    expect(s.raw.filter((r) => r === '{"topic":"aws/heartbeat"}')).toHaveLength(4);
    expect(s.frames.filter((f) => f.topic === 'aws/ping')).toEqual(Array(3).fill({ topic: 'aws/ping', statusCode: 200, statusContent: 'OK' }));
    s.close();
  });

  it('sends every item as a JSON string carrying the fields the mobile SDKs read without null checks', async () => {
    const chat = await startChat(p);
    const s = await TestSocket.open(chat.websocketUrl);
    const m = await p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'hi' }));
    await p.participant.send(new SendEventCommand({ ConnectionToken: chat.connectionToken, ContentType: `${EVENT}typing` }));
    await p.participant.send(new SendEventCommand({ ConnectionToken: chat.connectionToken, ContentType: `${EVENT}message.delivered`, Content: JSON.stringify({ messageId: m.Id }) }));
    await s.waitForItem((i) => i.Type === 'MESSAGEMETADATA');
    const frames = s.frames.filter((f) => f.topic === 'aws/chat');
    expect(frames.length).toBeGreaterThanOrEqual(3);
    for (const f of frames) {
      expect(f.contentType).toBe('application/json');
      expect(typeof f.content).toBe('string');
      const item = JSON.parse(f.content as string);
      for (const k of ['Id', 'AbsoluteTime', 'ContentType', 'Type', 'ParticipantId', 'ParticipantRole', 'DisplayName', 'ContactId', 'InitialContactId'])
        expect(item[k], `${k} of ${item.Type}`).toEqual(expect.any(String));
      expect(item.AbsoluteTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      if (item.Id === m.Id) expect(item.Content).toBe('hi');
      if (item.Type === 'MESSAGEMETADATA') expect(item.MessageMetadata).toMatchObject({ MessageId: m.Id, Receipts: [{ DeliveredTimestamp: expect.any(String), RecipientParticipantId: chat.participantId }] });
    }
    // The sender hears its own typing too (UIs filter it by ParticipantId).
    expect(s.items().some((i) => i.ContentType === `${EVENT}typing` && i.ParticipantId === chat.participantId)).toBe(true);
    s.close();
  });

  it('delivers to every open socket of a participant, in order, once each', async () => {
    const chat = await startChat(p);
    const a = await TestSocket.open(chat.websocketUrl);
    const b = await TestSocket.open(await newUrl(chat.participantToken));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: `m${i}` }))).Id!);
    for (const s of [a, b]) {
      await s.waitForItem((i) => i.Id === ids[4]);
      expect(s.items().filter((i) => i.Type === 'MESSAGE' && i.ParticipantId === chat.participantId).map((i) => i.Id)).toEqual(ids);
    }
    a.close();
    b.close();
  });

  it('refuses a socket beyond the per-participant limit, and an unknown ticket', async () => {
    const chat = await startChat(p);
    const open = [await TestSocket.open(chat.websocketUrl)];
    for (let i = 0; i < 2; i++) open.push(await TestSocket.open(await newUrl(chat.participantToken)));
    await expect(TestSocket.open(await newUrl(chat.participantToken))).rejects.toThrow(/429/);
    await expect(TestSocket.open(chat.websocketUrl.replace(/ticket=.*/, 'ticket=forged'))).rejects.toThrow(/403/);
    open[0].close();
    await open[0].waitClosed();
    // A slot freed by a closed socket can be used again (chatjs rotates sockets this way).
    const again = await TestSocket.open(await newUrl(chat.participantToken));
    again.close();
    for (const s of open.slice(1)) s.close();
  });

  it('a participant that reconnects fills its gap from what it was not sent', async () => {
    const chat = await startChat(p);
    const first = await TestSocket.open(chat.websocketUrl);
    const url = await newUrl(chat.participantToken); // issued now: the socket starts from here
    first.close();
    const missed = await p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'while away' }));
    const second = await TestSocket.open(url);
    const got = await second.waitForItem((i) => i.Id === missed.Id);
    expect(got.Content).toBe('while away');
    second.close();
  });
});

describe('what a socket starts with', () => {
  it('sends a participant’s first socket the whole chat so far: its participant.joined, the InitialMessage and the flow’s greeting', async () => {
    const chat = await startChat(p, { InitialMessage: { ContentType: 'text/plain', Content: 'Hello, anyone?' } });
    const s = await TestSocket.open(chat.websocketUrl);
    await s.waitForItem((i) => i.Content === DEFAULT_GREETING);
    const seen = s.items().map((i) => [i.ParticipantRole, i.Content ?? i.ContentType]);
    expect(seen.slice(0, 3)).toEqual([
      ['CUSTOMER', `${EVENT}participant.joined`],
      ['CUSTOMER', 'Hello, anyone?'],
      ['SYSTEM', DEFAULT_GREETING],
    ]);
    // A later socket starts where its CreateParticipantConnection was: nothing is sent twice.
    const later = await TestSocket.open(await newUrl(chat.participantToken));
    const m = await p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'after' }));
    await later.waitForItem((i) => i.Id === m.Id);
    expect(later.items().filter((i) => i.Type === 'MESSAGE').map((i) => i.Id)).toEqual([m.Id]);
    s.close();
    later.close();
  });
});
