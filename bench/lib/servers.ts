import crypto from 'node:crypto';
import path from 'node:path';
import { dropSchema } from '../../src/adapters/store/postgres.js';
import { BenchChild } from './child.js';
import { summarizeProfile } from './profile.js';
import type { BenchOptions, ScenarioContext, StoreName } from './types.js';

/** A server under test: the child, and a stop that writes its profile summary and drops its PostgreSQL schema. */
export interface Server {
  child: BenchChild;
  stop(): Promise<void>;
}

/** The URL of the machine's PostgreSQL, or an error saying why there is none. */
export function postgresUrl(options: BenchOptions): string {
  const pg = options.postgres;
  if (pg.url === null) throw new Error(pg.reason);
  return pg.url;
}

/**
 * Starts `script` in a child (bench/server-entry.ts for Parley, a baseline otherwise). On
 * PostgreSQL it gets a fresh schema of its own (BENCH_PG_URL, BENCH_PG_SCHEMA), dropped on stop.
 * Under --profile the child is CPU-profiled and the summary is reported on stop.
 */
export async function startServer(ctx: ScenarioContext, label: string, script: string, store: StoreName | null, env: Record<string, string> = {}): Promise<Server> {
  const o = ctx.options;
  const pg = store === 'postgres' ? { BENCH_PG_URL: postgresUrl(o), BENCH_PG_SCHEMA: `parley_bench_${crypto.randomBytes(5).toString('hex')}` } : null;
  const dir = o.profile ? path.join(o.profileDir, label.replace(/[^\w.-]+/g, '-')) : null;
  const child = await BenchChild.start(script, label, { ...env, ...(pg ?? {}) }, dir);
  return {
    child,
    async stop() {
      const file = await child.stop();
      if (pg) await dropSchema(pg.BENCH_PG_URL, pg.BENCH_PG_SCHEMA);
      if (file) ctx.profile(summarizeProfile(label, file));
    },
  };
}

export const PARLEY_ENTRY = 'bench/server-entry.ts';
export const RELAY_ENTRY = 'bench/baselines/relay.ts';

/** Parley on a store (and, on SQLite, a durability setting). */
export const startParleyServer = (ctx: ScenarioContext, label: string, store: StoreName, durability: 'process' | 'power' = 'process'): Promise<Server> =>
  startServer(ctx, label, PARLEY_ENTRY, store, store === 'sqlite' ? { PARLEY_DURABILITY: durability } : {});

/** Always stops the servers, whatever `fn` does. */
export async function withServers<T>(servers: Promise<Server>[], fn: (s: Server[]) => Promise<T>): Promise<T> {
  const started = await Promise.allSettled(servers);
  const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return await fn(ok);
  } finally {
    for (const s of ok) await s.stop();
  }
}
