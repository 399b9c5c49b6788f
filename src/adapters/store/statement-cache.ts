import type SqliteDatabase from 'better-sqlite3';

/** Distinct statements kept prepared: the hot paths use a few dozen; IN lists of every length make the rest. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The database as Kysely's SQLite driver sees it, preparing each distinct SQL text once: Kysely
 * prepares every query it runs, and preparing was a fifth of the server's CPU on the message path
 * (BENCHMARKS.md). Beyond `size` statements, one not used since the last eviction passed it goes
 * (second chance): a hit only sets a flag, since moving the entry to the end of the Map on every
 * hit cost a microsecond per statement. A statement still iterating (a streamed query) is busy and
 * cannot run again meanwhile: that query gets a fresh one.
 */
export function withStatementCache(raw: Pick<SqliteDatabase.Database, 'prepare' | 'close'>, size = STATEMENT_CACHE_SIZE): Pick<SqliteDatabase.Database, 'prepare' | 'close'> {
  const cache = new Map<string, { stmt: SqliteDatabase.Statement; used: boolean }>();
  const evictOne = () => {
    // Terminates: every entry passed is unflagged and moved to the end, so the second pass finds one.
    for (const [source, entry] of cache) {
      cache.delete(source);
      if (!entry.used) return;
      entry.used = false;
      cache.set(source, entry);
    }
  };
  return {
    close: () => raw.close(),
    prepare(source: string) {
      const cached = cache.get(source);
      if (cached && !cached.stmt.busy) {
        cached.used = true;
        return cached.stmt;
      }
      const stmt = raw.prepare(source);
      if (!cached) {
        // Room first, so that the newcomer is not the one evicted.
        if (cache.size >= size) evictOne();
        cache.set(source, { stmt, used: false });
      }
      return stmt;
    },
  } as Pick<SqliteDatabase.Database, 'prepare' | 'close'>;
}
