import { sql } from 'kysely';
import { precompiled } from '../../adapters/store/compiled.js';
import type { Tx } from '../../adapters/store/db.js';
import { DomainError } from '../../core/errors.js';
import type { Deps } from '../deps.js';
import type { ChatRow } from './chat-records.js';

const count = precompiled((db, p: { instanceId: string }) => db.updateTable('instances').set({ active_chats: sql`active_chats + 1` }).where('id', '=', p.instanceId));
/** Counts under the limit: the instance's column and its shards (migration 014), read under the instance row's lock. */
const countUnder = precompiled((db, p: { instanceId: string; under: number }) =>
  db
    .updateTable('instances')
    .set({ active_chats: sql`active_chats + 1` })
    .where('id', '=', p.instanceId)
    .where(sql<number>`active_chats + (select coalesce(sum(n), 0) from active_chat_shards where instance_id = ${p.instanceId})`, '<', p.under),
);
const countInShard = precompiled((db, p: { instanceId: string; shard: number }) =>
  db
    .insertInto('active_chat_shards')
    .values({ instance_id: p.instanceId, shard: p.shard, n: 1 })
    .onConflict((oc) => oc.columns(['instance_id', 'shard']).doUpdateSet({ n: sql`active_chat_shards.n + 1` })),
);

/** Enough shards that concurrent starts seldom pick the same one. */
const SHARDS = 64;

/**
 * Counts the new chat against the instance's concurrent-chat quota. Last in the transaction: on
 * PostgreSQL the instance row stays locked until commit, so every chat start of the instance
 * waits for it; taken after the flow run, it is held only for the commit. Without a limit nothing
 * needs that lock: where writers commit concurrently the start adds to a random shard of the count
 * instead, and starts no longer wait for each other's commits. (Nodes that disagree on the limit
 * may then exceed it: the limit is per deployment.) A flow that ended the chat during its start
 * has already taken it off the count (endChat decrements unconditionally), so it is counted back
 * here and still refused when the instance is at its limit.
 */
export async function countActiveChat(deps: Deps, tx: Tx, instanceId: string, chat: ChatRow): Promise<void> {
  const limit = deps.config.maxActiveChats;
  if (limit === null && !deps.db.capabilities.singleWriter) {
    await countInShard.defer(tx, { instanceId, shard: Math.floor(Math.random() * SHARDS) });
    return;
  }
  // The run keeps the chat's row up to date but for ended_at (endChat writes it): read it when it matters.
  const ended = async () => (await tx.selectFrom('chats').select('ended_at').where('id', '=', chat.id).executeTakeFirstOrThrow()).ended_at !== null;
  const counted = limit === null ? await count.execute(tx, { instanceId }) : await countUnder.execute(tx, { instanceId, under: (await ended()) ? limit - 1 : limit });
  if (Number(counted.numAffectedRows ?? 0) === 0)
    throw new DomainError('LIMIT_EXCEEDED', `The instance has reached its limit of ${limit} concurrent active chats`);
}

/** An instance's active chats, for whoever reports them: its column plus its shards. */
export const activeChatsOf = (db: Tx) =>
  db
    .selectFrom('instances')
    .select(['id', 'alias'])
    .select(sql<number>`active_chats + (select coalesce(sum(n), 0) from active_chat_shards where instance_id = instances.id)`.as('active_chats'));
