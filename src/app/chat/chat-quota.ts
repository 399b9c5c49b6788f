import { sql } from 'kysely';
import { precompiled } from '../../adapters/store/compiled.js';
import type { Tx } from '../../adapters/store/db.js';
import { DomainError } from '../../core/errors.js';
import type { Deps } from '../deps.js';
import type { ChatRow } from './chat-records.js';

const count = precompiled((db, p: { instanceId: string }) => db.updateTable('instances').set({ active_chats: sql`active_chats + 1` }).where('id', '=', p.instanceId));
const countUnder = precompiled((db, p: { instanceId: string; under: number }) =>
  db.updateTable('instances').set({ active_chats: sql`active_chats + 1` }).where('id', '=', p.instanceId).where('active_chats', '<', p.under),
);

/**
 * Counts the new chat against the instance's concurrent-chat quota. Last in the transaction: on
 * PostgreSQL the instance row stays locked until commit, so every chat start of the instance
 * waits for it; taken after the flow run, it is held only for the commit. A flow that ended the
 * chat during its start has already taken it off the count (endChat decrements unconditionally),
 * so it is counted back here and still refused when the instance is at its limit.
 */
export async function countActiveChat(deps: Deps, tx: Tx, instanceId: string, chat: ChatRow): Promise<void> {
  const limit = deps.config.maxActiveChats;
  // The run keeps the chat's row up to date but for ended_at (endChat writes it): read it when it matters.
  const ended = async () => (await tx.selectFrom('chats').select('ended_at').where('id', '=', chat.id).executeTakeFirstOrThrow()).ended_at !== null;
  const counted = limit === null ? await count.execute(tx, { instanceId }) : await countUnder.execute(tx, { instanceId, under: (await ended()) ? limit - 1 : limit });
  if (Number(counted.numAffectedRows ?? 0) === 0)
    throw new DomainError('LIMIT_EXCEEDED', `The instance has reached its limit of ${limit} concurrent active chats`);
}
