import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Db } from './db.js';
import { GroupCommitter } from './group-commit.js';
import { migrate } from './migrations/index.js';
import type { Database } from './schema.js';

export interface SqliteOptions {
  /** A file path, or ':memory:'. */
  file: string;
  /** 'process' survives a crash of the process (WAL, synchronous=NORMAL); 'power' fsyncs every commit too. */
  durability: 'process' | 'power';
}

/** Opens (and migrates) the embedded store. */
export async function openSqlite(opts: SqliteOptions): Promise<Db> {
  if (opts.file !== ':memory:') fs.mkdirSync(path.dirname(opts.file), { recursive: true });
  const raw = new SqliteDatabase(opts.file);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`synchronous = ${opts.durability === 'power' ? 'FULL' : 'NORMAL'}`);
  raw.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  await migrate(kysely as Kysely<unknown>);
  const committer = new GroupCommitter(kysely);
  return {
    kysely,
    capabilities: { skipLocked: false, singleWriter: true },
    write: (fn) => committer.run(fn),
    async close() {
      await committer.drain();
      await kysely.destroy();
    },
  };
}

/** Distinct statements kept prepared: the hot paths use a few dozen; IN lists of every length make the rest. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The database as Kysely's SQLite driver sees it, preparing each distinct SQL text once: Kysely
 * prepares every query it runs, and preparing was a fifth of the server's CPU on the message path
 * (BENCHMARKS.md). Least recently used statements are dropped beyond the limit. A statement still
 * iterating (a streamed query) is busy and cannot run again meanwhile: that query gets a fresh one.
 */
function withStatementCache(raw: SqliteDatabase.Database): Pick<SqliteDatabase.Database, 'prepare' | 'close'> {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => raw.close(),
    prepare(source: string) {
      const cached = cache.get(source);
      if (cached && !cached.busy) {
        cache.delete(source);
        cache.set(source, cached);
        return cached;
      }
      const stmt = raw.prepare(source);
      if (!cached) {
        cache.set(source, stmt);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  } as Pick<SqliteDatabase.Database, 'prepare' | 'close'>;
}
