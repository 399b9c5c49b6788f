import { startChat } from '../../test/helpers/chat.js';
import type { TestParley } from '../../test/helpers/parley.js';
import { eachStore, onEveryStatement } from './kit.js';

/**
 * The SQL statements one chat start (StartChatContact + CreateParticipantConnection on the seeded
 * inbound flow) executes, with the background passes it triggers, on SQLite and PostgreSQL.
 * Counts executions, not preparations: the SQLite adapter prepares each distinct statement once.
 * One start after another, then CONCURRENCY (default 16) at a time, as under load: there the
 * background passes (contact records, routing) and SQLite's group commits serve many starts each.
 *   npx tsx bench/tools/start-statements.ts [sqlite|postgres]
 */
const N = 20;
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const CONCURRENT_N = 8 * CONCURRENCY;
const SETTLE_MS = 150;
let counts: Map<string, number> | null = null;
let trace: string[] | null = null;
const count = (sql: string) => {
  if (counts) counts.set(sql, (counts.get(sql) ?? 0) + 1);
  trace?.push(sql);
};

onEveryStatement(count);

/** Counts the statements of `n` chat starts made by `clients` clients, each one start after another. */
async function countStarts(p: TestParley, what: string, n: number, clients: number): Promise<void> {
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  counts = new Map();
  let left = n;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (left-- > 0) await startChat(p);
    }),
  );
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const seen = counts;
  counts = null;
  const total = [...seen.values()].reduce((a, b) => a + b, 0);
  const begins = [...seen.entries()].filter(([s]) => /^begin/i.test(s)).reduce((a, [, k]) => a + k, 0);
  console.log(`\n${what}: ${(total / n).toFixed(1)} statements per chat start (${(begins / n).toFixed(1)} transactions)`);
  for (const [s, k] of [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${(k / n).toFixed(2).padStart(6)}  ${s.slice(0, 150)}`);
}

async function measure(p: TestParley, what: string): Promise<void> {
  for (let i = 0; i < 3; i++) await startChat(p); // warm-up: seeded rows, caches
  await countStarts(p, `${what}, one start at a time`, N, 1);
  await countStarts(p, `${what}, ${CONCURRENCY} at a time`, CONCURRENT_N, CONCURRENCY);
  if (!process.env.TRACE) return;
  // One start in order, to see which statements each transaction runs.
  trace = [];
  await startChat(p);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  for (const s of trace) console.log(`    ${s.slice(0, 150)}`);
  trace = null;
}

await eachStore(measure);
process.exit(0);
