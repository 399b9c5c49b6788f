import type { Updateable } from 'kysely';
import type { Tx } from '../../adapters/store/db.js';
import type { Database } from '../../adapters/store/schema.js';
import { hashPassword } from '../agents/passwords.js';
import type { Deps } from '../deps.js';
import { requireRoutingProfile, requireSecurityProfiles, requireUser } from './agent-config-refs.js';
import { requireInstance } from './instances.js';
import { checkAcwSeconds } from './routing-profile-checks.js';
import { checkPassword, type UserIdentityInfo, type UserPhoneConfig } from './users.js';

/**
 * The updates of a user (UpdateUserIdentityInfo, UpdateUserPhoneConfig, UpdateUserRoutingProfile,
 * UpdateUserSecurityProfiles) and Parley's password change. Each replaces what it names, as
 * Connect does; routing and login read the row, so a change applies to the next offer or login.
 */
async function updateUser(deps: Deps, instanceRef: string, userRef: string, set: (tx: Tx, instanceId: string, userId: string) => Promise<Updateable<Database['users']>>) {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const u = await requireUser(tx, instance.id, userRef);
    const values = await set(tx, instance.id, u.id);
    await tx.updateTable('users').set({ ...values, updated_at: deps.clock.now() }).where('id', '=', u.id).execute();
  });
}

/** UpdateUserIdentityInfo: replaces the whole identity. */
export async function updateUserIdentityInfo(deps: Deps, instanceRef: string, userRef: string, identity: UserIdentityInfo): Promise<void> {
  await updateUser(deps, instanceRef, userRef, () => Promise.resolve({ identity: JSON.stringify(identity) }));
}

/** UpdateUserPhoneConfig: replaces the phone config; AfterContactWorkTimeLimit 0–2000000 s. */
export async function updateUserPhoneConfig(deps: Deps, instanceRef: string, userRef: string, phone: UserPhoneConfig): Promise<void> {
  checkAcwSeconds(phone.AfterContactWorkTimeLimit);
  await updateUser(deps, instanceRef, userRef, () => Promise.resolve({ phone_config: JSON.stringify(phone) }));
}

/** UpdateUserRoutingProfile: the profile must exist in the instance. */
export async function updateUserRoutingProfile(deps: Deps, instanceRef: string, userRef: string, profileRef: string): Promise<void> {
  await updateUser(deps, instanceRef, userRef, async (tx, instanceId) => ({ routing_profile_id: (await requireRoutingProfile(tx, instanceId, profileRef)).id }));
}

/** UpdateUserSecurityProfiles: replaces the list; every profile must exist. */
export async function updateUserSecurityProfiles(deps: Deps, instanceRef: string, userRef: string, profileRefs: string[]): Promise<void> {
  await updateUser(deps, instanceRef, userRef, async (tx, instanceId) => ({ security_profile_ids: JSON.stringify(await requireSecurityProfiles(tx, instanceId, profileRefs)) }));
}

/**
 * Parley extension (Connect has no password API for its own directory): sets a user's password.
 * The user's login sessions end with it, so that whoever knew the old password is logged out.
 */
export async function setUserPassword(deps: Deps, instanceRef: string, userRef: string, password: string): Promise<void> {
  const hash = await hashPassword(checkPassword(password));
  await updateUser(deps, instanceRef, userRef, async (tx, _instanceId, userId) => {
    await tx.deleteFrom('agent_sessions').where('user_id', '=', userId).execute();
    return { password_hash: hash };
  });
}
