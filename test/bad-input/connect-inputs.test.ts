import { randomUUID } from 'node:crypto';
import {
  CreateParticipantCommand,
  DescribeContactCommand,
  DescribeInstanceCommand,
  GetContactAttributesCommand,
  ListContactFlowsCommand,
  StartChatContactCommand,
  type StartChatContactCommandInput,
  StopContactCommand,
  UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateParticipantBody, StartChatContactBody, StopContactBody, UpdateContactAttributesBody } from '../../src/http/connect/schemas.js';
import { startChat, type TestChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { snapshotStore } from '../helpers/store-snapshot.js';
import { afterSigning, beforeSigning, expectRejected, fill, schemaCases, withBody, type WireRequest } from './schema-cases.js';

let p: TestParley;
let live: TestChat; // stays active for the whole file
let ended: TestChat; // stopped in beforeAll
let vars: Record<string, string>;

beforeAll(async () => {
  p = await startTestParley();
  live = await startChat(p, { Attributes: { orderId: '1234' } });
  ended = await startChat(p);
  await p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId: ended.contactId }));
  await p.settle();
  vars = { instanceId: p.seeded.instanceId, flowId: p.seeded.inboundFlowId, liveContactId: live.contactId, endedContactId: ended.contactId };
});
afterAll(async () => {
  await p.stop();
});

const START_CHAT = {
  InstanceId: '$instanceId',
  ContactFlowId: '$flowId',
  ParticipantDetails: { DisplayName: 'Customer' },
  Attributes: { orderId: '1234' },
  InitialMessage: { ContentType: 'text/plain', Content: 'Hello' },
  ClientToken: '$clientToken',
  ChatDurationInMinutes: 120,
  SupportedMessagingContentTypes: ['text/plain', 'text/markdown'],
  SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Chat' }, tier: { ValueInteger: 3 } },
  CustomerId: 'customer-1',
  ParticipantConfiguration: { ResponseMode: 'COMPLETE' },
  DisconnectOnCustomerExit: ['AGENT'],
};
const PERSISTENT = {
  InstanceId: '$instanceId',
  ContactFlowId: '$flowId',
  ParticipantDetails: { DisplayName: 'Customer' },
  PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: '$endedContactId' },
};
const RELATED = { InstanceId: '$instanceId', ContactFlowId: '$flowId', ParticipantDetails: { DisplayName: 'Customer' }, RelatedContactId: '$liveContactId' };

