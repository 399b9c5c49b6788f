import type { Tx } from '../../adapters/store/db.js';
import { uniqueOr } from '../../adapters/store/unique-violation.js';
import { DomainError, invalidParameter, notFound } from '../../core/errors.js';
import { isTimeZone, type HoursConfig, type HoursOverride, type TimeSlice } from '../../core/routing/hours.js';
import { epochSeconds } from '../../core/time.js';
import { arns, idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { requireInstance } from './instances.js';
import { sign, unsign } from '../signing.js';

/**
 * Hours of operation, as Connect's API has them (CreateHoursOfOperation and friends, and the
 * overrides of holidays and special days). What is stored is what core/routing/hours.ts evaluates,
 * so CheckHoursOfOperation sees a change from the next contact on.
 */
export interface HoursInput {
  Name?: string;
  Description?: string;
  TimeZone?: string;
  Config?: HoursConfig[];
}

export async function createHoursOfOperation(deps: Deps, instanceRef: string, input: Required<Pick<HoursInput, 'Name' | 'TimeZone' | 'Config'>> & HoursInput) {
  checkHours(input);
  return uniqueOr(deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    await checkNameFree(tx, instance.id, input.Name);
    const id = deps.ids.uuid();
    const now = deps.clock.now();
    await tx
      .insertInto('hours_of_operation')
      .values({ id, instance_id: instance.id, name: input.Name, description: input.Description ?? '', time_zone: input.TimeZone, config: JSON.stringify(input.Config), overrides: '[]', created_at: now, updated_at: now })
      .execute();
    return { HoursOfOperationId: id, HoursOfOperationArn: arns(deps.config).hours(instance.id, id) };
  }), () => new DomainError('DUPLICATE', `Hours of operation named "${input.Name}" already exist in this instance`));
}

export async function describeHoursOfOperation(deps: Deps, instanceRef: string, hoursRef: string) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const h = await requireHours(deps.db.kysely, instance.id, hoursRef);
  return {
    HoursOfOperation: {
      HoursOfOperationId: h.id,
      HoursOfOperationArn: arns(deps.config).hours(instance.id, h.id),
      Name: h.name,
      Description: h.description,
      TimeZone: h.time_zone,
      Config: JSON.parse(h.config) as HoursConfig[],
      Tags: {},
      LastModifiedTime: epochSeconds(Number(h.updated_at)),
      LastModifiedRegion: deps.config.region,
    },
  };
}

/** ListHoursOfOperations pages by name (then id), 100 by default like Connect. */
export async function listHoursOfOperations(deps: Deps, instanceRef: string, page: { maxResults?: number; nextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const key = `hours:${instance.id}`;
  const limit = page.maxResults ?? 100;
  let q = deps.db.kysely.selectFrom('hours_of_operation').selectAll().where('instance_id', '=', instance.id);
  const after = cursorOf(deps, key, page.nextToken);
  if (after) q = q.where((eb) => eb.or([eb('name', '>', after.n), eb.and([eb('name', '=', after.n), eb('id', '>', after.i)])]));
  const rows = await q.orderBy('name').orderBy('id').limit(limit + 1).execute();
  const { shown, NextToken } = namePage(deps, key, rows, limit);
  return {
    HoursOfOperationSummaryList: shown.map((h) => ({
      Id: h.id,
      Arn: arns(deps.config).hours(instance.id, h.id),
      Name: h.name,
      LastModifiedTime: epochSeconds(Number(h.updated_at)),
      LastModifiedRegion: deps.config.region,
    })),
    ...(NextToken ? { NextToken } : {}),
  };
}

export async function updateHoursOfOperation(deps: Deps, instanceRef: string, hoursRef: string, patch: HoursInput): Promise<void> {
  checkHours(patch);
  const taken = () => new DomainError('DUPLICATE', `Hours of operation named "${patch.Name}" already exist in this instance`);
  await uniqueOr(deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const h = await requireHours(tx, instance.id, hoursRef);
    if (patch.Name !== undefined && patch.Name !== h.name) await checkNameFree(tx, instance.id, patch.Name);
    await tx
      .updateTable('hours_of_operation')
      .set({
        ...(patch.Name !== undefined ? { name: patch.Name } : {}),
        ...(patch.Description !== undefined ? { description: patch.Description } : {}),
        ...(patch.TimeZone !== undefined ? { time_zone: patch.TimeZone } : {}),
        ...(patch.Config !== undefined ? { config: JSON.stringify(patch.Config) } : {}),
        updated_at: deps.clock.now(),
      })
      .where('id', '=', h.id)
      .execute();
  }), taken);
}

/** DeleteHoursOfOperation, refused while a queue uses the hours (as Connect does). */
export async function deleteHoursOfOperation(deps: Deps, instanceRef: string, hoursRef: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const h = await requireHours(tx, instance.id, hoursRef);
    const user = await tx.selectFrom('queues').select('name').where('hours_of_operation_id', '=', h.id).executeTakeFirst();
    if (user)
      throw new DomainError('RESOURCE_IN_USE', `The hours of operation are used by queue "${user.name}"`, { ResourceId: h.id, ResourceType: 'HOURS_OF_OPERATION' });
    await tx.deleteFrom('hours_of_operation').where('id', '=', h.id).execute();
  });
}

export type OverrideInput = Omit<HoursOverride, 'HoursOfOperationOverrideId'> & { Name: string };

