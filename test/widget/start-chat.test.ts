import { CreateContactFlowCommand, GetContactAttributesCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, DisconnectParticipantCommand, GetTranscriptCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GREETING } from '../../src/core/flow/default-flows.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { snapshotStore } from '../helpers/store-snapshot.js';

const SHOP = 'https://shop.example';

interface Started {
  ContactId: string;
  ParticipantId: string;
  ParticipantToken: string;
  ContinuedFromContactId?: string;
}

/** POST /widget/v1/chats as a page on another origin does: no AWS keys, no signature. */
async function start(p: TestParley, body: Record<string, unknown>, origin = SHOP) {
  const res = await fetch(`${p.url}/widget/v1/chats`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { res, json: (await res.json()) as Started & { __type?: string; message?: string } };
}

async function connectCustomer(p: TestParley, token: string) {
  const c = await p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: token, Type: ['CONNECTION_CREDENTIALS'] }));
  return c.ConnectionCredentials!.ConnectionToken!;
}

const transcriptOf = async (p: TestParley, connectionToken: string) =>
  (await p.participant.send(new GetTranscriptCommand({ ConnectionToken: connectionToken, MaxResults: 100, SortOrder: 'ASCENDING' }))).Transcript!;

describe('POST /widget/v1/chats', () => {
  let p: TestParley;
  const base = () => ({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId, DisplayName: 'Dana' });
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(async () => {
    await p.stop();
  });

  it('starts a chat in the seeded inbound flow without AWS keys; the customer gets the greeting and the attributes are on the contact', async () => {
    const { res, json } = await start(p, { ...base(), Attributes: { email: 'dana@example.com', orderId: 'A-17' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(json).toEqual({ ContactId: expect.any(String), ParticipantId: expect.any(String), ParticipantToken: expect.any(String) });
    const items = await transcriptOf(p, await connectCustomer(p, json.ParticipantToken));
    expect(items.map((i) => i.Content)).toContain(DEFAULT_GREETING);
    const attrs = await p.connect.send(new GetContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: json.ContactId }));
    expect(attrs.Attributes).toMatchObject({ email: 'dana@example.com', orderId: 'A-17' });
  });

  it('accepts the flow by its name and lets the customer send markdown', async () => {
    const { res, json } = await start(p, { ...base(), ContactFlowId: 'Default inbound chat' });
    expect(res.status).toBe(200);
    const token = await connectCustomer(p, json.ParticipantToken);
    const sent = await fetch(`${p.url}/participant/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-bearer': token },
      body: JSON.stringify({ ContentType: 'text/markdown', Content: 'Hi **there**' }),
    });
    expect(sent.status).toBe(200);
  });

  it('answers a retry with the same ClientToken with the same chat', async () => {
    const body = { ...base(), ClientToken: 'widget-retry-0123456789' };
    const a = await start(p, body);
    const b = await start(p, body);
    expect(b.json.ContactId).toBe(a.json.ContactId);
    expect(b.json.ParticipantToken).toBe(a.json.ParticipantToken);
  });

  it('continues an ended chat (persistent chat) for the holder of its customer token, with the past messages readable', async () => {
    const first = (await start(p, base())).json;
    const firstToken = await connectCustomer(p, first.ParticipantToken);
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: firstToken }));
    const { res, json } = await start(p, { ...base(), PersistentChat: { SourceContactId: first.ContactId, ParticipantToken: first.ParticipantToken } });
    expect(res.status).toBe(200);
    expect(json.ContinuedFromContactId).toBe(first.ContactId);
    const items = await transcriptOf(p, await connectCustomer(p, json.ParticipantToken));
    expect(items.some((i) => i.RelatedContactId === first.ContactId)).toBe(true);
  });

  describe('refuses, changing nothing', () => {
    const cases: [string, () => Record<string, unknown>, number, string][] = [
      ['a flow not open to widgets', () => ({ ...base(), ContactFlowId: p.seeded.disconnectFlowId }), 403, 'AccessDeniedException'],
      ['an unknown flow', () => ({ ...base(), ContactFlowId: 'no-such-flow' }), 404, 'ResourceNotFoundException'],
      ['an unknown instance', () => ({ ...base(), InstanceId: '00000000-0000-0000-0000-000000000000' }), 404, 'ResourceNotFoundException'],
      ['no display name', () => ({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId }), 400, 'InvalidParameterException'],
      ['an empty display name', () => ({ ...base(), DisplayName: '' }), 400, 'InvalidParameterException'],
      ['more than 20 attributes', () => ({ ...base(), Attributes: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }), 400, 'InvalidParameterException'],
      ['an attribute value over 1024 characters', () => ({ ...base(), Attributes: { note: 'x'.repeat(1025) } }), 400, 'InvalidParameterException'],
      ['attributes over 4096 bytes in all', () => ({ ...base(), Attributes: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, 'é'.repeat(500)])) }), 400, 'InvalidParameterException'],
      ['an attribute key with a space', () => ({ ...base(), Attributes: { 'bad key': 'v' } }), 400, 'InvalidParameterException'],
      ['a StartChatContact field the widget may not set', () => ({ ...base(), ChatDurationInMinutes: 10080 }), 400, 'InvalidParameterException'],
      ['a short ClientToken', () => ({ ...base(), ClientToken: 'abc' }), 400, 'InvalidParameterException'],
      ['a persistent chat with a token that is not that chat\'s customer', () => ({ ...base(), PersistentChat: { SourceContactId: p.seeded.instanceId, ParticipantToken: 'guess' } }), 403, 'AccessDeniedException'],
    ];
    it.each(cases)('%s', async (_name, body, status, type) => {
      const before = await snapshotStore(p);
      const { res, json } = await start(p, body());
      expect(res.status).toBe(status);
      expect(json.__type).toBe(type);
      expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(await snapshotStore(p)).toEqual(before);
    });

    it('a persistent chat naming another customer\'s contact with one\'s own token', async () => {
      const mine = (await start(p, base())).json;
      const theirs = (await start(p, base())).json;
      const theirToken = await connectCustomer(p, theirs.ParticipantToken);
      await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: theirToken }));
      const before = await snapshotStore(p);
      const { res, json } = await start(p, { ...base(), PersistentChat: { SourceContactId: theirs.ContactId, ParticipantToken: mine.ParticipantToken } });
      expect([res.status, json.__type]).toEqual([403, 'AccessDeniedException']);
      expect(await snapshotStore(p)).toEqual(before);
    });
  });
});

describe('PARLEY_WIDGET_FLOWS and PARLEY_ALLOWED_ORIGINS', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ env: { PARLEY_WIDGET_FLOWS: 'Support chat', PARLEY_ALLOWED_ORIGINS: SHOP } });
  });
  afterAll(async () => {
    await p.stop();
  });

  it('opens only the listed flows to the widget: a named flow yes, the default inbound flow no', async () => {
    const { InstanceId } = { InstanceId: p.seeded.instanceId };
    const created = await p.connect.send(
      new CreateContactFlowCommand({ InstanceId, Name: 'Support chat', Type: 'CONTACT_FLOW', Content: JSON.stringify({ Version: '2019-10-30', StartAction: 'end', Actions: [{ Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }] }) }),
    );
    expect((await start(p, { InstanceId, ContactFlowId: created.ContactFlowId!, DisplayName: 'Dana' })).res.status).toBe(200);
    const refused = await start(p, { InstanceId, ContactFlowId: p.seeded.inboundFlowId, DisplayName: 'Dana' });
    expect([refused.res.status, refused.json.__type]).toEqual([403, 'AccessDeniedException']);
  });

  it('lets a browser on an allowed origin call it and keeps other origins out', async () => {
    const ok = await fetch(`${p.url}/widget/v1/chats`, { method: 'OPTIONS', headers: { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
    const other = await fetch(`${p.url}/widget/v1/chats`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