/** One valid request per operation; every bad case below differs from it in one place. */
const OPERATIONS = [
  { op: 'StartChatContact', cases: schemaCases(StartChatContactBody, START_CHAT), command: () => new StartChatContactCommand({} as StartChatContactCommandInput) },
  // The optional members the full request cannot hold together are walked from requests of their own.
  { op: 'StartChatContact', cases: only(schemaCases(StartChatContactBody, PERSISTENT), 'PersistentChat'), command: () => new StartChatContactCommand({} as StartChatContactCommandInput) },
  { op: 'StartChatContact', cases: only(schemaCases(StartChatContactBody, RELATED), 'RelatedContactId'), command: () => new StartChatContactCommand({} as StartChatContactCommandInput) },
  {
    op: 'StopContact',
    cases: schemaCases(StopContactBody, { InstanceId: '$instanceId', ContactId: '$liveContactId', DisconnectReason: { Code: 'CUSTOMER_LEFT' } }),
    command: () => new StopContactCommand({ InstanceId: 'x', ContactId: 'x' }),
  },
  {
    op: 'UpdateContactAttributes',
    cases: schemaCases(UpdateContactAttributesBody, { InstanceId: '$instanceId', InitialContactId: '$liveContactId', Attributes: { orderId: '5678' } }),
    command: () => new UpdateContactAttributesCommand({ InstanceId: 'x', InitialContactId: 'x', Attributes: {} }),
  },
  {
    op: 'CreateParticipant',
    cases: schemaCases(CreateParticipantBody, {
      InstanceId: '$instanceId',
      ContactId: '$liveContactId',
      ClientToken: '$clientToken',
      ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot', ParticipantCapabilities: { Video: 'SEND' } },
    }),
    command: () => new CreateParticipantCommand({ InstanceId: 'x', ContactId: 'x', ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT' } }),
  },
];

function only<T extends { name: string }>(cases: T[], prefix: string): T[] {
  return cases.filter((c) => c.name.startsWith(prefix));
}

describe.each(OPERATIONS.map((o) => ({ ...o, n: o.cases.length })))('$op: requests the schema rejects ($n cases)', ({ cases, command }) => {
  it.each(cases.map((c) => [c.name, c.body] as const))('%s → InvalidParameterException', async (_name, body) => {
    const sent = fill(body, { ...vars, clientToken: randomUUID() });
    await expectRejected(p, () => sendAny(withBody(command(), sent)), 'InvalidParameterException', 400);
  });
});

/** Sends any connect command; for errors only, so the output type does not matter. */
const sendAny = (command: { middlewareStack: unknown }) => p.connect.send(command as DescribeInstanceCommand);

describe('path and query parameters', () => {
  const flows = (q: Record<string, string>) => beforeSigning(new ListContactFlowsCommand({ InstanceId: p.seeded.instanceId }), (req) => Object.assign(req.query, q));
  it.each([
    ['InstanceId longer than 100', 'InvalidParameterException', 400, () => new DescribeInstanceCommand({ InstanceId: 'x'.repeat(101) })],
    ['ContactId longer than 256', 'InvalidParameterException', 400, () => new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: 'x'.repeat(257) })],
    // 256 characters is a legal ContactId: the answer is about the contact, not the URL.
    ['ContactId of exactly 256 characters', 'ResourceNotFoundException', 404, () => new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: 'x'.repeat(256) })],
    ['a path label that is not valid percent-encoding', 'InvalidParameterException', 400, () => beforeSigning(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: 'c' }), (req) => (req.path = `${req.path.slice(0, -1)}%E0%A4%A`))],
    ['maxResults below 1', 'InvalidParameterException', 400, () => flows({ maxResults: '0' })],
    ['maxResults above 1000', 'InvalidParameterException', 400, () => flows({ maxResults: '1001' })],
    ['maxResults not a number', 'InvalidParameterException', 400, () => flows({ maxResults: 'ten' })],
  ] as const)('%s → %s', async (_name, error, status, command) => {
    await expectRejected(p, () => sendAny(command()), error, status);
  });

  it('accepts an instance ARN of a long region name, percent-encoded past 100 characters', async () => {
    const arn = `arn:aws:connect:ap-southeast-2:000000000000:instance/${p.seeded.instanceId}`;
    expect((await p.connect.send(new DescribeInstanceCommand({ InstanceId: arn }))).Instance?.Id).toBe(p.seeded.instanceId);
  });
});

const startChatWith = (input: Partial<StartChatContactCommandInput>) => () =>
  p.connect.send(new StartChatContactCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'Customer' }, ...input }));
const stop = (contactId: () => string, instanceId?: string) => () =>
  p.connect.send(new StopContactCommand({ InstanceId: instanceId ?? p.seeded.instanceId, ContactId: contactId() }));
const updateAttributes = (contactId: () => string, Attributes: Record<string, string>) => () =>
  p.connect.send(new UpdateContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: contactId(), Attributes }));
const addParticipant = (contactId: () => string, ParticipantRole: 'AGENT' | 'CUSTOM_BOT') => () =>
  p.connect.send(new CreateParticipantCommand({ InstanceId: p.seeded.instanceId, ContactId: contactId(), ParticipantDetails: { ParticipantRole } }));
const kb = (n: number) => 'x'.repeat(n);
const unknown = () => randomUUID();
const liveId = () => live.contactId;
const endedId = () => ended.contactId;
const IPE = 'InvalidParameterException';
const NOT_FOUND = 'ResourceNotFoundException';

