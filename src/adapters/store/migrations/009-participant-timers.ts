import type { Kysely, Migration } from 'kysely';

/**
 * Participant timers (UpdateParticipantRoleConfig): the chat's idle and auto-disconnect timer
 * configuration, the one in force since the last agent joined, and who is idle, as one JSON
 * document per chat (app/chat/participant-timer-state.ts). Null: never configured.
 */
export const m009: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('chats').addColumn('participant_timers', 'text').execute();
  },
};
