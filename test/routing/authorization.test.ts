import { randomUUID } from 'node:crypto';
import {
  ConnectClient,
  CreateQueueCommand,
  CreateQuickConnectCommand,
  CreateRoutingProfileCommand,
  CreateUserCommand,
  DescribeInstanceCommand,
  DescribeQueueCommand,
  DismissUserContactCommand,
  GetCurrentUserDataCommand,
  ListInstancesCommand,
  ListQueuesCommand,
  PutUserStatusCommand,
  StartChatContactCommand,
  UpdateParticipantRoleConfigCommand,
  UpdateQueueNameCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { afterSigning, expectRejected } from '../bad-input/schema-cases.js';
import { AgentSocket, TestAgent } from '../helpers/agent.js';
import { startChat } from '../helpers/chat.js';
import { DEV_CREDENTIALS, startTestParley, type TestParley } from '../helpers/parley.js';
import { snapshotStore } from '../helpers/store-snapshot.js';

/*
 * Every admin and agent call refused when the caller lacks the right, with Connect's error type.
 * The agent hub renews presence and re-checks sessions on a wall-time interval (20 s): only
 * setInterval is faked, so that the test decides when that runs (no sleeps) and a renewal never
 * lands between two store snapshots. Everything else runs for real.
 */

let p: TestParley;
const open: { destroy?(): void; close?(): void }[] = [];
beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  p = await startTestParley();
});
afterAll(async () => {
  for (const o of open) (o.destroy ?? o.close)?.call(o);
  await p.stop();
  vi.useRealTimers();
});

const ACCESS_DENIED = 'AccessDeniedException';
const SUPERVISOR = { username: 'sam', password: 'Sup3rvise-all' };
const inst = () => p.seeded.instanceId;
const user = (name: 'alice' | 'bob' | 'admin') => p.seeded.demoUsers[name];

/** Logs in through the agent API (raw HTTP, no event socket); the session token. */
async function login(q: TestParley, username: string, password = q.seeded.demoUsers[username]?.password): Promise<string> {
  const res = await fetch(`${q.url}/agent/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ InstanceId: q.seeded.instanceId, Username: username, Password: password }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { Token: string }).Token;
}

/** The command sent with `Authorization: Bearer <token>` in place of its SigV4 signature, as the admin console sends it. */
function withSession<C extends Parameters<typeof afterSigning>[0]>(command: C, token: string): C {
  return afterSigning(command, (req) => {
    for (const h of Object.keys(req.headers)) if (/^(authorization|x-amz-date|x-amz-content-sha256)$/i.test(h)) delete req.headers[h];
    req.headers.authorization = `Bearer ${token}`;
  });
}

/** One call of the agent API (raw HTTP): its status and body. */
async function agentCall(q: TestParley, token: string | undefined, method: string, path: string, body?: unknown) {
  const res = await fetch(`${q.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: (await res.json()) as Record<string, unknown> };
}

/** The agent API refuses the call with `type` and status 403, and the store is as it was. */
async function expectAgentRefused(q: TestParley, token: string | undefined, method: string, path: string, type: string, body?: unknown) {
  const before = await snapshotStore(q);
  const out = await agentCall(q, token, method, path, body);
  expect({ status: out.status, type: out.type, bodyType: out.body.__type }).toEqual({ status: 403, type, bodyType: type });
  expect(await snapshotStore(q)).toEqual(before);
  return out;
}

// Valid requests for a sample of the connect operations (the refusal must come before any of them is looked at).
const sample = () => ({
  CreateRoutingProfile: () =>
    new CreateRoutingProfileCommand({ InstanceId: inst(), Name: 'Refused', Description: 'x', DefaultOutboundQueueId: p.seeded.basicQueueId, MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }] }),
  CreateUser: () =>
    new CreateUserCommand({ InstanceId: inst(), Username: 'mallory', Password: 'Mall0ry-pw', PhoneConfig: { PhoneType: 'SOFT_PHONE' }, SecurityProfileIds: [p.seeded.securityProfileIds.Admin], RoutingProfileId: p.seeded.routingProfileId }),
  PutUserStatus: () => new PutUserStatusCommand({ InstanceId: inst(), UserId: user('alice').id, AgentStatusId: p.seeded.statusIds.available }),
  GetCurrentUserData: () => new GetCurrentUserDataCommand({ InstanceId: inst(), Filters: { Agents: [user('alice').id] } }),
  DismissUserContact: () => new DismissUserContactCommand({ InstanceId: inst(), UserId: user('alice').id, ContactId: randomUUID() }),
  UpdateParticipantRoleConfig: () =>
    new UpdateParticipantRoleConfigCommand({
      InstanceId: inst(),
      ContactId: randomUUID(),
      ChannelConfiguration: { Chat: { ParticipantTimerConfigList: [{ ParticipantRole: 'CUSTOMER', TimerType: 'IDLE', TimerValue: { ParticipantTimerDurationInMinutes: 5 } }] } },
    }),
  CreateQuickConnect: () =>
    new CreateQuickConnectCommand({ InstanceId: inst(), Name: 'Refused', QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: p.seeded.basicQueueId, ContactFlowId: p.seeded.queueTransferFlowId } } }),
});
type Op = keyof ReturnType<typeof sample>;
const OPS = ['CreateRoutingProfile', 'CreateUser', 'PutUserStatus', 'GetCurrentUserData', 'DismissUserContact', 'UpdateParticipantRoleConfig', 'CreateQuickConnect'] as const satisfies readonly Op[];
const createQueue = (InstanceId: string, Name: string) => new CreateQueueCommand({ InstanceId, Name, HoursOfOperationId: p.seeded.basicHoursId });

