import { CompiledQuery } from 'kysely';
import { precompiled } from '../../adapters/store/compiled.js';
import type { Tx } from '../../adapters/store/db.js';
import { isUniqueViolation } from '../../adapters/store/unique-violation.js';
import type { IdempotencyKey } from '../../adapters/store/idempotency-repo.js';
import { idFromRef } from '../arn.js';
import { lookupKey, lookupsOf, type Lookup } from '../flows/read-ahead.js';

/** What a start reads before it runs its flow (start-chat.ts instanceAndFlow). */
export interface StartReads {
  row: { id: string; flow_id: string | null; flow_version: number | null; flow_type: string | null } | undefined;
  /**
   * `claim: 'now'`: whether the ClientToken's claim was inserted; 'at-commit': whether the token is
   * still free. Undefined without a token, or without the instance.
   */
  claimed: boolean | undefined;
  /** The flow's lookups read ahead (read-ahead.ts), by lookupKey. */
  ahead: Map<string, unknown>;
}

/**
 * PostgreSQL: a start's first round trip does three things a statement each used to (every
 * round trip costs Node about 200 µs of CPU, BENCHMARKS.md): reads the instance and its flow,
 * reads the queues and flows the flow's last start looked up, and (`claim: 'now'`) claims the
 * ClientToken as idempotency-repo.ts claimToken does (the same insert, `response` being what it
 * writes early). The claim is made even if the instance or flow turns out missing: the start then
 * fails, and its transaction, claim and all, rolls back. A claim taken by an earlier request
 * inserts nothing; the caller then reads that request's record in a statement of its own, which
 * sees it once committed (this statement's snapshot predates it).
 * With `claim: 'at-commit'` the statement only reads, and says whether the token is still free
 * (`claimed: true` then, as if this start had claimed it: StartReads.claimed); if it is, the
 * caller claims it with claimAtCommit, whose unique index refuses a claim taken meanwhile.
 */
export async function readStart(
  tx: Tx,
  p: { instanceId: string; flowId: string; key: IdempotencyKey; early: unknown; claim: 'now' | 'at-commit' },
): Promise<StartReads> {
  const lookups = lookupsOf(p.flowId);
  const { key } = p;
  const now = p.claim === 'now';
  const values: unknown[] = now
    ? [key.scope, key.token ?? '', key.requestHash, p.early === undefined ? null : JSON.stringify(p.early), key.now, Boolean(key.token)]
    : [key.scope, key.token ?? ''];
  const param = (v: unknown) => `$${values.push(v)}`;
  const instanceId = param(p.instanceId);
  const flowId = param(p.flowId);
  const reads = lookups.map((l, i) => `, (${aheadSql(l, param)}) as a${i}`).join('');
  const claimSql = now
    ? `with claim as (
  insert into idempotency (scope, client_token, request_hash, response, created_at)
  select $1::text, $2::text, $3::text, $4::text, $5::bigint where $6::boolean
  on conflict (scope, client_token) do nothing returning 1
)
select (select count(*)::int from claim) > 0 as claimed`
    : `select not exists (select 1 from idempotency where scope = $1::text and client_token = $2::text) as claimed`;
  const sql = `${claimSql}, i.id, f.id as flow_id, f.version as flow_version, f.type as flow_type${reads}
from instances i left join flows f on f.instance_id = i.id and f.id = ${flowId}::text
where i.id = ${instanceId}::text`;
  const { rows } = await tx.executeQuery(CompiledQuery.raw(sql, values));
  const first = rows[0] as (StartReads['row'] & { claimed: boolean } & Record<string, unknown>) | undefined;
  const ahead = new Map<string, unknown>();
  if (first) lookups.forEach((l, i) => ahead.set(lookupKey(l), first[`a${i}`] ?? null));
  const claimed = !key.token || !first ? undefined : first.claimed;
  return { row: first, claimed, ahead };
}

const insertClaim = precompiled((db, p: { scope: string; token: string; requestHash: string; response: string; now: number }) =>
  db.insertInto('idempotency').values({ scope: p.scope, client_token: p.token, request_hash: p.requestHash, response: p.response, created_at: p.now }),
);

/**
 * Claims the ClientToken with the transaction's held-back writes (deferred-writes.ts), so that a
 * start begun lazily goes out as one statement (lazy-begin.ts), after readStart found it not
 * claimed. Unlike every other held-back write this one can fail: when another request claimed the
 * token meanwhile, the unique index refuses it (after waiting for that request's commit), the
 * whole statement or transaction with it, and the caller starts again on the general path, which
 * then answers as it would have (isClaimRace).
 */
export async function claimAtCommit(tx: Tx, key: IdempotencyKey & { token: string }, early: unknown): Promise<void> {
  await insertClaim.defer(tx, { scope: key.scope, token: key.token, requestHash: key.requestHash, response: JSON.stringify(early), now: key.now });
}

/** The refusal of claimAtCommit's claim. */
export const isClaimRace = (e: unknown): boolean => isUniqueViolation(e) && (e as { constraint?: string }).constraint === 'idempotency_pk';

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
