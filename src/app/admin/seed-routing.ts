import crypto from 'node:crypto';
import type { Db } from '../../adapters/store/db.js';
import { SEEDED_SECURITY_PROFILES } from '../../core/agents/permissions.js';
import { hashPassword } from '../agents/passwords.js';

export const BASIC_ROUTING_PROFILE_NAME = 'Basic Routing Profile';
/** Connect's default statuses: Available routes contacts, Offline does not. */
export const SEEDED_STATUSES = [
  { key: 'status-available', name: 'Available', type: 'ROUTABLE', order: 1 },
  { key: 'status-offline', name: 'Offline', type: 'OFFLINE', order: 2 },
  { key: 'status-break', name: 'Break', type: 'CUSTOM', order: 3 },
] as const;
/** The demo agents: their passwords are made at the first start and shown by `npm start` (main.ts). */
export const DEMO_AGENTS = [
  { username: 'alice', first: 'Alice', last: 'Agent', profile: 'Agent' },
  { username: 'bob', first: 'Bob', last: 'Agent', profile: 'Agent' },
  { username: 'admin', first: 'Ada', last: 'Admin', profile: 'Admin' },
] as const;

const credentials = new Map<string, Promise<{ password: string; hash: string }>>();
/**
 * A random demo password and its hash, made once per process: hashing is slow by design, and a
 * process seeds many instances only under test. Only the first seed of a data dir uses it.
 */
function demoCredential(username: string): Promise<{ password: string; hash: string }> {
  let c = credentials.get(username);
  if (!c) {
    const password = `Demo-${crypto.randomBytes(6).toString('base64url')}7a`;
    c = hashPassword(password).then((hash) => ({ password, hash }));
    credentials.set(username, c);
  }
  return c;
}

export interface SeededRouting {
  routingProfileId: string;
  securityProfileIds: Record<keyof typeof SEEDED_SECURITY_PROFILES, string>;
  statusIds: { available: string; offline: string; break: string };
  /** Demo users by username: id and the password made at first start. */
  demoUsers: Record<string, { id: string; password: string }>;
}

/**
 * The routing side of the demo instance: security profiles Admin/Supervisor/Agent, statuses
 * Available/Offline/Break, a Basic Routing Profile (BasicQueue for chat and tasks, 3 chats at
 * once) and demo users. Like the rest of the seed: derived ids, a second run adds nothing, and a
 * resource the user already has under the name is kept.
 */
export async function seedRouting(db: Db, instanceId: string, queueId: string, seededId: (key: string) => string, now: number): Promise<SeededRouting> {
  const ids = {
    routingProfileId: seededId('routing-profile'),
    securityProfileIds: Object.fromEntries(Object.keys(SEEDED_SECURITY_PROFILES).map((n) => [n, seededId(`security-profile-${n}`)])) as SeededRouting['securityProfileIds'],
    statusIds: { available: seededId('status-available'), offline: seededId('status-offline'), break: seededId('status-break') },
  };
  const demoHashes = await Promise.all(DEMO_AGENTS.map((a) => demoCredential(a.username)));
  await db.write(async (tx) => {
    for (const [name, permissions] of Object.entries(SEEDED_SECURITY_PROFILES))
      await tx
        .insertInto('security_profiles')
        .values({ id: seededId(`security-profile-${name}`), instance_id: instanceId, name, description: `The ${name} security profile`, permissions: JSON.stringify(permissions), created_at: now, updated_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
    for (const s of SEEDED_STATUSES)
      await tx
        .insertInto('agent_statuses')
        .values({ id: seededId(s.key), instance_id: instanceId, name: s.name, description: '', type: s.type, state: 'ENABLED', display_order: s.order, created_at: now, updated_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
    const profile = await tx
      .insertInto('routing_profiles')
      .values({
        id: ids.routingProfileId,
        instance_id: instanceId,
        name: BASIC_ROUTING_PROFILE_NAME,
        description: 'BasicQueue for chats (3 at once) and tasks',
        default_outbound_queue_id: queueId,
        media_concurrencies: JSON.stringify([
          { Channel: 'CHAT', Concurrency: 3, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } },
          { Channel: 'TASK', Concurrency: 1, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } },
        ]),
        agent_availability_timer: 'TIME_SINCE_LAST_ACTIVITY',
        acw_seconds: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (profile)
      await tx
        .insertInto('routing_profile_queues')
        .values(['CHAT', 'TASK'].map((channel) => ({ routing_profile_id: profile.id, queue_id: queueId, channel, priority: 1, delay: 0 })))
        .onConflict((oc) => oc.doNothing())
        .execute();
  });
  const k = db.kysely;
  const byName = async (table: 'routing_profiles' | 'security_profiles' | 'agent_statuses', id: string, name: string) => {
    const rows = await k.selectFrom(table).select(['id', 'name']).where('instance_id', '=', instanceId).where((eb) => eb.or([eb('id', '=', id), eb('name', '=', name)])).execute();
    return (rows.find((r) => r.name === name) ?? rows[0]).id;
  };
  const routingProfileId = await byName('routing_profiles', ids.routingProfileId, BASIC_ROUTING_PROFILE_NAME);
  const securityProfileIds = Object.fromEntries(
    await Promise.all(Object.keys(SEEDED_SECURITY_PROFILES).map(async (n) => [n, await byName('security_profiles', seededId(`security-profile-${n}`), n)])),
  ) as SeededRouting['securityProfileIds'];
  const statusIds = {
    available: await byName('agent_statuses', ids.statusIds.available, 'Available'),
    offline: await byName('agent_statuses', ids.statusIds.offline, 'Offline'),
    break: await byName('agent_statuses', ids.statusIds.break, 'Break'),
  };
  const demoUsers: SeededRouting['demoUsers'] = {};
  for (const [i, a] of DEMO_AGENTS.entries()) {
    const id = seededId(`user-${a.username}`);
    const key = `demo-password:${instanceId}:${a.username}`;
    await db.write(async (tx) => {
      // The demo password is kept in plain text so that every start can show it: demo users are for trying Parley out.
      await tx.insertInto('settings').values({ key, value: demoHashes[i].password }).onConflict((oc) => oc.column('key').doNothing()).execute();
      const created = await tx
        .insertInto('users')
        .values({
          id,
          instance_id: instanceId,
          username: a.username,
          password_hash: demoHashes[i].hash,
          identity: JSON.stringify({ FirstName: a.first, LastName: a.last }),
          phone_config: JSON.stringify({ PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 0 }),
          routing_profile_id: routingProfileId,
          security_profile_ids: JSON.stringify([securityProfileIds[a.profile]]),
          tags: '{}',
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (created)
        await tx.insertInto('agents').values({ user_id: id, instance_id: instanceId, status_id: statusIds.offline, status_since: now, next_status_id: null, idle_since: now }).onConflict((oc) => oc.doNothing()).execute();
    });
    const user = await k.selectFrom('users').select('id').where('instance_id', '=', instanceId).where('username', '=', a.username).executeTakeFirst();
    const pw = await k.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    // A demo user the operator deleted stays deleted, except that a re-run of a fresh seed recreates it.
    if (user && pw) demoUsers[a.username] = { id: user.id, password: pw.value };
  }
  return { routingProfileId, securityProfileIds, statusIds, demoUsers };
}
