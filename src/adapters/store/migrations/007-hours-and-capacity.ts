import type { Kysely, Migration } from 'kysely';

/**
 * Hours of operation (Connect's weekly Config and its overrides, both as JSON, in an IANA time
 * zone) for CheckHoursOfOperation, and what a queue adds for routing: its hours and its maximum
 * of contacts in queue (null: no limit) for QueueAtCapacity. Contacts get an index by queue and
 * state: the capacity check counts a queue's QUEUED contacts on every enqueue, and without it that
 * scans every contact ever made.
 */
export const m007: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('hours_of_operation')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('overrides', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('hours_of_operation_name', ['instance_id', 'name'])
      .execute();
    await db.schema.alterTable('queues').addColumn('hours_of_operation_id', 'text').execute();
    await db.schema.alterTable('queues').addColumn('max_contacts', 'integer').execute();
    await db.schema.createIndex('contacts_queue_state').on('contacts').columns(['queue_id', 'state']).execute();
  },
};
