import {
  CreateUserCommand,
  DeleteUserCommand,
  DescribeUserCommand,
  ListUsersCommand,
  UpdateUserIdentityInfoCommand,
  UpdateUserPhoneConfigCommand,
  UpdateUserRoutingProfileCommand,
  UpdateUserSecurityProfilesCommand,
  CreateRoutingProfileCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/app/agents/passwords.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { PASSWORD, signedJson, user } from './kit.js';

/* Users through the SDK: each one is an agent from the start, its password only ever kept as a hash. */

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

const InstanceId = () => p.seeded.instanceId;
const row = (id: string) => p.deps.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const describeUser = async (UserId: string) => (await p.connect.send(new DescribeUserCommand({ InstanceId: InstanceId(), UserId }))).User!;

describe('users', () => {
  it('creates a user whose password verifies, never shows it, and starts the agent Offline', async () => {
    const out = await p.connect.send(
      new CreateUserCommand({
        InstanceId: InstanceId(),
        Username: 'carol@example.com',
        Password: PASSWORD,
        IdentityInfo: { FirstName: 'Carol', LastName: 'Chat', Email: 'carol@example.com' },
        PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 60 },
        SecurityProfileIds: [p.seeded.securityProfileIds.Agent, p.seeded.securityProfileIds.Supervisor],
        RoutingProfileId: p.seeded.routingProfileId,
        Tags: { team: 'blue' },
      }),
    );
    const { region, accountId } = p.deps.config;
    expect(out.UserArn).toBe(`arn:aws:connect:${region}:${accountId}:instance/${InstanceId()}/agent/${out.UserId}`);

    const stored = await row(out.UserId!);
    expect(stored.password_hash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored.password_hash)).toBe(true);
    expect(await verifyPassword('Wrong-passw0rd', stored.password_hash)).toBe(false);

    const described = await p.connect.send(new DescribeUserCommand({ InstanceId: InstanceId(), UserId: out.UserArn }));
    expect(described.User).toMatchObject({
      Id: out.UserId,
      Arn: out.UserArn,
      Username: 'carol@example.com',
      IdentityInfo: { FirstName: 'Carol', LastName: 'Chat', Email: 'carol@example.com' },
      PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 60 },
      SecurityProfileIds: [p.seeded.securityProfileIds.Agent, p.seeded.securityProfileIds.Supervisor],
      RoutingProfileId: p.seeded.routingProfileId,
      Tags: { team: 'blue' },
      LastModifiedRegion: region,
    });
    // Neither the password nor its hash is in the answer, under any name.
    const raw = JSON.stringify((await signedJson(p, 'GET', `/users/${InstanceId()}/${out.UserId}`)).body);
    expect(raw).not.toContain(PASSWORD);
    expect(raw).not.toContain(stored.password_hash!);
    expect(raw.toLowerCase()).not.toContain('password');

    const agent = await p.deps.db.kysely.selectFrom('agents').selectAll().where('user_id', '=', out.UserId!).executeTakeFirstOrThrow();
    expect(agent).toMatchObject({ instance_id: InstanceId(), status_id: p.seeded.statusIds.offline, next_status_id: null });
    expect(Number(agent.status_since)).toBe(p.clock.now());
    expect(Number(agent.idle_since)).toBe(p.clock.now());
  });

  it('lists users by username, with the demo users', async () => {
    await user(p, 'zed');
    const first = await p.connect.send(new ListUsersCommand({ InstanceId: InstanceId(), MaxResults: 2 }));
    const rest = await p.connect.send(new ListUsersCommand({ InstanceId: InstanceId(), NextToken: first.NextToken }));
    const names = [...first.UserSummaryList!, ...rest.UserSummaryList!].map((u) => u.Username);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['admin', 'alice', 'bob', 'zed']));
    expect(first.UserSummaryList![0].Arn).toMatch(/:instance\/[^/]+\/agent\/[^/]+$/);
  });

  it('updates identity, phone config, routing profile and security profiles, each replacing what it names', async () => {
    const id = await user(p, 'dave');
    const { RoutingProfileId } = await p.connect.send(
      new CreateRoutingProfileCommand({
        InstanceId: InstanceId(),
        Name: 'Tasks only',
        Description: 'Tasks',
        DefaultOutboundQueueId: p.seeded.basicQueueId,
        MediaConcurrencies: [{ Channel: 'TASK', Concurrency: 1 }],
      }),
    );
    const ids = { InstanceId: InstanceId(), UserId: id };
    p.clock.advance(5_000);
    await p.connect.send(new UpdateUserIdentityInfoCommand({ ...ids, IdentityInfo: { FirstName: 'Dave', Mobile: '+15550100' } }));
    await p.connect.send(new UpdateUserPhoneConfigCommand({ ...ids, PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 0 } }));
    await p.connect.send(new UpdateUserRoutingProfileCommand({ ...ids, RoutingProfileId }));
    await p.connect.send(new UpdateUserSecurityProfilesCommand({ ...ids, SecurityProfileIds: [p.seeded.securityProfileIds.Admin] }));
    expect(await describeUser(id)).toMatchObject({
      IdentityInfo: { FirstName: 'Dave', Mobile: '+15550100' },
      PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 0 },
      RoutingProfileId,
      SecurityProfileIds: [p.seeded.securityProfileIds.Admin],
      LastModifiedTime: new Date(p.clock.now()),
    });
  });

  it('sets a new password (Parley extension) and ends the user\'s sessions', async () => {
    const id = await user(p, 'erin');
    await p.deps.db.write((tx) =>
      tx.insertInto('agent_sessions').values({ token_hash: 'erin-session', user_id: id, instance_id: InstanceId(), created_at: p.clock.now(), expires_at: p.clock.now() + 3_600_000 }).execute(),
    );
    const res = await signedJson(p, 'POST', `/users/${InstanceId()}/${id}/password`, { Password: 'An0ther-secret' });
    expect(res).toEqual({ status: 200, body: {} });
    const stored = await row(id);
    expect(await verifyPassword('An0ther-secret', stored.password_hash)).toBe(true);
    expect(await verifyPassword(PASSWORD, stored.password_hash)).toBe(false);
    expect(await p.deps.db.kysely.selectFrom('agent_sessions').select('token_hash').where('user_id', '=', id).execute()).toEqual([]);
  });

  it('refuses DeleteUser while the user holds a contact, then deletes the user with its agent state, sessions and presence', async () => {
    const id = await user(p, 'frank');
    const now = p.clock.now();
    await p.deps.db.write(async (tx) => {
      await tx
        .insertInto('agent_contacts')
        .values({ id: 'ac-1', user_id: id, instance_id: InstanceId(), contact_id: 'c-1', chat_id: 'chat-1', channel: 'CHAT', queue_id: null, state: 'ENDED', state_since: now, offered_at: now, connected_at: now, ended_at: now, participant_id: null })
        .execute();
      await tx.insertInto('agent_sessions').values({ token_hash: 'frank-session', user_id: id, instance_id: InstanceId(), created_at: now, expires_at: now + 60_000 }).execute();
      await tx.insertInto('agent_presence').values({ user_id: id, node: 'node-1', until: now + 60_000 }).execute();
    });
    await expect(p.connect.send(new DeleteUserCommand({ InstanceId: InstanceId(), UserId: id }))).rejects.toMatchObject({
      name: 'ResourceInUseException',
      $metadata: { httpStatusCode: 409 },
    });
    expect((await describeUser(id)).Username).toBe('frank');

    await p.deps.db.write((tx) => tx.deleteFrom('agent_contacts').where('id', '=', 'ac-1').execute());
    await p.connect.send(new DeleteUserCommand({ InstanceId: InstanceId(), UserId: id }));
    await expect(describeUser(id)).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    for (const table of ['agents', 'agent_sessions', 'agent_presence'] as const)
      expect(await p.deps.db.kysely.selectFrom(table).select('user_id').where('user_id', '=', id).execute()).toEqual([]);
  });
});
