import { notFound } from '../../core/errors.js';
import type { Permission } from '../../core/agents/permissions.js';
import { epochSeconds } from '../../core/time.js';
import { arns, idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { cursorOf, namePage } from './hours.js';
import { requireInstance } from './instances.js';

/**
 * Security profiles, read-only (ListSecurityProfiles, DescribeSecurityProfile,
 * ListSecurityProfilePermissions): each instance has the seeded Admin, Supervisor and Agent, whose
 * permissions are Parley's three (core/agents/permissions.ts), not Connect's hundreds.
 */
async function requireSecurityProfile(deps: Deps, instanceRef: string, ref: string) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const sp = await deps.db.kysely.selectFrom('security_profiles').selectAll().where('instance_id', '=', instance.id).where('id', '=', idFromRef(ref)).executeTakeFirst();
  if (!sp) throw notFound('Security profile', ref, 'SECURITY_PROFILE');
  return { instance, sp };
}

/** ListSecurityProfiles pages by name (then id), 100 by default. */
export async function listSecurityProfiles(deps: Deps, instanceRef: string, page: { maxResults?: number; nextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const key = `security-profiles:${instance.id}`;
  const limit = page.maxResults ?? 100;
  const after = cursorOf(deps, key, page.nextToken);
  let q = deps.db.kysely.selectFrom('security_profiles').select(['id', 'name', 'updated_at']).where('instance_id', '=', instance.id);
  if (after) q = q.where((eb) => eb.or([eb('name', '>', after.n), eb.and([eb('name', '=', after.n), eb('id', '>', after.i)])]));
  const { shown, NextToken } = namePage(deps, key, await q.orderBy('name').orderBy('id').limit(limit + 1).execute(), limit);
  return {
    SecurityProfileSummaryList: shown.map((r) => ({
      Id: r.id,
      Arn: arns(deps.config).securityProfile(instance.id, r.id),
      Name: r.name,
      LastModifiedTime: epochSeconds(Number(r.updated_at)),
      LastModifiedRegion: deps.config.region,
    })),
    ...(NextToken ? { NextToken } : {}),
  };
}

/**
 * DescribeSecurityProfile in Connect's shape, plus `Permissions` (a Parley extension: the SDK
 * ignores it; ListSecurityProfilePermissions is the Connect way to read them).
 */
export async function describeSecurityProfile(deps: Deps, instanceRef: string, ref: string) {
  const { instance, sp } = await requireSecurityProfile(deps, instanceRef, ref);
  return {
    SecurityProfile: {
      Id: sp.id,
      OrganizationResourceId: instance.id,
      Arn: arns(deps.config).securityProfile(instance.id, sp.id),
      SecurityProfileName: sp.name,
      Description: sp.description,
      Tags: {},
      LastModifiedTime: epochSeconds(Number(sp.updated_at)),
      LastModifiedRegion: deps.config.region,
      Permissions: JSON.parse(sp.permissions) as Permission[],
    },
  };
}

/** ListSecurityProfilePermissions, in name order, paged like the other lists. */
export async function listSecurityProfilePermissions(deps: Deps, instanceRef: string, ref: string, page: { maxResults?: number; nextToken?: string }) {
  const { sp } = await requireSecurityProfile(deps, instanceRef, ref);
  const key = `security-profile-permissions:${sp.id}`;
  const after = cursorOf(deps, key, page.nextToken);
  const all = (JSON.parse(sp.permissions) as string[]).sort().map((p) => ({ name: p, id: p }));
  const rest = after ? all.filter((p) => p.name > after.n) : all;
  const limit = page.maxResults ?? 100;
  const { shown, NextToken } = namePage(deps, key, rest.slice(0, limit + 1), limit);
  return {
    Permissions: shown.map((p) => p.name),
    ...(NextToken ? { NextToken } : {}),
    LastModifiedTime: epochSeconds(Number(sp.updated_at)),
    LastModifiedRegion: deps.config.region,
  };
}
