import { invalidRequest } from '../../core/errors.js';
import { precompiled } from './compiled.js';
import type { Tx } from './db.js';

export type Claim = { fresh: true } | { fresh: false; sameRequest: boolean; response: string | null };

// Every SendMessage claims its ClientToken: built once (compiled.ts).
const insertClaim = precompiled((db, p: { scope: string; token: string; requestHash: string; response: string | null; now: number }) =>
  db
    .insertInto('idempotency')
    .values({ scope: p.scope, client_token: p.token, request_hash: p.requestHash, response: p.response, created_at: p.now })
    .onConflict((oc) => oc.columns(['scope', 'client_token']).doNothing())
    .returning('scope'),
);
const claimed = precompiled((db, p: { scope: string; token: string }) =>
  db.selectFrom('idempotency').select(['request_hash', 'response']).where('scope', '=', p.scope).where('client_token', '=', p.token),
);

/**
 * Claims a client token for a scope by inserting it (unique constraint), not by reading first:
 * of two concurrent callers with one token, exactly one gets `fresh`. The other sees the
 * winner's row once it commits (PostgreSQL makes it wait on the index entry). `response`, when
 * known before the work, is written with the claim itself, so no second write is needed.
 */
export async function claimToken(tx: Tx, scope: string, token: string, requestHash: string, now: number, response?: unknown, inserted?: boolean): Promise<Claim> {
  inserted ??= (await insertClaim.first(tx, { scope, token, requestHash, response: response === undefined ? null : JSON.stringify(response), now })) !== undefined;
  if (inserted) return { fresh: true };
  const row = await claimed.first(tx, { scope, token });
  if (!row) throw new Error(`idempotency record ${scope}/${token} vanished`);
  return { fresh: false, sameRequest: row.request_hash === requestHash, response: row.response };
}

/**
 * Claims a client token read as free in this transaction where writes are serialized (items-repo
 * senderState), so nothing can have claimed it since: it throws only if that did not hold.
 */
export async function claimFreeToken(tx: Tx, scope: string, token: string, requestHash: string, now: number, response: unknown): Promise<void> {
  if (!(await claimToken(tx, scope, token, requestHash, now, response)).fresh) throw new Error(`ClientToken ${scope}/${token} claimed since it was read as free`);
}

/** Records the response that a repeat of the claimed request gets. */
export async function recordResponse(tx: Tx, scope: string, token: string, response: unknown): Promise<void> {
  await tx
    .updateTable('idempotency')
    .set({ response: JSON.stringify(response) })
    .where('scope', '=', scope)
    .where('client_token', '=', token)
    .execute();
}

/** The key of an idempotent request: without a ClientToken the work simply runs. */
export interface IdempotencyKey {
  scope: string;
  token: string | undefined;
  /** A stable hash of the request (app/request-hash.ts): the same token with another request is refused. */
  requestHash: string;
  now: number;
}

/**
 * How to do the work once and answer a repeat. `recorded` is what a repeat is rebuilt from: give
 * it as `early` when it is known before the work (written with the claim, one write), or as
 * `record(result)` otherwise (one update after the work). Record no secrets: `replay` can
 * recompute them.
 */
export interface IdempotentWork<T, R> {
  run(): Promise<T>;
  early?: R;
  record?(result: T): R;
  replay(recorded: R): T | Promise<T>;
}

/**
 * Runs `work` once per (scope, ClientToken), inside the caller's transaction: the first request
 * runs it, a repeat with the same request gets `replay` of what was recorded (fresh: false), and
 * the same token with another request is INVALID_REQUEST. `inserted`: the caller already made the
 * claim's insert in this transaction (with `work.early` as its response), and whether it inserted.
 */
export async function idempotent<T, R>(tx: Tx, key: IdempotencyKey, work: IdempotentWork<T, R>, inserted?: boolean): Promise<{ result: T; fresh: boolean }> {
  if (!key.token) return { result: await work.run(), fresh: true };
  const claim = await claimToken(tx, key.scope, key.token, key.requestHash, key.now, work.early, inserted);
  if (!claim.fresh) {
    if (!claim.sameRequest) throw invalidRequest('ClientToken was already used for a different request');
    return { result: await work.replay(JSON.parse(claim.response ?? 'null') as R), fresh: false };
  }
  const result = await work.run();
  if (work.early === undefined && work.record) await recordResponse(tx, key.scope, key.token, work.record(result));
  return { result, fresh: true };
}
