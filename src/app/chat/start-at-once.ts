import { CompiledQuery } from 'kysely';
import type { Tx } from '../../adapters/store/db.js';
import type { IdempotencyKey } from '../../adapters/store/idempotency-repo.js';
import { idFromRef } from '../arn.js';
import { lookupKey, lookupsOf, type Lookup } from '../flows/read-ahead.js';

/** What a start reads before it runs its flow (start-chat.ts instanceAndFlow). */
export interface StartReads {
  row: { id: string; flow_id: string | null; flow_version: number | null; flow_type: string | null } | undefined;
  /** Whether the ClientToken's claim was inserted (undefined without a token, or without the instance). */
  claimed: boolean | undefined;
  /** The flow's lookups read ahead (read-ahead.ts), by lookupKey. */
  ahead: Map<string, unknown>;
}

/**
 * PostgreSQL: a start's first round trip does three things a statement each used to (every
 * round trip costs Node about 200 µs of CPU, BENCHMARKS.md): reads the instance and its flow,
 * claims the ClientToken as idempotency-repo.ts claimToken does (the same insert, `response`
 * being what it writes early), and reads the queues and flows the flow's last start looked up.
 * The claim is made even if the instance or flow turns out missing: the start then fails, and
 * its transaction, claim and all, rolls back. A claim taken by an earlier request inserts
 * nothing; the caller then reads that request's record in a statement of its own, which sees it
 * once committed (this statement's snapshot predates it).
 */
export async function readStart(tx: Tx, p: { instanceId: string; flowId: string; key: IdempotencyKey; early: unknown }): Promise<StartReads> {
  const lookups = lookupsOf(p.flowId);
  const { key } = p;
  const values: unknown[] = [key.scope, key.token ?? '', key.requestHash, p.early === undefined ? null : JSON.stringify(p.early), key.now, Boolean(key.token), p.instanceId, p.flowId];
  const param = (v: unknown) => `$${values.push(v)}`;
  const reads = lookups.map((l, i) => `(${aheadSql(l, param)}) as a${i}`);
  const sql = `with claim as (
  insert into idempotency (scope, client_token, request_hash, response, created_at)
  select $1::text, $2::text, $3::text, $4::text, $5::bigint where $6::boolean
  on conflict (scope, client_token) do nothing returning 1
)
select i.id, f.id as flow_id, f.version as flow_version, f.type as flow_type, (select count(*)::int from claim) as claimed${reads.map((r) => `, ${r}`).join('')}
from instances i left join flows f on f.instance_id = i.id and f.id = $8::text
where i.id = $7::text`;
  const { rows } = await tx.executeQuery(CompiledQuery.raw(sql, values));
  const first = rows[0] as (StartReads['row'] & { claimed: number } & Record<string, unknown>) | undefined;
  const ahead = new Map<string, unknown>();
  if (first) lookups.forEach((l, i) => ahead.set(lookupKey(l), first[`a${i}`] ?? null));
  const claimed = !key.token ? undefined : first ? first.claimed > 0 : undefined;
  return { row: first, claimed, ahead };
}

/**
 * The lookup's query (flow-refs.ts) as one row in JSON (pg parses it; the columns are text and
 * numbers, as read directly). `limit 1`: of an id matching one row and a name another, the
 * lookup takes the first row returned, in no set order either.
 */
function aheadSql(l: Lookup, param: (v: unknown) => string): string {
  const table = l.kind === 'queue' ? 'queues' : 'flows';
  const ofType = l.kind === 'flow' && l.type !== null ? ` and t.type = ${param(l.type)}::text` : '';
  return `select row_to_json(t) from ${table} t where t.instance_id = ${param(l.instanceId)}::text and (t.id = ${param(idFromRef(l.ref))}::text or t.name = ${param(l.ref)}::text)${ofType} limit 1`;
}