describe('the connect API without the right keys → the SigV4 errors, nothing changed', () => {
  const client = (credentials: typeof DEV_CREDENTIALS) => {
    const c = new ConnectClient({ region: p.deps.config.region, endpoint: p.url, credentials, maxAttempts: 1 });
    open.push(c);
    return c;
  };
  it.each(OPS)('%s signed with the wrong secret → InvalidSignatureException', async (op) => {
    const c = client({ ...DEV_CREDENTIALS, secretAccessKey: 'not-the-secret-access-key-at-all' });
    await expectRejected(p, () => c.send(sample()[op]() as never), 'InvalidSignatureException', 403);
  });
  it.each(OPS)('%s signed with an unknown access key → UnrecognizedClientException', async (op) => {
    const c = client({ ...DEV_CREDENTIALS, accessKeyId: 'AKIAUNKNOWNKEY000000' });
    await expectRejected(p, () => c.send(sample()[op]() as never), 'UnrecognizedClientException', 403);
  });
  it.each(OPS)('%s without any Authorization → MissingAuthenticationTokenException', async (op) => {
    const unsigned = afterSigning(sample()[op](), (req) => {
      for (const h of Object.keys(req.headers)) if (h.toLowerCase() === 'authorization') delete req.headers[h];
    });
    await expectRejected(p, () => p.connect.send(unsigned as never), 'MissingAuthenticationTokenException', 403);
  });
});

