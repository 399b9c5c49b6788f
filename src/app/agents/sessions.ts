import { sql } from 'kysely';
import { hashToken } from '../../adapters/ids.js';
import { precompiled } from '../../adapters/store/compiled.js';
import { InQuery } from '../../adapters/store/in-query.js';
import { type Permission, permissionsOf } from '../../core/agents/permissions.js';
import { accessDenied, DomainError } from '../../core/errors.js';
import { requireInstance } from '../admin/instances.js';
import { inLists } from '../routing/chunks.js';
import type { Deps } from '../deps.js';
import { verifyPassword } from './passwords.js';

/** Who is calling the agent API: a logged-in user of an instance, with the permissions of their security profiles. */
export interface AgentCaller {
  userId: string;
  instanceId: string;
  username: string;
  permissions: ReadonlySet<Permission>;
  expiresAt: number;
}

/**
 * Logs a user of an instance (id, ARN or alias) in with username and password: a random session token (stored hashed) that expires
 * after the configured minutes. A wrong username and a wrong password get the same answer, and
 * take the same time (verifyPassword hashes either way).
 */
export async function login(deps: Deps, instanceRef: string, username: string, password: string) {
  const byAlias = await deps.db.kysely.selectFrom('instances').select('id').where('alias', '=', instanceRef).executeTakeFirst();
  const instance = byAlias ?? (await requireInstance(deps.db.kysely, instanceRef));
  const user = await deps.db.kysely.selectFrom('users').select(['id', 'password_hash', 'security_profile_ids']).where('instance_id', '=', instance.id).where('username', '=', username).executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? null);
  if (!user || !ok) throw new DomainError('ACCESS_DENIED', 'Wrong username or password');
  const perms = await permissionsFor(deps, user.security_profile_ids);
  if (!perms.has('agent')) throw accessDenied('The user’s security profiles do not allow logging in to the agent workspace');
  const token = deps.ids.token();
  const now = deps.clock.now();
  const expiresAt = now + deps.config.agentSessionMinutes * 60_000;
  await deps.db.write((tx) => tx.insertInto('agent_sessions').values({ token_hash: hashToken(token), user_id: user.id, instance_id: instance.id, created_at: now, expires_at: expiresAt }).execute());
  return { Token: token, ExpiresAt: new Date(expiresAt).toISOString(), UserId: user.id, InstanceId: instance.id, Permissions: [...perms] };
}

/** Ends the session of this token (other sessions of the user stay). */
export async function logout(deps: Deps, token: string): Promise<void> {
  await deps.db.write((tx) => tx.deleteFrom('agent_sessions').where('token_hash', '=', hashToken(token)).execute());
}

/**
 * Built once (compiled.ts): every agent API call and event socket renewal reads it. With the
 * permissions of the user's security profile when the user has exactly one (most do): its id is
 * the list's JSON text without `["` and `"]`, so the session and its permissions take one
 * statement (a round trip on PostgreSQL) instead of two. authSession checks the list is that one id.
 */
// PostgreSQL refuses a negative substring length: shorter texts ('[]') join nothing.
const idOfOneElementList = sql`case when length(users.security_profile_ids) > 4 then substr(users.security_profile_ids, 3, length(users.security_profile_ids) - 4) end`;
const sessionOf = precompiled((db, p: { tokenHash: string }) =>
  db
    .selectFrom('agent_sessions')
    .innerJoin('users', 'users.id', 'agent_sessions.user_id')
    .leftJoin('security_profiles as single', (join) => join.on(sql<boolean>`single.id = ${idOfOneElementList}`))
    .select(['users.id', 'users.instance_id', 'users.username', 'users.security_profile_ids', 'agent_sessions.expires_at', 'single.id as single_id', 'single.permissions as single_permissions'])
    .where('agent_sessions.token_hash', '=', p.tokenHash),
);

/** The caller holding a session token; refused when missing, unknown or expired (domain clock), or when the user is gone. */
export async function authSession(deps: Deps, token: string | undefined): Promise<AgentCaller> {
  if (!token) throw new DomainError('MISSING_AUTHENTICATION', 'Missing Authorization: Bearer <session token>');
  const row = await sessionOf.first(deps.db.kysely, { tokenHash: hashToken(token) });
  if (!row || Number(row.expires_at) <= deps.clock.now()) throw accessDenied('The session is unknown or has expired: log in again');
  const ids = JSON.parse(row.security_profile_ids) as string[];
  // The joined profile stands for the list only when the list is exactly that id; else read them as the list says.
  const single = row.single_id != null && ids.length === 1 && ids[0] === row.single_id;
  const permissions = single ? permissionsOf([{ permissions: row.single_permissions! }]) : await permissionsFor(deps, row.security_profile_ids);
  return { userId: row.id, instanceId: row.instance_id, username: row.username, permissions, expiresAt: Number(row.expires_at) };
}

/**
 * Of `tokens`, those whose session is still valid (known, unexpired on the domain clock, user
 * still there), as `authSession` judges one: a statement per 256 tokens, so that renewing the
 * presence of thousands of open event sockets is a few statements, not thousands.
 */
// Built once per list size: every agent's socket is checked every renewal (agent-hub.ts), and
// Kysely building a 256-value query each time stalled the event loop for milliseconds.
const sessionsIn = new InQuery((db, [hashes]) =>
  db
    .selectFrom('agent_sessions')
    .innerJoin('users', 'users.id', 'agent_sessions.user_id')
    .select(['agent_sessions.token_hash', 'agent_sessions.expires_at'])
    .where('agent_sessions.token_hash', 'in', hashes as string[]),
);

export async function liveTokens(deps: Deps, tokens: readonly string[]): Promise<Set<string>> {
  const byHash = new Map(tokens.map((t) => [hashToken(t), t]));
  const live = new Set<string>();
  for (const list of inLists([...byHash.keys()])) {
    const rows = await sessionsIn.rows(deps.db.kysely, list);
    for (const r of rows) if (Number(r.expires_at) > deps.clock.now()) live.add(byHash.get(r.token_hash)!);
  }
  return live;
}

/** Refuses a caller without `permission`. */
export function requirePermission(caller: AgentCaller, permission: Permission): void {
  if (!caller.permissions.has(permission)) throw accessDenied(`This needs the ${permission} permission, which the user’s security profiles do not give`);
}

// Most users have one security profile: that shape is built once.
const profilePermissions = precompiled((db, p: { id: string }) => db.selectFrom('security_profiles').select('permissions').where('id', '=', p.id));

async function permissionsFor(deps: Deps, securityProfileIds: string) {
  const ids = JSON.parse(securityProfileIds) as string[];
  if (!ids.length) return new Set<Permission>();
  if (ids.length === 1) return permissionsOf(await profilePermissions.rows(deps.db.kysely, { id: ids[0] }));
  return permissionsOf(await deps.db.kysely.selectFrom('security_profiles').select('permissions').where('id', 'in', ids).execute());
}
