import { randomUUID } from 'node:crypto';
import { StopContactCommand } from '@aws-sdk/client-connect';
import {
  CompleteAttachmentUploadCommand,
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetAttachmentCommand,
  GetTranscriptCommand,
  type GetTranscriptCommandInput,
  SendEventCommand,
  SendMessageCommand,
  StartAttachmentUploadCommand,
} from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteAttachmentUploadBody,
  CreateParticipantConnectionBody,
  DisconnectParticipantBody,
  GetAttachmentBody,
  GetTranscriptBody,
  SendEventBody,
  SendMessageBody,
  StartAttachmentUploadBody,
} from '../../src/http/participant/schemas.js';
import { startChat, type TestChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { EVENT } from '../helpers/socket.js';
import { snapshotStore } from '../helpers/store-snapshot.js';
import { expectRejected, fill, schemaCases, withBody } from './schema-cases.js';

let p: TestParley;
let a: TestChat; // the chat most requests are made in; text/plain only
let b: TestChat; // another chat, which also allows application/json
let ended: TestChat;
let vars: Record<string, string>;

const say = (chat: TestChat, Content: string) => p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content }));
const transcript = (chat: TestChat, input: Omit<GetTranscriptCommandInput, 'ConnectionToken'> = {}) =>
  p.participant.send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken, ...input }));

/** Starts an upload of a 5-byte note.txt and, unless told otherwise, PUTs its bytes. */
async function upload(chat: TestChat, put = true): Promise<string> {
  const started = await p.participant.send(
    new StartAttachmentUploadCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', AttachmentSizeInBytes: 5, AttachmentName: 'note.txt', ClientToken: randomUUID() }),
  );
  const meta = started.UploadMetadata!;
  if (put) expect((await fetch(meta.Url!, { method: 'PUT', headers: meta.HeadersToInclude, body: 'hello' })).status).toBe(200);
  return started.AttachmentId!;
}
const complete = (chat: TestChat, id: string) =>
  p.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: chat.connectionToken, AttachmentIds: [id], ClientToken: randomUUID() }));

beforeAll(async () => {
  p = await startTestParley();
  a = await startChat(p);
  b = await startChat(p, { SupportedMessagingContentTypes: ['text/plain', 'application/json'] });
  ended = await startChat(p);
  await p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId: ended.contactId }));
  const messageA = await say(a, 'Hello from A');
  const messageB = await say(b, 'Hello from B');
  const approvedA = await upload(a);
  await complete(a, approvedA);
  const approvedB = await upload(b);
  await complete(b, approvedB);
  const joinedA = (await transcript(a, { MaxResults: 100 })).Transcript!.find((i) => i.ContentType === `${EVENT}participant.joined`)!;
  await p.settle();
  vars = {
    contactA: a.contactId,
    contactB: b.contactId,
    messageA: messageA.Id!,
    messageB: messageB.Id!,
    eventA: joinedA.Id!,
    approvedA,
    approvedB,
    pendingA: await upload(a),
    notUploadedA: await upload(a, false),
    nextTokenA: (await transcript(a, { MaxResults: 1 })).NextToken!,
    nextTokenB: (await transcript(b, { MaxResults: 1 })).NextToken!,
  };
});
afterAll(async () => {
  await p.stop();
});

