import { randomUUID } from 'node:crypto';
import { ConnectClient, type ConnectClientConfig, DescribeContactCommand, DescribeInstanceCommand, ListContactFlowsCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { ConnectParticipantClient, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_CREDENTIALS, startTestParley, type TestParley } from '../helpers/parley.js';
import { startChat } from '../helpers/chat.js';
import { snapshotStore } from '../helpers/store-snapshot.js';
import { afterSigning, expectRejected, failure } from './schema-cases.js';

let p: TestParley;
const clients: { destroy(): void }[] = [];
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await p.stop();
});

/** A connect client like the test's own, but with one setting changed. */
function connectClient(change: Partial<ConnectClientConfig>): ConnectClient {
  const c = new ConnectClient({ region: p.deps.config.region, endpoint: p.url, credentials: DEV_CREDENTIALS, maxAttempts: 1, ...change });
  clients.push(c);
  return c;
}
const startChatCommand = () =>
  new StartChatContactCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'Customer' }, ClientToken: randomUUID() });
const MINUTE = 60_000;

describe('admin requests whose signature does not hold → 403, nothing changed', () => {
  it.each([
    ['signed with the wrong secret', 'InvalidSignatureException', { credentials: { ...DEV_CREDENTIALS, secretAccessKey: 'not-the-secret-access-key-at-all' } }],
    ['signed with an access key id the server does not know', 'UnrecognizedClientException', { credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: DEV_CREDENTIALS.secretAccessKey } }],
    ['scoped to another region', 'InvalidSignatureException', { region: 'eu-west-1' }],
    ['dated 20 minutes ago', 'InvalidSignatureException', { systemClockOffset: -20 * MINUTE }],
    ['dated 20 minutes ahead', 'InvalidSignatureException', { systemClockOffset: 20 * MINUTE }],
  ] as const)('StartChatContact %s → %s', async (_name, error, change) => {
    const client = connectClient(change);
    await expectRejected(p, () => client.send(startChatCommand()), error, 403);
  });

  it.each([
    ['its body changed', () => afterSigning(startChatCommand(), (req) => (req.body = (req.body as string).replace('"Customer"', '"Mallory!"')))],
    ['its query string changed', () => afterSigning(new ListContactFlowsCommand({ InstanceId: p.seeded.instanceId, MaxResults: 10 }), (req) => (req.query.maxResults = '20'))],
    ['its path changed', () => afterSigning(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: 'a' }), (req) => (req.path = req.path.replace(/\/a$/, '/b')))],
  ] as const)('a request with %s after signing → InvalidSignatureException', async (_name, command) => {
    await expectRejected(p, () => p.connect.send(command() as DescribeInstanceCommand), 'InvalidSignatureException', 403);
  });

  it('a client whose clock is off recovers: the SDK reads the server time from the Date header', async () => {
    const client = connectClient({ systemClockOffset: -20 * MINUTE });
    expect((await failure(client.send(new DescribeInstanceCommand({ InstanceId: p.seeded.instanceId })))).name).toBe('InvalidSignatureException');
    expect((await client.send(new DescribeInstanceCommand({ InstanceId: p.seeded.instanceId }))).Instance?.Id).toBe(p.seeded.instanceId);
  });
});

describe('admin requests without a usable Authorization header (raw HTTP)', () => {
  const body = () => JSON.stringify({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'Customer' } });
  it.each([
    ['no Authorization header', {}, 'MissingAuthenticationTokenException'],
    ['an Authorization header that is neither SigV4 nor a session', { authorization: 'Basic abc' }, 'InvalidSignatureException'],
  ] as const)('%s → 403 %s in header and body, no code key, nothing changed', async (_name, headers, type) => {
    const before = await snapshotStore(p);
    const res = await fetch(`${p.url}/contact/chat`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: body() });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe(type);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toMatchObject({ __type: type, Message: expect.any(String), message: expect.any(String) });
    expect(Object.keys(json).map((k) => k.toLowerCase())).not.toContain('code');
    expect(await snapshotStore(p)).toEqual(before);
  });
});

describe('correct signatures on the requests that are easy to get wrong', () => {
  it('a path label holding an ARN, which the SDK percent-encodes', async () => {
    const arn = `arn:aws:connect:${p.deps.config.region}:${p.deps.config.accountId}:instance/${p.seeded.instanceId}`;
    const out = await p.connect.send(new DescribeInstanceCommand({ InstanceId: arn }));
    expect(out.Instance).toMatchObject({ Id: p.seeded.instanceId, Arn: arn });
  });

  it('a query string with a repeated key and a number', async () => {
    const out = await p.connect.send(new ListContactFlowsCommand({ InstanceId: p.seeded.instanceId, ContactFlowTypes: ['CONTACT_FLOW', 'CUSTOMER_QUEUE'], MaxResults: 10 }));
    expect(out.ContactFlowSummaryList?.map((f) => f.Id)).toContain(p.seeded.inboundFlowId);
  });
});

describe('the participant API', () => {
  it('ignores SigV4 entirely: a client with empty keys in another region works (chatjs signs so)', async () => {
    const chat = await startChat(p);
    const client = new ConnectParticipantClient({ region: 'eu-west-1', endpoint: p.url, credentials: { accessKeyId: '', secretAccessKey: '' }, maxAttempts: 1 });
    clients.push(client);
    const sent = await client.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'hi' }));
    expect(sent.Id).toBeTruthy();
  });
});

describe('with keys configured', () => {
  it('refuses the development keys and accepts the configured ones', async () => {
    const keys = { accessKeyId: 'PARLEYTESTKEY0000001', secretAccessKey: 'a-configured-secret-for-this-test' };
    const own = await startTestParley({ env: { PARLEY_ACCESS_KEY_ID: keys.accessKeyId, PARLEY_SECRET_ACCESS_KEY: keys.secretAccessKey } });
    try {
      expect(await failure(own.connect.send(new DescribeInstanceCommand({ InstanceId: own.seeded.instanceId })))).toMatchObject({ name: 'UnrecognizedClientException', status: 403 });
      const client = new ConnectClient({ region: own.deps.config.region, endpoint: own.url, credentials: keys, maxAttempts: 1 });
      clients.push(client);
      expect((await client.send(new DescribeInstanceCommand({ InstanceId: own.seeded.instanceId }))).Instance?.Id).toBe(own.seeded.instanceId);
    } finally {
      await own.stop();
    }
  });
});

describe('a signed request whose query string is not valid percent-encoding', () => {
  it.each(['x=%zz', '%zz=1', 'x=%', 'x=%E0%A4%A'])('GET /instance?%s → 403 InvalidSignatureException, not a 500', async (query) => {
    // No SDK sends this; a hand-made client might. The signature check reads the query first.
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const scope = `${amzDate.slice(0, 8)}/${p.deps.config.region}/connect/aws4_request`;
    const res = await fetch(`${p.url}/instance?${query}`, {
      headers: {
        'x-amz-date': amzDate,
        authorization: `AWS4-HMAC-SHA256 Credential=${DEV_CREDENTIALS.accessKeyId}/${scope}, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
      },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
  });
});
