import type { Kysely, Migration } from 'kysely';

/**
 * Indexes for housekeeping: it deletes expired socket tickets and connection tokens and old
 * ClientTokens in batches, each batch a write that every other writer waits for (one writer on
 * SQLite); without these, each batch scans the whole table.
 */
export const m003: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('idempotency_created').on('idempotency').column('created_at').execute();
    await db.schema.createIndex('connection_tokens_expires').on('connection_tokens').column('expires_at').execute();
    await db.schema.createIndex('socket_tickets_expires').on('socket_tickets').column('expires_at').execute();
  },
};
