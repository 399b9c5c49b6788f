import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { startTestParley, type TestParley } from '../../test/helpers/parley.js';
import { probePostgres, randomSchema } from '../../test/contract/stores.js';

/**
 * Runs `measure` on a test Parley over SQLite, then over PostgreSQL (in a fresh schema, dropped
 * afterwards), as the command line's first argument picks: sqlite, postgres or both (default).
 */
export async function eachStore(measure: (p: TestParley, store: string) => Promise<void>): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const which = process.argv[2] ?? 'both';
  if (which !== 'postgres') {
    const p = await startTestParley();
    try {
      await measure(p, 'SQLite');
    } finally {
      await p.stop();
    }
  }
  if (which === 'sqlite') return;
  const probe = await probePostgres();
  if (!probe.url) return console.log(`\nPostgreSQL skipped: ${probe.reason}`);
  const schema = randomSchema();
  const p = await startTestParley({ db: await openPostgres({ url: probe.url, schema }) });
  try {
    await measure(p, 'PostgreSQL');
  } finally {
    await p.stop();
    await dropSchema(probe.url, schema);
  }
}

/**
 * Calls `count` with the SQL of every statement executed from now on in this process: better-sqlite3's
 * run/get/all/iterate (not its prepares: the SQLite adapter prepares each distinct statement once)
 * and pg's query.
 */
export function onEveryStatement(count: (sql: string) => void): void {
  const probeDb = new SqliteDatabase(':memory:');
  const stmtProto = Object.getPrototypeOf(probeDb.prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
  probeDb.close();
  for (const m of ['run', 'get', 'all', 'iterate']) {
    const orig = stmtProto[m];
    stmtProto[m] = function (this: { source: string }, ...args: unknown[]) {
      count(this.source);
      return orig.apply(this, args);
    };
  }
  const clientProto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const query = clientProto.query;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0];
    count(typeof q === 'string' ? q : String((q as { text?: string }).text ?? ''));
    return query.apply(this, args);
  };
}
