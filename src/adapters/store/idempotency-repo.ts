import type { Tx } from './db.js';

export type Claim = { fresh: true } | { fresh: false; sameRequest: boolean; response: string | null };

/**
 * Claims a client token for a scope by inserting it (unique constraint), not by reading first:
 * of two concurrent callers with one token, exactly one gets `fresh`. The other sees the
 * winner's row once it commits (PostgreSQL makes it wait on the index entry).
 */
export async function claimToken(tx: Tx, scope: string, token: string, requestHash: string, now: number): Promise<Claim> {
  const inserted = await tx
    .insertInto('idempotency')
    .values({ scope, client_token: token, request_hash: requestHash, response: null, created_at: now })
    .onConflict((oc) => oc.columns(['scope', 'client_token']).doNothing())
    .returning('scope')
    .executeTakeFirst();
  if (inserted) return { fresh: true };
  const row = await tx
    .selectFrom('idempotency')
    .select(['request_hash', 'response'])
    .where('scope', '=', scope)
    .where('client_token', '=', token)
    .executeTakeFirstOrThrow();
  return { fresh: false, sameRequest: row.request_hash === requestHash, response: row.response };
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
