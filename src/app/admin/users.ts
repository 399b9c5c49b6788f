import type { Tx } from '../../adapters/store/db.js';
import { uniqueOr } from '../../adapters/store/unique-violation.js';
import { DomainError, invalidParameter, invalidRequest } from '../../core/errors.js';
import { epochSeconds } from '../../core/time.js';
import { hashPassword, passwordProblem } from '../agents/passwords.js';
import { arns } from '../arn.js';
import type { Deps } from '../deps.js';
import { requireRoutingProfile, requireSecurityProfiles, requireUser } from './agent-config-refs.js';
import { cursorOf, namePage } from './hours.js';
import { requireInstance } from './instances.js';
import { checkAcwSeconds } from './routing-profile-checks.js';

/**
 * Users, as Connect's API has them (CreateUser, DescribeUser, ListUsers, DeleteUser; the updates
 * are in user-updates.ts). Parley is its own directory: every user has a password, kept only as
 * an scrypt hash that no answer ever contains. A user is an agent from the start, Offline.
 */
export interface UserIdentityInfo {
  FirstName?: string;
  LastName?: string;
  Email?: string;
  SecondaryEmail?: string;
  Mobile?: string;
}
export interface UserPhoneConfig {
  PhoneType: string;
  AutoAccept?: boolean;
  AfterContactWorkTimeLimit?: number;
  DeskPhoneNumber?: string;
  PersistentConnection?: boolean;
}
export interface CreateUserInput {
  Username: string;
  Password?: string;
  IdentityInfo?: UserIdentityInfo;
  PhoneConfig: UserPhoneConfig;
  DirectoryUserId?: string;
  SecurityProfileIds: string[];
  RoutingProfileId: string;
  HierarchyGroupId?: string;
  Tags?: Record<string, string>;
}

/** The password rule, with Parley's reason for requiring one. */
export function checkPassword(password: string | undefined): string {
  if (password === undefined) throw invalidParameter('Password is required: Parley manages its users itself (there is no directory)');
  const problem = passwordProblem(password);
  if (problem) throw invalidParameter(problem);
  return password;
}

/** CreateUser: the user and its agent row (Offline, idle since now) in one write; the username must be free. */
export async function createUser(deps: Deps, instanceRef: string, input: CreateUserInput) {
  if (input.DirectoryUserId !== undefined) throw invalidParameter('DirectoryUserId is not supported: Parley has no directory');
  if (input.HierarchyGroupId !== undefined) throw invalidParameter('HierarchyGroupId is not supported: Parley has no agent hierarchies');
  checkAcwSeconds(input.PhoneConfig.AfterContactWorkTimeLimit);
  // Hashing is slow by design: done before the transaction, so that other writers do not wait for it.
  const hash = await hashPassword(checkPassword(input.Password));
  const duplicate = () => new DomainError('DUPLICATE', `A user named "${input.Username}" already exists in this instance`);
  return uniqueOr(
    deps.db.write(async (tx) => {
      const instance = await requireInstance(tx, instanceRef);
      const other = await tx.selectFrom('users').select('id').where('instance_id', '=', instance.id).where('username', '=', input.Username).executeTakeFirst();
      if (other) throw duplicate();
      const profile = await requireRoutingProfile(tx, instance.id, input.RoutingProfileId);
      const securityProfileIds = await requireSecurityProfiles(tx, instance.id, input.SecurityProfileIds);
      const offline = await offlineStatus(tx, instance.id);
      const id = deps.ids.uuid();
      const now = deps.clock.now();
      await tx
        .insertInto('users')
        .values({
          id,
          instance_id: instance.id,
          username: input.Username,
          password_hash: hash,
          identity: JSON.stringify(input.IdentityInfo ?? {}),
          phone_config: JSON.stringify(input.PhoneConfig),
          routing_profile_id: profile.id,
          security_profile_ids: JSON.stringify(securityProfileIds),
          tags: JSON.stringify(input.Tags ?? {}),
          created_at: now,
          updated_at: now,
        })
        .execute();
      await tx.insertInto('agents').values({ user_id: id, instance_id: instance.id, status_id: offline, status_since: now, next_status_id: null, idle_since: now }).execute();
      return { UserId: id, UserArn: arns(deps.config).user(instance.id, id) };
    }),
    duplicate,
  );
}

