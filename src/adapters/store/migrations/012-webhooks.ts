import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Contact-event webhooks (app/webhooks/). `webhooks` holds what a user configured; its `secret`
 * is the HMAC key of the signatures, sealed with the server secret (app/webhooks/secret-box.ts).
 * `webhook_deliveries` is an outbox of its own: one row per (webhook, contact event), with the
 * body as it will be sent, written in the projector's transaction; the dispatcher sends the
 * oldest undelivered row of each (webhook, contact) when `next_attempt_at` is due, and pushes
 * `next_attempt_at` forward to claim it (a lease) and after each failure (the backoff).
 */
export const m012: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('webhooks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('event_types', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('webhooks_name', ['instance_id', 'name'])
      .execute();
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('webhook_id', 'text', (c) => c.notNull())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('event_seq', 'bigint', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('last_attempt_at', 'bigint')
      .addColumn('delivered_at', 'bigint')
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      // The projector may hand an event over again after a crash: it is enqueued once.
      .addUniqueConstraint('webhook_deliveries_event', ['webhook_id', 'event_seq'])
      .execute();
    // What the dispatcher scans: undelivered rows by due time, and a contact's oldest undelivered row.
    const undelivered = sql<boolean>`delivered_at is null`;
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').column('next_attempt_at').where(undelivered).execute();
    await db.schema.createIndex('webhook_deliveries_head').on('webhook_deliveries').columns(['webhook_id', 'contact_id', 'event_seq']).where(undelivered).execute();
    await db.schema.createIndex('webhook_deliveries_delivered').on('webhook_deliveries').column('delivered_at').execute();
  },
};
