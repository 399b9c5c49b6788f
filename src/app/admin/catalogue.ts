import { epochSeconds } from '../../core/time.js';
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

export async function listContactFlows(deps: Deps, ref: string, types: string[] | undefined) {
  const instance = await requireInstance(deps.db.kysely, ref);
  let q = deps.db.kysely.selectFrom('flows').selectAll().where('instance_id', '=', instance.id);
  if (types?.length) q = q.where('type', 'in', types);
  const rows = await q.orderBy('name').execute();
  return {
    ContactFlowSummaryList: rows.map((f) => ({
      Id: f.id,
      Arn: arns(deps.config).flow(instance.id, f.id),
      Name: f.name,
      ContactFlowType: f.type,
      ContactFlowState: f.state,
      ContactFlowStatus: f.status,
    })),
  };
}
