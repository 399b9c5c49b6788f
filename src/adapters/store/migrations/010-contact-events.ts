import { type Kysely, type Migration, PostgresAdapter } from 'kysely';

/**
 * Contact events and contact records. Every change of a contact segment that a record, a metric
 * or a webhook needs is appended to `contact_events` in the transaction that makes it (the
 * outbox, DESIGN.md): `done` = 0 until the projector (app/contacts/projector.ts) has folded it
 * into the segment's row in `contact_records` and handed it to the webhooks. Records keep the
 * columns that searches and historical metrics filter on; the whole record is JSON.
 */
export const m010: Migration = {
  async up(db: Kysely<unknown>) {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable('contact_events')
      .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('contact_events_contact').on('contact_events').columns(['contact_id', 'seq']).execute();
    await db.schema.createIndex('contact_events_pending').on('contact_events').columns(['done', 'seq']).execute();
    await db.schema.createIndex('contact_events_type_at').on('contact_events').columns(['instance_id', 'type', 'at']).execute();
    await db.schema
      .createTable('contact_records')
      .addColumn('contact_id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('initiation_method', 'text', (c) => c.notNull())
      .addColumn('queue_id', 'text')
      .addColumn('agent_id', 'text')
      .addColumn('routing_profile_id', 'text')
      .addColumn('initiated_at', 'bigint', (c) => c.notNull())
      .addColumn('enqueued_at', 'bigint')
      .addColumn('connected_to_agent_at', 'bigint')
      .addColumn('disconnected_at', 'bigint')
      .addColumn('completed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .execute();
    for (const col of ['disconnected_at', 'initiated_at', 'enqueued_at', 'connected_to_agent_at', 'updated_at'])
      await db.schema.createIndex(`contact_records_${col}`).on('contact_records').columns(['instance_id', col]).execute();
  },
};
