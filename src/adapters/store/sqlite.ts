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
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
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
