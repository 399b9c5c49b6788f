/** The largest statement: 256 rows (or ids) at a time, well under both engines' bound-parameter limits. */
const MAX = 256;

/**
 * `items` cut into runs whose lengths are powers of two, for multi-row statements: one SQL text
 * per length instead of one per batch length, which would crowd the prepared statements of the hot
 * paths out of SQLite's statement cache (adapters/store/sqlite.ts); and at most a statement per
 * bit of the batch's length, each a round trip on PostgreSQL.
 */
export function inFixedChunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  let at = 0;
  for (let size = MAX; size >= 1; size /= 2) {
    for (; items.length - at >= size; at += size) out.push(items.slice(at, at + size));
  }
  return out;
}

/** `ids` in runs of at most 256 for IN lists, each padded to a power of two by repeating its last id (which selects nothing more): one statement per run. */
export function inLists(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let at = 0; at < ids.length; at += MAX) {
    const run = ids.slice(at, at + MAX);
    let size = 1;
    while (size < run.length) size *= 2;
    out.push([...run, ...Array<string>(size - run.length).fill(run[run.length - 1])]);
  }
  return out;
}