/** CreateHoursOfOperationOverride: names are unique within the hours; dates are YYYY-MM-DD, From not after Till. */
export async function createHoursOfOperationOverride(deps: Deps, instanceRef: string, hoursRef: string, input: OverrideInput) {
  const from = parseDay(input.EffectiveFrom);
  const till = parseDay(input.EffectiveTill);
  if (from === null || till === null) throw invalidParameter('EffectiveFrom and EffectiveTill must be dates of the form YYYY-MM-DD');
  if (from > till) throw invalidParameter('EffectiveFrom must not be after EffectiveTill');
  for (const c of input.Config) if (c.StartTime) checkSlice(c.StartTime);
  for (const c of input.Config) if (c.EndTime) checkSlice(c.EndTime);
  return deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const h = await requireHours(tx, instance.id, hoursRef);
    const overrides = JSON.parse(h.overrides) as HoursOverride[];
    if (overrides.some((o) => o.Name === input.Name)) throw new DomainError('DUPLICATE', `An override named "${input.Name}" already exists in these hours`);
    const id = deps.ids.uuid();
    const stored: HoursOverride = { ...input, HoursOfOperationOverrideId: id };
    await tx
      .updateTable('hours_of_operation')
      .set({ overrides: JSON.stringify([...overrides, stored]), updated_at: deps.clock.now() })
      .where('id', '=', h.id)
      .execute();
    return { HoursOfOperationOverrideId: id };
  });
}

/** ListHoursOfOperationOverrides: all of them in one page (an hours row holds a handful). */
export async function listHoursOfOperationOverrides(deps: Deps, instanceRef: string, hoursRef: string) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const h = await requireHours(deps.db.kysely, instance.id, hoursRef);
  const arn = arns(deps.config).hours(instance.id, h.id);
  return {
    HoursOfOperationOverrideList: (JSON.parse(h.overrides) as HoursOverride[]).map((o) => ({
      ...o,
      HoursOfOperationId: h.id,
      HoursOfOperationArn: arn,
      Description: o.Description ?? '',
      OverrideType: o.OverrideType ?? 'STANDARD',
    })),
    LastModifiedTime: epochSeconds(Number(h.updated_at)),
    LastModifiedRegion: deps.config.region,
  };
}

export async function deleteHoursOfOperationOverride(deps: Deps, instanceRef: string, hoursRef: string, overrideId: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const h = await requireHours(tx, instance.id, hoursRef);
    const overrides = JSON.parse(h.overrides) as HoursOverride[];
    const kept = overrides.filter((o) => o.HoursOfOperationOverrideId !== overrideId);
    if (kept.length === overrides.length) throw notFound('Hours of operation override', overrideId, 'HOURS_OF_OPERATION_OVERRIDE');
    await tx.updateTable('hours_of_operation').set({ overrides: JSON.stringify(kept), updated_at: deps.clock.now() }).where('id', '=', h.id).execute();
  });
}

interface NameCursor {
  k: string;
  n: string;
  i: string;
}

/** The position a NextToken of a list paged by name (then id) holds; `key` names the list it was made for. */
export function cursorOf(deps: Deps, key: string, token: string | undefined): NameCursor | null {
  if (token === undefined) return null;
  const c = unsign<NameCursor>(deps.secret, 'config-list-page', token);
  if (!c || c.k !== key) throw invalidParameter('NextToken is not valid for this request');
  return c;
}

/** The first `limit` of `rows` (fetched with one more), and the NextToken when there are more. */
export function namePage<R extends { name: string; id: string }>(deps: Deps, key: string, rows: R[], limit: number): { shown: R[]; NextToken?: string } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return rows.length > limit && last ? { shown, NextToken: sign(deps.secret, 'config-list-page', { k: key, n: last.name, i: last.id } satisfies NameCursor) } : { shown };
}

/** The hours of an instance by id or ARN, or NOT_FOUND. */
export async function requireHours(tx: Tx, instanceId: string, ref: string) {
  const h = await tx.selectFrom('hours_of_operation').selectAll().where('instance_id', '=', instanceId).where('id', '=', idFromRef(ref)).executeTakeFirst();
  if (!h) throw notFound('Hours of operation', ref, 'HOURS_OF_OPERATION');
  return h;
}

async function checkNameFree(tx: Tx, instanceId: string, name: string): Promise<void> {
  const taken = await tx.selectFrom('hours_of_operation').select('id').where('instance_id', '=', instanceId).where('name', '=', name).executeTakeFirst();
  if (taken) throw new DomainError('DUPLICATE', `Hours of operation named "${name}" already exist in this instance`);
}

/** What the schema cannot say: the time zone is one Intl knows, each time is a time of day. */
function checkHours(input: HoursInput): void {
  if (input.TimeZone !== undefined && !isTimeZone(input.TimeZone)) throw invalidParameter(`Unknown time zone: ${input.TimeZone}`);
  for (const c of input.Config ?? []) {
    checkSlice(c.StartTime);
    checkSlice(c.EndTime);
  }
}

function checkSlice(t: TimeSlice): void {
  if (!Number.isInteger(t.Hours) || t.Hours < 0 || t.Hours > 23 || !Number.isInteger(t.Minutes) || t.Minutes < 0 || t.Minutes > 59)
    throw invalidParameter(`Not a time of day: ${t.Hours}:${t.Minutes}`);
}

function parseDay(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // 2026-02-30 would roll over into March: not a date.
  return new Date(ms).getUTCDate() === Number(m[3]) ? ms : null;
}
