import type { Tx } from '../../adapters/store/db.js';
import { epochSeconds } from '../../core/time.js';
import type { Deps } from '../deps.js';
import { requireStandardQueue } from './agent-config-refs.js';
import { cursorOf, namePage } from './hours.js';
import { requireInstance } from './instances.js';
import { quickConnectSummary, requireQuickConnect } from './quick-connects.js';

/**
 * The quick connects offered to agents on a queue's contacts (AssociateQueueQuickConnects,
 * DisassociateQueueQuickConnects, ListQueueQuickConnects). Associating twice, or removing what is
 * not there, changes nothing; every quick connect named must exist.
 */
async function requireAll(tx: Tx, instanceId: string, refs: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const ref of refs) ids.push((await requireQuickConnect(tx, instanceId, ref)).id);
  return [...new Set(ids)];
}

/** AssociateQueueQuickConnects: idempotent; the queue must be STANDARD and every quick connect exist. */
export async function associateQueueQuickConnects(deps: Deps, instanceRef: string, queueRef: string, refs: string[]): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const queue = await requireStandardQueue(tx, instance.id, queueRef);
    const ids = await requireAll(tx, instance.id, refs);
    await tx
      .insertInto('queue_quick_connects')
      .values(ids.map((id) => ({ queue_id: queue.id, quick_connect_id: id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
}

/** DisassociateQueueQuickConnects: idempotent; the queue and every quick connect must exist. */
export async function disassociateQueueQuickConnects(deps: Deps, instanceRef: string, queueRef: string, refs: string[]): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const queue = await requireStandardQueue(tx, instance.id, queueRef);
    const ids = await requireAll(tx, instance.id, refs);
    await tx.deleteFrom('queue_quick_connects').where('queue_id', '=', queue.id).where('quick_connect_id', 'in', ids).execute();
  });
}

/** ListQueueQuickConnects pages by quick connect name (then id). */
export async function listQueueQuickConnects(deps: Deps, instanceRef: string, queueRef: string, page: { maxResults?: number; nextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const queue = await requireStandardQueue(deps.db.kysely, instance.id, queueRef);
  const key = `queue-quick-connects:${queue.id}`;
  const limit = page.maxResults ?? 100;
  const after = cursorOf(deps, key, page.nextToken);
  let q = deps.db.kysely
    .selectFrom('queue_quick_connects as a')
    .innerJoin('quick_connects as qc', 'qc.id', 'a.quick_connect_id')
    .select(['qc.id', 'qc.name', 'qc.type', 'qc.updated_at'])
    .where('a.queue_id', '=', queue.id);
  if (after) q = q.where((eb) => eb.or([eb('qc.name', '>', after.n), eb.and([eb('qc.name', '=', after.n), eb('qc.id', '>', after.i)])]));
  const { shown, NextToken } = namePage(deps, key, await q.orderBy('qc.name').orderBy('qc.id').limit(limit + 1).execute(), limit);
  return {
    QuickConnectSummaryList: shown.map((r) => quickConnectSummary(deps, instance.id, r)),
    ...(NextToken ? { NextToken } : {}),
    LastModifiedTime: epochSeconds(Number(queue.created_at)),
    LastModifiedRegion: deps.config.region,
  };
}