describe('the connect API with a Parley session', () => {
  let agentToken: string;
  let supervisorToken: string;
  let adminToken: string;
  beforeAll(async () => {
    await p.connect.send(
      new CreateUserCommand({
        InstanceId: inst(),
        Username: SUPERVISOR.username,
        Password: SUPERVISOR.password,
        PhoneConfig: { PhoneType: 'SOFT_PHONE' },
        SecurityProfileIds: [p.seeded.securityProfileIds.Supervisor],
        RoutingProfileId: p.seeded.routingProfileId,
      }),
    );
    [agentToken, supervisorToken, adminToken] = [await login(p, 'alice'), await login(p, SUPERVISOR.username, SUPERVISOR.password), await login(p, 'admin')];
  });

  it.each([...OPS, 'DescribeInstance', 'ListInstances', 'ListQueues', 'CreateQueue', 'StartChatContact'] as const)('an Agent-profile session is refused %s → AccessDeniedException', async (op) => {
    const command =
      op === 'DescribeInstance' ? new DescribeInstanceCommand({ InstanceId: inst() })
      : op === 'ListInstances' ? new ListInstancesCommand({})
      : op === 'ListQueues' ? new ListQueuesCommand({ InstanceId: inst() })
      : op === 'CreateQueue' ? createQueue(inst(), 'Refused')
      : op === 'StartChatContact' ? new StartChatContactCommand({ InstanceId: inst(), ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'C' } })
      : sample()[op]();
    await expectRejected(p, () => p.connect.send(withSession(command, agentToken) as never), ACCESS_DENIED, 403);
  });

  it('a Supervisor session reads, sets an agent status, and sees only its own instance', async () => {
    const described = await p.connect.send(withSession(new DescribeInstanceCommand({ InstanceId: inst() }), supervisorToken));
    expect(described.Instance?.Id).toBe(inst());
    const queues = await p.connect.send(withSession(new ListQueuesCommand({ InstanceId: inst() }), supervisorToken));
    expect(queues.QueueSummaryList?.map((q) => q.Id)).toContain(p.seeded.basicQueueId);
    const bob = user('bob').id;
    expect(await p.connect.send(withSession(new PutUserStatusCommand({ InstanceId: inst(), UserId: bob, AgentStatusId: p.seeded.statusIds.break }), supervisorToken))).toBeDefined();
    const data = await p.connect.send(withSession(new GetCurrentUserDataCommand({ InstanceId: inst(), Filters: { Agents: [bob] } }), supervisorToken));
    expect(data.UserDataList?.map((u) => [u.User?.Id, u.Status?.StatusName])).toEqual([[bob, 'Break']]);
    await p.connect.send(withSession(new PutUserStatusCommand({ InstanceId: inst(), UserId: bob, AgentStatusId: p.seeded.statusIds.offline }), supervisorToken));
  });

  it.each([
    ['CreateQueue', () => createQueue(inst(), 'Not by a supervisor')],
    ['UpdateQueueName', () => new UpdateQueueNameCommand({ InstanceId: inst(), QueueId: p.seeded.basicQueueId, Name: 'Renamed' })],
    ['CreateUser', () => sample().CreateUser()],
    ['StartChatContact', () => new StartChatContactCommand({ InstanceId: inst(), ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'C' } })],
  ] as const)('a Supervisor session is refused %s (configure) → AccessDeniedException', async (_op, command) => {
    await expectRejected(p, () => p.connect.send(withSession(command(), supervisorToken) as never), ACCESS_DENIED, 403);
  });

  it('an Admin session creates a queue, which SigV4 callers see', async () => {
    const { QueueId } = await p.connect.send(withSession(createQueue(inst(), 'Made by the admin console'), adminToken));
    expect((await p.connect.send(new DescribeQueueCommand({ InstanceId: inst(), QueueId }))).Queue?.Name).toBe('Made by the admin console');
  });

  describe('a session stays on its own instance', () => {
    const other = randomUUID();
    const otherArn = () => `arn:aws:connect:${p.deps.config.region}:${p.deps.config.accountId}:instance/${other}`;
    beforeAll(async () => {
      // There is no API that creates instances: a second one is a row, as the seed writes the first.
      await p.deps.db.write((tx) => tx.insertInto('instances').values({ id: other, alias: 'elsewhere', created_at: p.clock.now(), active_chats: 0, max_active_chats: null }).execute());
    });

    it.each([
      ['DescribeInstance of another instance', () => new DescribeInstanceCommand({ InstanceId: other })],
      ['DescribeInstance of another instance by ARN', () => new DescribeInstanceCommand({ InstanceId: otherArn() })],
      ['ListQueues of another instance', () => new ListQueuesCommand({ InstanceId: other })],
      ['CreateQueue on another instance', () => createQueue(other, 'Elsewhere')],
      ['StartChatContact naming another instance in its body', () => new StartChatContactCommand({ InstanceId: other, ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'C' } })],
      // An instance that does not exist gets the same answer as another's: a session learns nothing about what exists.
      ['DescribeInstance of an instance that does not exist', () => new DescribeInstanceCommand({ InstanceId: randomUUID() })],
    ] as const)('an Admin session: %s → AccessDeniedException', async (_name, command) => {
      await expectRejected(p, () => p.connect.send(withSession(command(), adminToken) as never), ACCESS_DENIED, 403);
    });

    it('its own instance by ARN is its own; ListInstances shows it alone, while SigV4 (root) sees both', async () => {
      const ownArn = `arn:aws:connect:${p.deps.config.region}:${p.deps.config.accountId}:instance/${inst()}`;
      expect((await p.connect.send(withSession(new DescribeInstanceCommand({ InstanceId: ownArn }), adminToken))).Instance?.Id).toBe(inst());
      const mine = await p.connect.send(withSession(new ListInstancesCommand({}), adminToken));
      expect(mine.InstanceSummaryList?.map((i) => i.Id)).toEqual([inst()]);
      const all = await p.connect.send(new ListInstancesCommand({}));
      expect(all.InstanceSummaryList?.map((i) => i.Id).sort()).toEqual([inst(), other].sort());
    });
  });

  it.each([
    ['a token that is no session', async (): Promise<string> => 'not-a-session-token'],
    ['a logged-out session', async (): Promise<string> => {
      const t = await login(p, 'admin');
      expect((await agentCall(p, t, 'POST', '/agent/v1/logout')).status).toBe(200);
      return t;
    }],
  ] as const)('Bearer with %s (raw HTTP) → 403 AccessDeniedException, nothing changed', async (_name, token) => {
    const t = await token();
    const before = await snapshotStore(p);
    const res = await fetch(`${p.url}/queues/${inst()}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` }, body: JSON.stringify({ Name: 'Nope', HoursOfOperationId: p.seeded.basicHoursId }) });
    expect([res.status, res.headers.get('x-amzn-errortype'), ((await res.json()) as { __type: string }).__type]).toEqual([403, ACCESS_DENIED, ACCESS_DENIED]);
    expect(await snapshotStore(p)).toEqual(before);
  });
});