describe('well-formed requests that name something unknown or break a rule', () => {
  it.each([
    ['StartChatContact on an unknown instance', NOT_FOUND, 404, () => startChatWith({ InstanceId: unknown() })()],
    ['StartChatContact with an unknown flow', NOT_FOUND, 404, () => startChatWith({ ContactFlowId: unknown() })()],
    ['SupportedMessagingContentTypes without text/plain', IPE, 400, startChatWith({ SupportedMessagingContentTypes: ['text/markdown'] })],
    ['SupportedMessagingContentTypes with an unknown type', IPE, 400, startChatWith({ SupportedMessagingContentTypes: ['text/plain', 'text/html'] })],
    ['Attributes over 32 KB in all', IPE, 400, startChatWith({ Attributes: { a: kb(16384), b: kb(16384) } })],
    ['Attributes with a key holding a space', IPE, 400, startChatWith({ Attributes: { 'order id': '1' } })],
    ['Attributes with an empty key', IPE, 400, startChatWith({ Attributes: { '': '1' } })],
    ['InitialMessage of an unknown content type', IPE, 400, startChatWith({ InitialMessage: { ContentType: 'text/html', Content: '<b>hi</b>' } })],
    ['InitialMessage of a type the chat does not support', IPE, 400, startChatWith({ InitialMessage: { ContentType: 'text/markdown', Content: '*hi*' } })],
    [
      'InitialMessage application/json that is not JSON',
      IPE,
      400,
      startChatWith({ SupportedMessagingContentTypes: ['text/plain', 'application/json'], InitialMessage: { ContentType: 'application/json', Content: '{nope' } }),
    ],
    ['connect:Guide without the interactive types', IPE, 400, startChatWith({ SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Guide' } } })],
    // The doc example spells it valueString; the wire member is ValueString (spec §9.15).
    // (The SDK would drop the unknown member, so the body is sent as a hand-written client would.)
    [
      'a segment attribute spelled valueString',
      IPE,
      400,
      () => p.connect.send(withBody(new StartChatContactCommand({} as StartChatContactCommandInput), { ...fill(RELATED, vars), RelatedContactId: undefined, SegmentAttributes: { 'connect:Subtype': { valueString: 'connect:Chat' } } })),
    ],
    ['PersistentChat from a chat still active', 'InvalidRequestException', 400, () => startChatWith({ PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: liveId() } })()],
    ['PersistentChat from an unknown contact', NOT_FOUND, 404, () => startChatWith({ PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: unknown() } })()],
    [
      'PersistentChat together with RelatedContactId',
      IPE,
      400,
      () => startChatWith({ PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: endedId() }, RelatedContactId: liveId() })(),
    ],
    ['RelatedContactId of an unknown contact', NOT_FOUND, 404, () => startChatWith({ RelatedContactId: unknown() })()],
    ['StopContact of an unknown contact', NOT_FOUND, 404, stop(unknown)],
    ['StopContact on an unknown instance', NOT_FOUND, 404, () => stop(liveId, unknown())()],
    ['StopContact of a contact that already ended', 'ContactNotFoundException', 410, stop(endedId)],
    ['DescribeContact of an unknown contact', NOT_FOUND, 404, () => p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: unknown() }))],
    ['GetContactAttributes of an unknown contact', NOT_FOUND, 404, () => p.connect.send(new GetContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: unknown() }))],
    ['DescribeInstance of an unknown instance', NOT_FOUND, 404, () => p.connect.send(new DescribeInstanceCommand({ InstanceId: unknown() }))],
    ['UpdateContactAttributes of an unknown contact', NOT_FOUND, 404, updateAttributes(unknown, { a: '1' })],
    ['UpdateContactAttributes with a bad key', IPE, 400, updateAttributes(liveId, { 'a.b': '1' })],
    // 11 bytes stored (orderId=1234) + 3 + 32755 sent = 32769: over the limit only once merged.
    ['UpdateContactAttributes pushing the merged attributes over 32 KB', IPE, 400, updateAttributes(liveId, { big: kb(32755) })],
    ['CreateParticipant with a role it cannot add', IPE, 400, addParticipant(liveId, 'AGENT')],
    ['CreateParticipant on a contact that ended', 'InvalidRequestException', 400, addParticipant(endedId, 'CUSTOM_BOT')],
    ['CreateParticipant on an unknown contact', NOT_FOUND, 404, addParticipant(unknown, 'CUSTOM_BOT')],
  ] as const)('%s → %s', async (_name, error, status, send) => {
    await expectRejected(p, send, error, status);
  });
});

