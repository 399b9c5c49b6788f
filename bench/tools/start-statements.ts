import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { openPostgres, dropSchema } from '../../src/adapters/store/postgres.js';
import { startChat } from '../../test/helpers/chat.js';
import { startTestParley, type TestParley } from '../../test/helpers/parley.js';
import { probePostgres, randomSchema } from '../../test/contract/stores.js';

/**
 * The SQL statements one chat start (StartChatContact + CreateParticipantConnection on the seeded
 * inbound flow) executes, with the background passes it triggers, on SQLite and PostgreSQL.
 * Counts executions, not preparations: the SQLite adapter prepares each distinct statement once.
 *   npx tsx bench/tools/start-statements.ts [sqlite|postgres]
 */
const N = 20;
const SETTLE_MS = 150;
let counts: Map<string, number> | null = null;
let trace: string[] | null = null;
const count = (sql: string) => {
  if (counts) counts.set(sql, (counts.get(sql) ?? 0) + 1);
  trace?.push(sql);
};

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

async function measure(p: TestParley, what: string): Promise<void> {
  for (let i = 0; i < 3; i++) await startChat(p); // warm-up: seeded rows, caches
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  counts = new Map();
  for (let i = 0; i < N; i++) await startChat(p);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const seen = counts;
  counts = null;
  const total = [...seen.values()].reduce((a, b) => a + b, 0);
  const begins = [...seen.entries()].filter(([s]) => /^begin/i.test(s)).reduce((a, [, n]) => a + n, 0);
  console.log(`\n${what}: ${(total / N).toFixed(1)} statements per chat start (${(begins / N).toFixed(1)} transactions)`);
  for (const [s, n] of [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${(n / N).toFixed(2).padStart(6)}  ${s.slice(0, 150)}`);
  if (!process.env.TRACE) return;
  // One start in order, to see which statements each transaction runs.
  trace = [];
  await startChat(p);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  for (const s of trace) console.log(`    ${s.slice(0, 150)}`);
  trace = null;
}

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
if (which !== 'sqlite') {
  const probe = await probePostgres();
  if (!probe.url) console.log(`\nPostgreSQL skipped: ${probe.reason}`);
  else {
    const schema = randomSchema();
    const p = await startTestParley({ db: await openPostgres({ url: probe.url, schema }) });
    try {
      await measure(p, 'PostgreSQL');
    } finally {
      await p.stop();
      await dropSchema(probe.url, schema);
    }
  }
}
process.exit(0);
