import { Kysely, PostgresDialect, sql, type DatabaseConnection } from 'kysely';
import pg from 'pg';
import { dropCommitHooks, runCommitHooks, type Db } from './db.js';
import { setDeferred, type DeferredWrites } from './deferred-writes.js';
import { LAZY_ISOLATION, lazyTransactionsOn } from './lazy-begin.js';
import { migrate } from './migrations/index.js';
import type { Database } from './schema.js';

// bigint columns hold epoch milliseconds and counters, all well within 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export interface PostgresOptions {
  url: string;
  /** Use (and create) this schema instead of public: tests give each file its own. */
  schema?: string;
  poolSize?: number;
}

/** Opens (and migrates) a PostgreSQL store. Concurrent writers commit in parallel; PostgreSQL groups their WAL flushes. */
export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  if (opts.schema) {
    const admin = new pg.Client({ connectionString: opts.url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists "${opts.schema.replace(/"/g, '')}"`);
    } catch (e) {
      // `if not exists` is not atomic: a node opening the same schema at once makes the loser hit
      // the catalog's unique index (23505) or see the schema appear (42P06). Either way it exists.
      const code = (e as { code?: string }).code;
      if (code !== '23505' && code !== '42P06') throw e;
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    ...(opts.schema ? { options: `-c search_path="${opts.schema}"` } : {}),
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool, onCreateConnection: async (c) => void deferringOn(c) }) });
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(kysely);
  await migrateDespiteConcurrentDrops(kysely, opts.schema ?? rows[0]?.schema ?? undefined);
  return {
    kysely,
    capabilities: { skipLocked: true, singleWriter: false },
    async write(fn, options) {
      let open: Kysely<Database> | null = null;
      try {
        const begin = options?.beginLazily ? kysely.transaction().setIsolationLevel(LAZY_ISOLATION) : kysely.transaction();
        const value = await begin.execute(async (tx) => {
          open = tx;
          const connection = await tx.getExecutor().provideConnection(async (c) => c);
          const deferred = deferrals.get(connection);
          if (deferred) setDeferred(tx, deferred);
          return fn(tx);
        });
        runCommitHooks(open!);
        return value;
      } catch (e) {
        if (open) dropCommitHooks(open, 0);
        throw e;
      }
    },
    async autocommit(name, text, values) {
      return (await pool.query({ name, text, values: values as unknown[] })).rows;
    },
    async close() {
      await kysely.destroy();
    },
  };
}

const deferrals = new WeakMap<DatabaseConnection, DeferredWrites>();

/** Lets a connection hold back writes and, when asked, BEGIN (lazy-begin.ts). */
function deferringOn(connection: DatabaseConnection): void {
  deferrals.set(connection, lazyTransactionsOn(connection));
}

/**
 * Kysely's migrator looks for its tables by reading the catalog of every schema of the
 * database, and that read fails (3F000, 42P01) when another client drops a schema at that moment
 * (another app sharing the database; parallel test files). Nothing of ours was touched: retry.
 */
async function migrateDespiteConcurrentDrops(kysely: Kysely<Database>, schema: string | undefined): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrate(kysely as Kysely<unknown>, schema);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt >= 5 || (code !== '3F000' && code !== '42P01')) throw e;
    }
  }
}

/** Drops a test schema. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const k = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  await sql.raw(`drop schema if exists "${schema.replace(/"/g, '')}" cascade`).execute(k);
  await k.destroy();
}
