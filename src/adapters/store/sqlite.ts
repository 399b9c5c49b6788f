import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Db } from './db.js';
import { clearDirect, setDirect, type DirectExecutor } from './direct.js';
import { GroupCommitter } from './group-commit.js';
import { migrate } from './migrations/index.js';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';
import { WalCheckpointer } from './wal-checkpointer.js';

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
  const statements = withStatementCache(raw);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  await migrate(kysely as Kysely<unknown>);
  const checkpointer = opts.file === ':memory:' ? null : new WalCheckpointer(path.resolve(opts.file), (reason) => {
    process.emitWarning(`${reason}; SQLite checkpoints in its commits again`);
    raw.pragma('wal_autocheckpoint = 1000');
  });
  if (checkpointer) raw.pragma('wal_autocheckpoint = 0');
  // Out of a transaction a statement may run directly while no transaction holds the connection:
  // it is one synchronous statement, so it sees only what is committed, as through Kysely's queue.
  setDirect(kysely, direct(statements, raw, false));
  const inBatch = direct(statements, raw, true);
  const totalChanges = raw.prepare('select total_changes()').pluck();
  const committer = new GroupCommitter(kysely, {
    exec: (sql) => void statements.prepare(sql).run(),
    // Counts every row inserted, updated or deleted by the connection's statements that completed
    // (a failed statement's changes are undone by SQLite with it, and not counted).
    changes: () => (raw.inTransaction ? Number(totalChanges.get()) : null),
    opened: (tx) => setDirect(tx, inBatch),
    closed: (tx) => clearDirect(tx),
    committed: (writes) => checkpointer?.committed(writes),
    beforeBatch: () => checkpointer?.beforeWrite() ?? null,
  });
  return {
    kysely,
    capabilities: { skipLocked: false, singleWriter: true },
    write: (fn, opts) => committer.run(fn, opts),
    async close() {
      await committer.drain();
      await checkpointer?.close();
      await kysely.destroy();
    },
  };
}

/**
 * Runs a statement the way Kysely's SQLite driver does, on the connection itself: in a batch's
 * transaction (which holds the connection), or out of one while no transaction is open.
 */
function direct(statements: Pick<SqliteDatabase.Database, 'prepare'>, raw: SqliteDatabase.Database, inTransaction: boolean): DirectExecutor {
  return (sql, parameters) => {
    if (!inTransaction && raw.inTransaction) return null;
    const stmt = statements.prepare(sql);
    if (stmt.reader) return { rows: stmt.all(parameters) };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  };
}
