import fs from 'node:fs';
import path from 'node:path';
import { IN_CI, probePostgres } from '../test/contract/stores.js';
import { REPO_ROOT } from './lib/child.js';
import { machineFacts } from './lib/machine.js';
import { formatProfile } from './lib/profile.js';
import { updateLatest } from './lib/latest.js';
import { fmtRatio, textTable } from './lib/table.js';
import { STORES, type BenchOptions, type ProfileSummary, type Row, type StoreName } from './lib/types.js';
import { SCENARIOS } from './registry.js';

const USAGE = `npm run bench -- [--quick] [--only <n|id>[,…]] [--store sqlite|postgres|both] [--profile]
  --quick     short runs (about a minute on an idle machine): the CI smoke run
  --only      scenarios by number or id, comma-separated (bench/registry.ts lists them)
  --store     the stores Parley runs on (default both; PostgreSQL at PARLEY_TEST_DATABASE_URL or 127.0.0.1:5432/test)
  --profile   CPU-profile the servers (and the in-process engine): top functions printed, profiles under bench/results/profiles/`;

function parseArgs(argv: string[]) {
  const out = { quick: false, profile: false, only: null as string[] | null, store: 'both' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') out.quick = true;
    else if (a === '--profile') out.profile = true;
    else if (a === '--only') out.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--store') out.store = argv[++i] ?? '';
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  if (out.store !== 'both' && !STORES.includes(out.store as StoreName)) throw new Error(`--store ${out.store}: expected sqlite, postgres or both`);
  return out;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const started = Date.now();
  const machine = machineFacts();
  const stamp = machine.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const resultsDir = path.join(REPO_ROOT, 'bench/results');
  const notes: string[] = [];
  let stores: StoreName[] = args.store === 'both' ? [...STORES] : [args.store as StoreName];
  const postgres = stores.includes('postgres') ? await probePostgres() : { url: null, reason: 'not asked for' };
  if (stores.includes('postgres') && !postgres.url) {
    if (args.store === 'postgres' || IN_CI) throw new Error(postgres.reason ?? 'PostgreSQL unavailable');
    notes.push(`PostgreSQL skipped: ${postgres.reason}`);
    stores = stores.filter((s) => s !== 'postgres');
  }
  const options: BenchOptions = { quick: args.quick, stores, profile: args.profile, profileDir: path.join(resultsDir, 'profiles', stamp), postgres: postgres as BenchOptions['postgres'] };
  const scenarios = await Promise.all(SCENARIOS.map((load) => load()));
  const chosen = args.only ? scenarios.filter((s) => args.only!.includes(String(s.number)) || args.only!.includes(s.id)) : scenarios;
  if (!chosen.length) throw new Error(`--only ${args.only?.join(',')}: no such scenario\n${USAGE}`);

  console.log(`Parley benchmarks (${args.quick ? 'quick' : 'full'}): ${chosen.map((s) => s.number).join(', ')} on ${stores.join(' and ')}; load average ${machine.loadAverage.map((l) => l.toFixed(1)).join(' ')} on ${machine.cpuCount} cores`);
  const rows: Row[] = [];
  const profiles: ProfileSummary[] = [];
  const failures: string[] = [];
  const shared = new Map<string, unknown>();
  /** What each scenario produced, by id, for latest-full. */
  const produced: Record<string, { rows: Row[]; notes: string[] }> = {};
  for (const s of chosen) {
    const mine = (produced[s.id] = { rows: [] as Row[], notes: [] as string[] });
    const t0 = Date.now();
    console.log(`\n${s.number}. ${s.title}`);
    try {
      await s.run({
        options,
        shared,
        row: (r) => {
          rows.push(r);
          mine.rows.push(r);
          console.log(`  ${r.store.padEnd(8)} ${r.metric}: Parley ${r.parley}, baseline ${r.baseline}${r.ratio === null ? '' : `, ratio ${fmtRatio(r.ratio)}`}${r.met === null ? '' : r.met ? ' (target met)' : ' (target NOT met)'}`);
        },
        profile: (p) => {
          profiles.push(p);
          console.log(formatProfile(p));
        },
        note: (text) => {
          notes.push(`${s.number}. ${text}`);
          mine.notes.push(text);
          console.log(`  note: ${text}`);
        },
      });
    } catch (e) {
      const why = e instanceof Error ? (e.stack ?? e.message) : String(e);
      failures.push(`${s.number} ${s.id}: ${why}`);
      console.error(`  FAILED: ${why}`);
    }
    console.log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  console.log(`\n${textTable(rows)}\n`);
  for (const n of notes) console.log(`note: ${n}`);

  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${stamp}-${args.quick ? 'quick' : 'full'}.json`);
  const result = { mode: args.quick ? 'quick' : 'full', machine, durationS: (Date.now() - started) / 1000, stores, scenarios: chosen.map((s) => s.id), rows, notes, profiles, failures };
  fs.writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`results: ${path.relative(REPO_ROOT, file)} (${result.durationS.toFixed(0)} s)`);
  if (!args.quick && !args.profile) {
    const ran = chosen.filter((c) => !failures.some((f) => f.startsWith(`${c.number} ${c.id}:`)));
    const runs = Object.fromEntries(ran.map((c) => [c.id, { machine, ...produced[c.id] }]));
    updateLatest(resultsDir, scenarios.map((c) => c.id), runs);
  }
  if (failures.length) console.error(`\n${failures.length} scenario(s) failed to run:\n${failures.join('\n')}`);
  return failures.length ? 1 : 0;
}

// Interrupted: exit, so that the children are killed (child.ts) rather than left running.
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
