import type { Kysely, Migration } from 'kysely';

/**
 * Usage metering (app/metering/usage.ts) counts the items written in a time range; without an
 * index on `at` every report reads the whole items table, the largest table there is.
 */
export const m011: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('items_at').on('items').column('at').execute();
  },
};