describe('the agent API', () => {
  it('no token → MissingAuthenticationTokenException; a token that is no session → AccessDeniedException', async () => {
    await expectAgentRefused(p, undefined, 'GET', '/agent/v1/me', 'MissingAuthenticationTokenException');
    await expectAgentRefused(p, 'not-a-session-token', 'GET', '/agent/v1/me', ACCESS_DENIED);
    await expectAgentRefused(p, 'not-a-session-token', 'PUT', '/agent/v1/status', ACCESS_DENIED, { AgentStatusId: 'Available' });
  });

  it('a logged-out token is refused, on calls and on the event socket; another session of the user lives on', async () => {
    const [gone, kept] = [await login(p, 'bob'), await login(p, 'bob')];
    expect((await agentCall(p, gone, 'POST', '/agent/v1/logout')).status).toBe(200);
    await expectAgentRefused(p, gone, 'GET', '/agent/v1/me', ACCESS_DENIED);
    await expectAgentRefused(p, gone, 'POST', '/agent/v1/logout', ACCESS_DENIED);
    await expect(AgentSocket.open(p.url, gone)).rejects.toThrow('upgrade refused: 403');
    await expect(AgentSocket.open(p.url, 'not-a-session-token')).rejects.toThrow('upgrade refused: 403');
    expect((await agentCall(p, kept, 'GET', '/agent/v1/me')).status).toBe(200);
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const body = (Username: string, Password: string) => ({ InstanceId: inst(), Username, Password });
    const wrongPassword = await expectAgentRefused(p, undefined, 'POST', '/agent/v1/login', ACCESS_DENIED, body('alice', 'Not-her-passw0rd'));
    const unknownUser = await expectAgentRefused(p, undefined, 'POST', '/agent/v1/login', ACCESS_DENIED, body('nobody-here', 'Not-her-passw0rd'));
    expect(unknownUser.body).toEqual(wrongPassword.body);
  });

  it('an Agent-profile user is refused the supervisor calls; bob’s status stays', async () => {
    const alice = await login(p, 'alice');
    await expectAgentRefused(p, alice, 'GET', '/agent/v1/agents', ACCESS_DENIED);
    await expectAgentRefused(p, alice, 'PUT', `/agent/v1/agents/${user('bob').id}/status`, ACCESS_DENIED, { AgentStatusId: 'Available' });
    // The same calls by a supervisor go through: the refusal is the profile's.
    const sam = await login(p, SUPERVISOR.username, SUPERVISOR.password);
    expect((await agentCall(p, sam, 'GET', '/agent/v1/agents')).status).toBe(200);
  });

  describe('another agent’s contact', () => {
    let bob: string;
    let alice: TestAgent;
    let c: string;
    beforeAll(async () => {
      const chat = await startChat(p);
      alice = await TestAgent.login(p, 'alice');
      open.push(alice);
      bob = await login(p, 'bob');
      await alice.setStatus('Available');
      await alice.nextOffer(chat.contactId);
      await p.router.idle();
      c = chat.contactId;
    });
    const refused = (method: string, action: string, body?: unknown) => expectAgentRefused(p, bob, method, `/agent/v1/contacts/${c}/${action}`, ACCESS_DENIED, body);

    it.each([
      ['POST', 'accept'],
      ['POST', 'reject'],
      ['GET', 'participant'],
      ['POST', 'clear'],
    ])('offered to alice: bob %s …/%s → AccessDeniedException', async (method, action) => {
      await refused(method, action);
    });

    describe('once alice accepted it', () => {
      beforeAll(async () => {
        await alice.accept(c);
        await alice.contactState(c, 'CONNECTED');
        await p.router.idle();
      });
      it.each([
        ['POST', 'end'],
        ['POST', 'transfer'],
        ['POST', 'clear'],
        ['GET', 'participant'],
      ])('bob %s …/%s → AccessDeniedException, and alice keeps it', async (method, action) => {
        await refused(method, action, action === 'transfer' ? { QueueId: p.seeded.basicQueueId } : undefined);
        const me = (await alice.call('GET', '/agent/v1/me')) as { Contacts: { ContactId: string; State: string }[] };
        expect(me.Contacts.map((x) => [x.ContactId, x.State])).toEqual([[c, 'CONNECTED']]);
      });
    });
  });
});

