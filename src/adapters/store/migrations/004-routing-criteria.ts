import type { Kysely, Migration } from 'kysely';

/**
 * Routing criteria (UpdateRoutingCriteria) stored on the contact segment as JSON, for routing to
 * read: the steps (preferred agents, proficiencies) with their expiries.
 */
export const m004: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('contacts').addColumn('routing_criteria', 'text').execute();
  },
};
