import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The flow engine: flow versions (a contact runs the version it started on), the flow execution
 * stored with its contact segment, event hooks and the working queue carried across segments,
 * and per-block flow logs.
 */
export const m002: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('flows').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema
      .createTable('flow_versions')
      .addColumn('flow_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('flow_versions_pk', ['flow_id', 'version'])
      .execute();
    await sql`insert into flow_versions (flow_id, version, content, created_at) select id, 1, content, created_at from flows`.execute(db);
    for (const [name, type] of [
      ['flow_version', 'integer'],
      ['flow_state', 'text'],
      ['hooks', 'text'],
      ['working_queue_id', 'text'],
      ['queue_priority', 'integer'],
      ['queue_time_adjust_seconds', 'integer'],
    ] as const)
      await db.schema.alterTable('contacts').addColumn(name, type).execute();
    await db.schema
      .createTable('flow_logs')
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('flow_id', 'text', (c) => c.notNull())
      .addColumn('identifier', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('parameters', 'text', (c) => c.notNull())
      .addColumn('result', 'text')
      .addColumn('error', 'text')
      .addColumn('next', 'text')
      .addPrimaryKeyConstraint('flow_logs_pk', ['contact_id', 'n'])
      .execute();
  },
};
