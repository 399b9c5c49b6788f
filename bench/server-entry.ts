import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgres } from '../src/adapters/store/postgres.js';
import { loadConfig } from '../src/config.js';
import { startParley } from '../src/server.js';
import { READY } from './lib/ready.js';
import { installSelfProfiler } from './lib/self-profile.js';

/**
 * Parley as the benchmark runs it: a real server in a child process, on the wall clock, with
 * SQLite in a fresh temp data dir (PARLEY_DURABILITY as given) or PostgreSQL in the schema
 * BENCH_PG_SCHEMA of BENCH_PG_URL. Prints a READY line with what the generator needs; stops
 * cleanly on SIGTERM (writing its profile under --profile) and removes its data dir.
 */
const profiler = installSelfProfiler();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
const config = loadConfig({ ...process.env, PARLEY_PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: process.env.PARLEY_LOG_LEVEL ?? 'warn' });
const pgUrl = process.env.BENCH_PG_URL;
const db = pgUrl ? await openPostgres({ url: pgUrl, schema: process.env.BENCH_PG_SCHEMA }) : undefined;
const parley = await startParley(config, { db });
const s = parley.seeded;
console.log(
  `${READY}${JSON.stringify({
    url: parley.url,
    instanceId: s.instanceId,
    inboundFlowId: s.inboundFlowId,
    basicQueueId: s.basicQueueId,
    agentSecurityProfileId: s.securityProfileIds.Agent,
    // The seeded demo users serve as the first agents: hashing new passwords costs CPU the benchmark's start-up can do without.
    demoUsers: s.demoUsers,
    store: pgUrl ? 'postgres' : 'sqlite',
    durability: config.durability,
  })}`,
);
let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  void profiler
    .stop()
    .then(() => parley.close())
    .catch((e) => console.error(e))
    .finally(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
});
