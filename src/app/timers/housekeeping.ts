import type { Db } from '../../adapters/store/db.js';
import type { Clock } from '../../core/ports.js';

/** How long a ClientToken is remembered: far beyond any SDK retry window. */
export const IDEMPOTENCY_RETENTION_MS = 48 * 3_600_000;

/**
 * Deletes what can no longer be used: expired socket tickets and connection tokens (wall clock,
 * as they face real clients) and ClientTokens past their retention (domain clock).
 * Returns how many rows went.
 */
export async function houseKeep(db: Db, clock: Clock): Promise<number> {
  const wall = Date.now();
  return db.write(async (tx) => {
    const a = await tx.deleteFrom('socket_tickets').where('expires_at', '<', wall).executeTakeFirst();
    const b = await tx.deleteFrom('connection_tokens').where('expires_at', '<', wall).executeTakeFirst();
    const c = await tx.deleteFrom('idempotency').where('created_at', '<', clock.now() - IDEMPOTENCY_RETENTION_MS).executeTakeFirst();
    return Number(a.numDeletedRows) + Number(b.numDeletedRows) + Number(c.numDeletedRows);
  });
}
