import type { Kysely, Migration } from 'kysely';

/**
 * Shards of an instance's concurrent-chat count (app/chat/chat-quota.ts): where several writers
 * commit at once (PostgreSQL) and no limit is set, a chat start adds one to a random shard instead
 * of updating the instance's row, which every start of the instance would otherwise wait for. An
 * instance's count is its `active_chats` plus the sum of its shards; a shard may go negative.
 */
export const m014: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('active_chat_shards')
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('shard', 'integer', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('active_chat_shards_pk', ['instance_id', 'shard'])
      .execute();
  },
};
