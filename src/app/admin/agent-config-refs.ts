import type { Tx } from '../../adapters/store/db.js';
import { invalidParameter, notFound } from '../../core/errors.js';
import { idFromRef } from '../arn.js';

/**
 * Lookups of what routing profiles, users and quick connects refer to, each by id or ARN within
 * one instance, failing with the error Connect gives (NOT_FOUND, or INVALID_PARAMETER for a
 * resource of the wrong kind).
 */

/** A STANDARD queue; an agent queue (a user's id) is refused as such, since only standard queues are configured. */
export async function requireStandardQueue(tx: Tx, instanceId: string, ref: string) {
  const id = idFromRef(ref);
  const q = await tx.selectFrom('queues').selectAll().where('instance_id', '=', instanceId).where('id', '=', id).executeTakeFirst();
  if (q) return q;
  const agent = await tx.selectFrom('users').select('id').where('instance_id', '=', instanceId).where('id', '=', id).executeTakeFirst();
  if (agent) throw invalidParameter(`Queue ${ref} is an agent queue: only STANDARD queues can be used here`);
  throw notFound('Queue', ref, 'QUEUE');
}

/** A routing profile of the instance, or NOT_FOUND. */
export async function requireRoutingProfile(tx: Tx, instanceId: string, ref: string) {
  const rp = await tx.selectFrom('routing_profiles').selectAll().where('instance_id', '=', instanceId).where('id', '=', idFromRef(ref)).executeTakeFirst();
  if (!rp) throw notFound('Routing profile', ref, 'ROUTING_PROFILE');
  return rp;
}

/** The ids of the named security profiles, without repeats, in the order given; every one must exist. */
export async function requireSecurityProfiles(tx: Tx, instanceId: string, refs: string[]): Promise<string[]> {
  const ids = [...new Set(refs.map(idFromRef))];
  if (!ids.length) throw invalidParameter('SecurityProfileIds must name at least one security profile');
  const found = await tx.selectFrom('security_profiles').select('id').where('instance_id', '=', instanceId).where('id', 'in', ids).execute();
  const missing = ids.find((id) => !found.some((f) => f.id === id));
  if (missing) throw notFound('Security profile', missing, 'SECURITY_PROFILE');
  return ids;
}

/** A user of the instance, or NOT_FOUND. */
export async function requireUser(tx: Tx, instanceId: string, ref: string) {
  const u = await tx.selectFrom('users').selectAll().where('instance_id', '=', instanceId).where('id', '=', idFromRef(ref)).executeTakeFirst();
  if (!u) throw notFound('User', ref, 'USER');
  return u;
}

/** A flow of the given type (quick connects run an AGENT_TRANSFER or QUEUE_TRANSFER flow). */
export async function requireFlowOfType(tx: Tx, instanceId: string, ref: string, type: string) {
  const f = await tx.selectFrom('flows').select(['id', 'name', 'type']).where('instance_id', '=', instanceId).where('id', '=', idFromRef(ref)).executeTakeFirst();
  if (!f) throw notFound('Contact flow', ref, 'CONTACT_FLOW');
  if (f.type !== type) throw invalidParameter(`Contact flow "${f.name}" is of type ${f.type}; this quick connect needs a flow of type ${type}`);
  return f;
}