describe('the same ClientToken with other parameters', () => {
  it('StartChatContact: InvalidRequestException, the first chat untouched', async () => {
    const token = randomUUID();
    const first = await startChatWith({ ClientToken: token, ParticipantDetails: { DisplayName: 'Ann' } })();
    // A true retry returns the first answer: the token is in force.
    expect((await startChatWith({ ClientToken: token, ParticipantDetails: { DisplayName: 'Ann' } })()).ContactId).toBe(first.ContactId);
    await expectRejected(p, startChatWith({ ClientToken: token, ParticipantDetails: { DisplayName: 'Bob' } }), 'InvalidRequestException', 400);
  });

  it('CreateParticipant: InvalidRequestException', async () => {
    const token = randomUUID();
    const add = (name: string) => () =>
      p.connect.send(
        new CreateParticipantCommand({ InstanceId: p.seeded.instanceId, ContactId: live.contactId, ClientToken: token, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: name } }),
      );
    await add('Bot A')();
    await expectRejected(p, add('Bot B'), 'InvalidRequestException', 400);
  });
});

describe('the valid requests the cases start from, and bounds just inside', () => {
  it('each operation accepts its unmutated request (and the store snapshot sees what they change)', async () => {
    const toStop = await startChat(p);
    const before = await snapshotStore(p);
    const v = { ...vars, liveContactId: live.contactId };
    const started = await p.connect.send(withBody(new StartChatContactCommand({} as StartChatContactCommandInput), fill(START_CHAT, { ...v, clientToken: randomUUID() })));
    expect(started.ContactId).toBeTruthy();
    const related = await p.connect.send(withBody(new StartChatContactCommand({} as StartChatContactCommandInput), fill(RELATED, v)));
    expect(related.ContactId).toBeTruthy();
    const persistent = await p.connect.send(withBody(new StartChatContactCommand({} as StartChatContactCommandInput), fill(PERSISTENT, v)));
    expect(persistent.ContinuedFromContactId).toBe(ended.contactId);
    await p.connect.send(new UpdateContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: toStop.contactId, Attributes: { orderId: '5678' } }));
    await p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId: toStop.contactId, DisconnectReason: { Code: 'CUSTOMER_LEFT' } }));
    const after = await snapshotStore(p);
    for (const table of ['chats', 'contacts', 'participants', 'items', 'idempotency', 'timers']) expect(after[table], table).not.toEqual(before[table]);
  });

  it('accepts attributes of exactly 32 KB and durations of exactly 60 and 10080 minutes', async () => {
    for (const input of [{ Attributes: { a: kb(16383), b: kb(16383) } }, { ChatDurationInMinutes: 60 }, { ChatDurationInMinutes: 10080 }])
      expect((await startChatWith(input)()).ContactId).toBeTruthy();
  });
});

describe('the error on the wire', () => {
  it('carries the type in x-amzn-ErrorType and __type, a message, and no code key', async () => {
    let signed: WireRequest | undefined;
    const command = afterSigning(withBody(new StartChatContactCommand({} as StartChatContactCommandInput), { InstanceId: p.seeded.instanceId }), (req) => {
      signed = structuredClone(req);
    });
    await p.connect.send(command).catch(() => undefined);
    // Replaying the signed request shows what the SDK read, byte for byte.
    const before = await snapshotStore(p);
    const { host: _host, ...headers } = signed!.headers;
    const res = await fetch(`${p.url}${signed!.path}`, { method: signed!.method, headers, body: signed!.body as string });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('InvalidParameterException');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.__type).toBe('InvalidParameterException');
    expect(body.Message).toEqual(expect.stringContaining('ContactFlowId'));
    expect(body.message).toBe(body.Message);
    expect(Object.keys(body).map((k) => k.toLowerCase())).not.toContain('code');
    expect(await snapshotStore(p)).toEqual(before);
  });
});