/** The status a new agent starts in: the one named Offline, else any OFFLINE one. */
async function offlineStatus(tx: Tx, instanceId: string): Promise<string> {
  const rows = await tx.selectFrom('agent_statuses').select(['id', 'name']).where('instance_id', '=', instanceId).where('type', '=', 'OFFLINE').orderBy('created_at').execute();
  const row = rows.find((r) => r.name === 'Offline') ?? rows[0];
  if (!row) throw invalidRequest('The instance has no OFFLINE agent status for a new user to start in');
  return row.id;
}

/** DescribeUser: Connect's User, without the password hash (never part of any answer). */
export async function describeUser(deps: Deps, instanceRef: string, userRef: string) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const u = await requireUser(deps.db.kysely, instance.id, userRef);
  return {
    User: {
      Id: u.id,
      Arn: arns(deps.config).user(instance.id, u.id),
      Username: u.username,
      IdentityInfo: JSON.parse(u.identity) as UserIdentityInfo,
      PhoneConfig: JSON.parse(u.phone_config) as UserPhoneConfig,
      SecurityProfileIds: JSON.parse(u.security_profile_ids) as string[],
      RoutingProfileId: u.routing_profile_id,
      Tags: JSON.parse(u.tags) as Record<string, string>,
      LastModifiedTime: epochSeconds(Number(u.updated_at)),
      LastModifiedRegion: deps.config.region,
    },
  };
}

/** ListUsers pages by username (then id), 100 by default. */
export async function listUsers(deps: Deps, instanceRef: string, page: { maxResults?: number; nextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const key = `users:${instance.id}`;
  const limit = page.maxResults ?? 100;
  const after = cursorOf(deps, key, page.nextToken);
  let q = deps.db.kysely.selectFrom('users').select(['id', 'username as name', 'updated_at']).where('instance_id', '=', instance.id);
  if (after) q = q.where((eb) => eb.or([eb('username', '>', after.n), eb.and([eb('username', '=', after.n), eb('id', '>', after.i)])]));
  const { shown, NextToken } = namePage(deps, key, await q.orderBy('username').orderBy('id').limit(limit + 1).execute(), limit);
  return {
    UserSummaryList: shown.map((u) => ({
      Id: u.id,
      Arn: arns(deps.config).user(instance.id, u.id),
      Username: u.name,
      LastModifiedTime: epochSeconds(Number(u.updated_at)),
      LastModifiedRegion: deps.config.region,
    })),
    ...(NextToken ? { NextToken } : {}),
  };
}

/**
 * DeleteUser, refused while the user holds contacts (offered, connected or in after-contact work)
 * or a quick connect transfers to them. Its agent state, sessions and presence go with it.
 */
export async function deleteUser(deps: Deps, instanceRef: string, userRef: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const u = await requireUser(tx, instance.id, userRef);
    const held = await tx.selectFrom('agent_contacts').select('contact_id').where('user_id', '=', u.id).executeTakeFirst();
    if (held) throw new DomainError('RESOURCE_IN_USE', `User "${u.username}" still holds contact ${held.contact_id}`, { ResourceId: u.id, ResourceType: 'USER' });
    const qc = await quickConnectTo(tx, instance.id, u.id);
    if (qc) throw new DomainError('RESOURCE_IN_USE', `Quick connect "${qc}" transfers to user "${u.username}"`, { ResourceId: u.id, ResourceType: 'USER' });
    for (const table of ['agents', 'agent_sessions', 'agent_presence'] as const) await tx.deleteFrom(table).where('user_id', '=', u.id).execute();
    await tx.deleteFrom('users').where('id', '=', u.id).execute();
  });
}

/** The name of a USER quick connect to this user, if any. */
async function quickConnectTo(tx: Tx, instanceId: string, userId: string): Promise<string | undefined> {
  const rows = await tx.selectFrom('quick_connects').select(['name', 'config']).where('instance_id', '=', instanceId).where('type', '=', 'USER').execute();
  return rows.find((r) => (JSON.parse(r.config) as { UserConfig?: { UserId?: string } }).UserConfig?.UserId === userId)?.name;
}
