import type { Kysely, Migration } from 'kysely';

/**
 * Views (ShowView, spec/flow-language.md §5.27): the instance's view resources, and each time a
 * flow showed one to a chat. An invocation is found by the hash of its view token (the token
 * itself is only in the interactive message), is scoped to its chat, keeps the view as it was
 * shown (DescribeView answers with that), and remembers the customer's response item so that a
 * view whose response is hidden (HideResponseOn TRANSCRIPT) can be presented redacted.
 */
export const m006: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('views')
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('template', 'text', (c) => c.notNull())
      .addColumn('input_schema', 'text', (c) => c.notNull())
      .addColumn('actions', 'text', (c) => c.notNull())
      .addColumn('managed', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('views_pk', ['instance_id', 'id'])
      .addUniqueConstraint('views_name', ['instance_id', 'name'])
      .execute();
    await db.schema
      .createTable('view_invocations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('view', 'text', (c) => c.notNull())
      .addColumn('hide_response', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('response_item_id', 'text')
      .execute();
    await db.schema.createIndex('view_invocations_response').on('view_invocations').columns(['response_item_id']).execute();
  },
};
