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
 * How long a handled contact event is kept: the records hold what they say, but historical
 * metrics read offers from the log over their 3-month window (GetMetricDataV2's retention).
 */
export const CONTACT_EVENT_RETENTION_MS = 100 * 86_400_000;

/**
 * Deletes what can no longer be used: expired socket tickets and connection tokens (wall clock,
 * as they face real clients), lapsed presence leases of agent sockets (wall clock), and
 * ClientTokens, agent sessions past their end and handled contact events past their retention (domain clock).
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
  const eventsBefore = clock.now() - CONTACT_EVENT_RETENTION_MS;
  n += await inBatches(db, (tx) =>
    tx
      .deleteFrom('contact_events')
      .where('seq', 'in', tx.selectFrom('contact_events').select('seq').where('done', '=', 1).where('at', '<', eventsBefore).limit(HOUSEKEEPING_BATCH))
      .executeTakeFirst(),
  );
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