describe('sessions that end while in use', () => {
  let q: TestParley;
  beforeAll(async () => {
    q = await startTestParley();
  });
  afterAll(() => q.stop());
  const renewal = () => vi.advanceTimersByTimeAsync(20_000);

  it('an open event socket is closed with 4001 at the renewal after its session logs out', async () => {
    const bob = await TestAgent.login(q, 'bob');
    await renewal();
    expect(bob.events.ws.readyState).toBe(bob.events.ws.OPEN);
    expect((await agentCall(q, bob.token, 'POST', '/agent/v1/logout')).status).toBe(200);
    await renewal();
    expect(await bob.events.closed).toBe(4001);
  });

  it(`a session expires after PARLEY_AGENT_SESSION_MINUTES (default 720) of the domain clock: calls, sockets and the connect API refuse it`, async () => {
    expect(q.deps.config.agentSessionMinutes).toBe(720);
    const alice = await TestAgent.login(q, 'alice');
    open.push(alice);
    const admin = await login(q, 'admin');
    q.clock.advance(719 * 60_000);
    await renewal();
    expect((await agentCall(q, alice.token, 'GET', '/agent/v1/me')).status).toBe(200);
    expect(alice.events.ws.readyState).toBe(alice.events.ws.OPEN);
    q.clock.advance(2 * 60_000);
    await q.settle();
    await q.router.idle();
    await expectAgentRefused(q, alice.token, 'GET', '/agent/v1/me', ACCESS_DENIED);
    await expectAgentRefused(q, alice.token, 'PUT', '/agent/v1/status', ACCESS_DENIED, { AgentStatusId: 'Available' });
    await expect(AgentSocket.open(q.url, alice.token)).rejects.toThrow('upgrade refused: 403');
    await expectRejected(q, () => q.connect.send(withSession(new ListQueuesCommand({ InstanceId: q.seeded.instanceId }), admin)), ACCESS_DENIED, 403);
    await renewal();
    expect(await alice.events.closed).toBe(4001);
  });
});
