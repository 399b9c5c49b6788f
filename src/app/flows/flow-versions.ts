import { afterCommit, type Db, type Tx } from '../../adapters/store/db.js';
import type { FlowDocument } from '../../core/flow/flow-document.js';

/**
 * Flow versions read so far, per store. A version is never changed once written (an edit writes
 * the next version; a deleted flow keeps its versions), so it is safe to keep for the life of the
 * process, on every node. A chat start used to read its versions four times (BENCHMARKS.md).
 */
const cached = new WeakMap<Db, Map<string, FlowDocument>>();

/** Bounds the memory of an instance with many edited flows; the versions in use come back in one read. */
const MAX_VERSIONS = 2000;

/**
 * The content of one version of a flow (contacts run the version they started on), or null.
 * A version read inside a transaction is kept only once that transaction commits: with group
 * commit it may have been written by another write of the same transaction, which could still
 * roll back, and a later edit would then write other content under the same number.
 */
export async function flowVersion(db: Db, tx: Tx, flowId: string, version: number): Promise<FlowDocument | null> {
  let versions = cached.get(db);
  if (!versions) cached.set(db, (versions = new Map()));
  const key = `${flowId}\u0000${version}`;
  const hit = versions.get(key);
  if (hit) return hit;
  const row = await tx.selectFrom('flow_versions').select('content').where('flow_id', '=', flowId).where('version', '=', version).executeTakeFirst();
  if (!row) return null;
  // Frozen: every contact on this version shares the object, so no reader may change it.
  const doc = deepFreeze(JSON.parse(row.content) as FlowDocument);
  const keep = () => {
    if (versions.size >= MAX_VERSIONS) versions.delete(versions.keys().next().value!);
    versions.set(key, doc);
  };
  if (tx.isTransaction) afterCommit(tx, keep);
  else keep();
  return doc;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
