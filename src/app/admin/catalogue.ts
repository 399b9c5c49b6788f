import { invalidParameter } from '../../core/errors.js';
import { epochSeconds } from '../../core/time.js';
import { sign, unsign } from '../signing.js';
import { arns } from '../arn.js';
import type { Deps } from '../deps.js';
import { requireInstance } from './instances.js';

const instanceSummary = (deps: Deps, row: { id: string; alias: string; created_at: number }) => ({
  Id: row.id,
  Arn: arns(deps.config).instance(row.id),
  IdentityManagementType: 'CONNECT_MANAGED',
  InstanceAlias: row.alias,
  CreatedTime: epochSeconds(Number(row.created_at)),
  ServiceRole: `arn:aws:iam::${deps.config.accountId}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect`,
  InstanceStatus: 'ACTIVE',
  InboundCallsEnabled: false,
  OutboundCallsEnabled: false,
  InstanceAccessUrl: deps.config.publicUrl,
});

export async function listInstances(deps: Deps) {
  const rows = await deps.db.kysely.selectFrom('instances').selectAll().orderBy('created_at').execute();
  return { InstanceSummaryList: rows.map((r) => instanceSummary(deps, r)) };
}

export async function describeInstance(deps: Deps, ref: string) {
  const row = await requireInstance(deps.db.kysely, ref);
  return { Instance: instanceSummary(deps, row) };
}

/** ListContactFlows pages by name (then id), 100 by default like Connect; NextToken is signed. */
export async function listContactFlows(deps: Deps, ref: string, types: string[] | undefined, page: { maxResults?: number; nextToken?: string } = {}) {
  const instance = await requireInstance(deps.db.kysely, ref);
  const filter = [...(types ?? [])].sort().join(',');
  let after: FlowCursor | null = null;
  if (page.nextToken) {
    after = unsign<FlowCursor>(deps.secret, 'flow-list-page', page.nextToken);
    if (!after || after.k !== instance.id || after.t !== filter) throw invalidParameter('NextToken is not valid for this request');
  }
  const limit = page.maxResults ?? 100;
  let q = deps.db.kysely.selectFrom('flows').selectAll().where('instance_id', '=', instance.id);
  if (types?.length) q = q.where('type', 'in', types);
  if (after) {
    const { n, i } = after;
    q = q.where((eb) => eb.or([eb('name', '>', n), eb.and([eb('name', '=', n), eb('id', '>', i)])]));
  }
  const rows = await q.orderBy('name').orderBy('id').limit(limit + 1).execute();
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    ContactFlowSummaryList: shown.map((f) => ({
      Id: f.id,
      Arn: arns(deps.config).flow(instance.id, f.id),
      Name: f.name,
      ContactFlowType: f.type,
      ContactFlowState: f.state,
      ContactFlowStatus: f.status,
    })),
    ...(rows.length > limit && last ? { NextToken: sign(deps.secret, 'flow-list-page', { k: instance.id, t: filter, n: last.name, i: last.id } satisfies FlowCursor) } : {}),
  };
}

interface FlowCursor {
  k: string;
  t: string;
  n: string;
  i: string;
}
