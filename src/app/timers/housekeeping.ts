import type { DeleteResult } from 'kysely';
import type { Db, Tx } from '../../adapters/store/db.js';
import type { Clock } from '../../core/ports.js';

/** How long a ClientToken is remembered: far beyond any SDK retry window. */
export const IDEMPOTENCY_RETENTION_MS = 48 * 3_600_000;

/**
 * Rows deleted per write. Every write waits for the one before it (one writer on SQLite), so a
 * backlog (after downtime, or a busy day of ClientTokens) is cleared in short writes that other
 * requests slot in between, never in one long one.
 */
export const HOUSEKEEPING_BATCH = 1000;

/**
 * How long contact records, and the handled events they are folded from, are kept: 24 months
 * from the contact's start, as Connect keeps contact records. Records are rebuilt from their
 * events (an attribute update of an old contact), so the two go together.
 */
export const CONTACT_RETENTION_MS = 730 * 86_400_000;

/**
 * Deletes what can no longer be used: expired socket tickets and connection tokens (wall clock,
 * as they face real clients), lapsed presence leases of agent sockets (wall clock), and
 * ClientTokens, agent sessions past their end and contact records and handled contact events past their retention (domain clock).
 * Returns how many rows went.
 */
export async function houseKeep(db: Db, clock: Clock): Promise<number> {
  const wall = Date.now();
  const forgotten = clock.now() - IDEMPOTENCY_RETENTION_MS;
  let n = 0;
  n += await inBatches(db, (tx) =>
    tx
      .deleteFrom('socket_tickets')
      .where('ticket_hash', 'in', tx.selectFrom('socket_tickets').select('ticket_hash').where('expires_at', '<', wall).limit(HOUSEKEEPING_BATCH))
      .executeTakeFirst(),
  );
  n += await inBatches(db, (tx) =>
    tx
      .deleteFrom('connection_tokens')
      .where('token_hash', 'in', tx.selectFrom('connection_tokens').select('token_hash').where('expires_at', '<', wall).limit(HOUSEKEEPING_BATCH))
      .executeTakeFirst(),
  );
  n += await inBatches(db, (tx) =>
    tx
      .deleteFrom('idempotency')
      .where((eb) =>
        eb(
          eb.refTuple('scope', 'client_token'),
          'in',
          eb.selectFrom('idempotency').select(['scope', 'client_token']).where('created_at', '<', forgotten).limit(HOUSEKEEPING_BATCH).$asTuple('scope', 'client_token'),
        ),
      )
      .executeTakeFirst(),
  );
  n += await inBatches(db, (tx) =>
    tx
      .deleteFrom('agent_sessions')
      .where('token_hash', 'in', tx.selectFrom('agent_sessions').select('token_hash').where('expires_at', '<', clock.now()).limit(HOUSEKEEPING_BATCH))
      .executeTakeFirst(),
  );
  const contactsBefore = clock.now() - CONTACT_RETENTION_MS;
  // A record and every event of its contact go in one write: a rebuild never sees half a log.
  n += await inBatches(db, async (tx) => {
    const old = (await tx.selectFrom('contact_records').select('contact_id').where('initiated_at', '<', contactsBefore).limit(HOUSEKEEPING_BATCH).execute()).map((r) => r.contact_id);
    if (!old.length) return { numDeletedRows: 0n };
    await tx.deleteFrom('contact_events').where('contact_id', 'in', old).where('done', '=', 1).execute();
    return tx.deleteFrom('contact_records').where('contact_id', 'in', old).executeTakeFirst();
  });
  // Presence rows are few (one per agent and node); a node that died leaves its rows behind.
  n += Number((await db.write((tx) => tx.deleteFrom('agent_presence').where('until', '<', wall).executeTakeFirst())).numDeletedRows);
  return n;
}

/** Runs one bounded delete per write until a write deletes less than a full batch. */
async function inBatches(db: Db, batch: (tx: Tx) => Promise<DeleteResult>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = Number((await db.write(batch)).numDeletedRows);
    total += deleted;
    if (deleted < HOUSEKEEPING_BATCH) return total;
  }
}