/** One valid request per operation and a command carrying a's token; each bad case replaces the body. */
const OPERATIONS = [
  ['CreateParticipantConnection', CreateParticipantConnectionBody, { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ConnectParticipant: false }, () => new CreateParticipantConnectionCommand({ ParticipantToken: a.participantToken })],
  ['SendMessage', SendMessageBody, { ContentType: 'text/plain', Content: 'Hi', ClientToken: '$clientToken' }, () => new SendMessageCommand({ ConnectionToken: a.connectionToken } as never)],
  ['SendEvent', SendEventBody, { ContentType: `${EVENT}message.read`, Content: '{"messageId":"$messageA"}', ClientToken: '$clientToken' }, () => new SendEventCommand({ ConnectionToken: a.connectionToken } as never)],
  [
    'GetTranscript',
    GetTranscriptBody,
    { ContactId: '$contactA', MaxResults: 10, NextToken: '$nextTokenA', ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING', StartPosition: { Id: '$messageA', AbsoluteTime: '2026-11-02T09:00:00.000Z', MostRecent: 5 } },
    () => new GetTranscriptCommand({ ConnectionToken: a.connectionToken }),
  ],
  ['StartAttachmentUpload', StartAttachmentUploadBody, { ContentType: 'text/plain', AttachmentSizeInBytes: 5, AttachmentName: 'note.txt', ClientToken: '$clientToken' }, () => new StartAttachmentUploadCommand({ ConnectionToken: a.connectionToken } as never)],
  ['CompleteAttachmentUpload', CompleteAttachmentUploadBody, { AttachmentIds: ['$pendingA'], ClientToken: '$clientToken' }, () => new CompleteAttachmentUploadCommand({ ConnectionToken: a.connectionToken } as never)],
  ['GetAttachment', GetAttachmentBody, { AttachmentId: '$approvedA', UrlExpiryInSeconds: 60 }, () => new GetAttachmentCommand({ ConnectionToken: a.connectionToken } as never)],
  ['DisconnectParticipant', DisconnectParticipantBody, { ClientToken: '$clientToken' }, () => new DisconnectParticipantCommand({ ConnectionToken: a.connectionToken })],
] as const;

/** Sends any participant command; for errors only, so the output type does not matter. */
const sendAny = (command: { middlewareStack: unknown }) => p.participant.send(command as SendMessageCommand);

describe.each(OPERATIONS.map(([op, schema, valid, command]) => ({ op, command, cases: schemaCases(schema, valid) })))(
  '$op: requests the schema rejects',
  ({ cases, command }) => {
    it.each(cases.map((c) => [c.name, c.body] as const))('%s → ValidationException', async (_name, body) => {
      await expectRejected(p, () => sendAny(withBody(command(), fill(body, { ...vars, clientToken: randomUUID() }))), 'ValidationException', 400);
    });
  },
);

const send = (chat: () => TestChat, ContentType: string, Content: string, ClientToken?: string) => () =>
  p.participant.send(new SendMessageCommand({ ConnectionToken: chat().connectionToken, ContentType, Content, ClientToken }));
const event = (chat: () => TestChat, ContentType: string, Content?: string) => () => p.participant.send(new SendEventCommand({ ConnectionToken: chat().connectionToken, ContentType, Content }));
const read = (messageId: () => string) => () =>
  p.participant.send(new SendEventCommand({ ConnectionToken: a.connectionToken, ContentType: `${EVENT}message.read`, Content: JSON.stringify({ messageId: messageId() }) }));
const pageOf = (chat: () => TestChat, input: () => Omit<GetTranscriptCommandInput, 'ConnectionToken'>) => () => transcript(chat(), input());
const A = () => a;
const B = () => b;
const VE = 'ValidationException';

describe('well-formed requests that break a rule of the chat', () => {
  it.each([
    ['SendMessage of an unknown content type', VE, 400, send(A, 'text/html', '<b>hi</b>')],
    ['SendMessage of text/plain one character over 1024', VE, 400, send(A, 'text/plain', 'x'.repeat(1025))],
    ['SendMessage of a type the chat does not support', VE, 400, send(A, 'application/json', '{}')],
    ['SendMessage of application/json that is not JSON', VE, 400, send(B, 'application/json', '{nope')],
    ['SendMessage of application/json one character over 12000', VE, 400, send(B, 'application/json', JSON.stringify('x'.repeat(11999)))],
    ['SendEvent participant.joined (only the server emits it)', VE, 400, event(A, `${EVENT}participant.joined`)],
    ['SendEvent chat.ended', VE, 400, event(A, `${EVENT}chat.ended`)],
    ['SendEvent message.metadata', VE, 400, event(A, `${EVENT}message.metadata`)],
    ['SendEvent of an unknown event type', VE, 400, event(A, `${EVENT}nonsense`)],
    ['a read receipt without Content', VE, 400, event(A, `${EVENT}message.read`)],
    ['a read receipt whose Content is not JSON', VE, 400, event(A, `${EVENT}message.read`, 'messageId=1')],
    ['a read receipt for a message of another chat', VE, 400, read(() => vars.messageB)],
    ['a read receipt for an unknown message', VE, 400, read(() => randomUUID())],
    ['a read receipt for an event, not a message', VE, 400, read(() => vars.eventA)],
    ['GetTranscript of a ContactId of another chat', VE, 400, pageOf(B, () => ({ ContactId: a.contactId }))],
    ['GetTranscript with a NextToken from another chat', VE, 400, pageOf(A, () => ({ NextToken: vars.nextTokenB }))],
    ['GetTranscript with a forged NextToken', VE, 400, pageOf(A, () => ({ NextToken: `${vars.nextTokenA.slice(0, -1)}${vars.nextTokenA.endsWith('A') ? 'B' : 'A'}` }))],
    ['GetTranscript starting at an item of another chat', VE, 400, pageOf(A, () => ({ StartPosition: { Id: vars.messageB } }))],
    ['GetTranscript starting at a time that is not a time', VE, 400, pageOf(A, () => ({ StartPosition: { AbsoluteTime: 'yesterday' } }))],
    ['an attachment of a type chats do not take (.exe)', VE, 400, () => p.participant.send(new StartAttachmentUploadCommand({ ConnectionToken: a.connectionToken, ContentType: 'application/octet-stream', AttachmentSizeInBytes: 5, AttachmentName: 'run.exe', ClientToken: randomUUID() }))],
    ['an attachment whose ContentType does not match its name', VE, 400, () => p.participant.send(new StartAttachmentUploadCommand({ ConnectionToken: a.connectionToken, ContentType: 'image/png', AttachmentSizeInBytes: 5, AttachmentName: 'note.txt', ClientToken: randomUUID() }))],
    ['an attachment one byte over 20 MB', VE, 400, () => p.participant.send(new StartAttachmentUploadCommand({ ConnectionToken: a.connectionToken, ContentType: 'text/plain', AttachmentSizeInBytes: 20 * 1024 * 1024 + 1, AttachmentName: 'note.txt', ClientToken: randomUUID() }))],
    ['completing an attachment of another chat', VE, 400, () => complete(a, vars.approvedB)],
    ['completing an attachment whose bytes never came', VE, 400, () => complete(a, vars.notUploadedA)],
    ['GetAttachment of an unknown attachment', 'ResourceNotFoundException', 404, () => p.participant.send(new GetAttachmentCommand({ ConnectionToken: a.connectionToken, AttachmentId: randomUUID() }))],
    ['GetAttachment of another chat\'s attachment', 'ResourceNotFoundException', 404, () => p.participant.send(new GetAttachmentCommand({ ConnectionToken: a.connectionToken, AttachmentId: vars.approvedB }))],
  ] as const)('%s → %s', async (_name, error, status, request) => {
    await expectRejected(p, request, error, status);
  });

  it('the same ClientToken with another message → ValidationException, the first message kept', async () => {
    const token = randomUUID();
    const first = await send(A, 'text/plain', 'first', token)();
    expect((await send(A, 'text/plain', 'first', token)()).Id).toBe(first.Id);
    await expectRejected(p, send(A, 'text/plain', 'second', token), VE, 400);
  });
});

describe('tokens that do not grant the call → AccessDeniedException (403)', () => {
  const garbage = 'not-a-token';
  const withToken = (token: () => string) => ({
    SendMessage: () => p.participant.send(new SendMessageCommand({ ConnectionToken: token(), ContentType: 'text/plain', Content: 'hi' })),
    SendEvent: () => p.participant.send(new SendEventCommand({ ConnectionToken: token(), ContentType: `${EVENT}typing` })),
    GetTranscript: () => p.participant.send(new GetTranscriptCommand({ ConnectionToken: token() })),
    StartAttachmentUpload: () =>
      p.participant.send(new StartAttachmentUploadCommand({ ConnectionToken: token(), ContentType: 'text/plain', AttachmentSizeInBytes: 5, AttachmentName: 'note.txt', ClientToken: randomUUID() })),
    CompleteAttachmentUpload: () => p.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: token(), AttachmentIds: [vars.pendingA], ClientToken: randomUUID() })),
    GetAttachment: () => p.participant.send(new GetAttachmentCommand({ ConnectionToken: token(), AttachmentId: vars.approvedA })),
    DisconnectParticipant: () => p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: token() })),
  });
  const connectWith = (token: () => string) => () => p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: token(), Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
  type Case = readonly [string, () => Promise<unknown>];
  const each = (label: string, token: () => string): Case[] => Object.entries(withToken(token)).map(([op, call]) => [`${op} with ${label}`, call]);

  it.each([
    ...each('a garbage connection token', () => garbage),
    ...each('a participant token as the connection token', () => a.participantToken),
    // chatjs reads a 403 after a chat ended as "the chat ended" and shows it so (spec §5.6).
    ...each("an ended chat's connection token", () => ended.connectionToken),
    ['CreateParticipantConnection with a garbage participant token', connectWith(() => garbage)],
    ['CreateParticipantConnection with a connection token as the participant token', connectWith(() => a.connectionToken)],
    ["CreateParticipantConnection with an ended chat's participant token", connectWith(() => ended.participantToken)],
  ] as Case[])('%s', async (_name, call) => {
    await expectRejected(p, call, 'AccessDeniedException', 403);
  });

  it('a request without X-Amz-Bearer gets a Connect-shaped 403 body with no code key', async () => {
    const before = await snapshotStore(p);
    const res = await fetch(`${p.url}/participant/message`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ContentType: 'text/plain', Content: 'hi' }) });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ __type: 'AccessDeniedException', Message: expect.any(String) });
    expect(Object.keys(body).map((k) => k.toLowerCase())).not.toContain('code');
    expect(await snapshotStore(p)).toEqual(before);
  });
});

describe('the valid requests the cases start from, and bounds just inside', () => {
  it('accepts text/plain of exactly 1024 characters and application/json of exactly 12000', async () => {
    await send(A, 'text/plain', 'x'.repeat(1024))();
    await send(B, 'application/json', JSON.stringify('x'.repeat(11998)))();
  });

  // Last: its DisconnectParticipant ends chat a.
  it('each operation accepts its unmutated request', async () => {
    for (const [op, , valid, command] of OPERATIONS) {
      const out = await sendAny(withBody(command(), fill(valid, { ...vars, clientToken: randomUUID() }))).catch((e: Error) => e);
      expect(out, op).not.toBeInstanceOf(Error);
    }
  });
});
