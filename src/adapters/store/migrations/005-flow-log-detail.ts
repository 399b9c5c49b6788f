import type { Kysely, Migration } from 'kysely';

/** Why a block failed, when its ErrorType alone does not say (flow logs show it next to the error). */
export const m005: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('flow_logs').addColumn('detail', 'text').execute();
  },
};
