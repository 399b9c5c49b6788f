import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Db } from '../../src/adapters/store/db.js';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { openSqlite } from '../../src/adapters/store/sqlite.js';

/** Where PostgreSQL tests connect: PARLEY_TEST_DATABASE_URL, else the machine's trust-auth server. */
const PG_CANDIDATES = process.env.PARLEY_TEST_DATABASE_URL
  ? [process.env.PARLEY_TEST_DATABASE_URL]
  : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

/** On CI a missing PostgreSQL is a failure, not a skip. */
export const IN_CI = process.env.CI === 'true';

export type PostgresProbe = { url: string; reason: null } | { url: null; reason: string };

let probed: Promise<PostgresProbe> | null = null;

/** Finds a PostgreSQL the tests can use, once per test file; `reason` says why there is none. */
export function probePostgres(): Promise<PostgresProbe> {
  probed ??= (async () => {
    const errors: string[] = [];
    for (const url of PG_CANDIDATES) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      try {
        await client.connect();
        await client.query('select 1');
        return { url, reason: null };
      } catch (e) {
        errors.push(`${url.replace(/:[^:@/]*@/, ':***@')}: ${(e as Error).message}`);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    return { url: null, reason: `PostgreSQL unreachable (${errors.join('; ')}); set PARLEY_TEST_DATABASE_URL` };
  })();
  return probed;
}

/** A schema name of its own for one test file, so files running in parallel never meet. */
export const randomSchema = (): string => `parley_test_${crypto.randomBytes(6).toString('hex')}`;

/** One store under test, plus ways to reach the same data as another node or process would. */
export interface StoreFixture {
  db: Db;
  /** Opens another handle (own connections) on the same data; null for an in-memory store. */
  openAnother: (() => Promise<Db>) | null;
  /** The database file, for synchronous reads through a connection of the test's own. */
  sqliteFile: string | null;
  dispose(): Promise<void>;
}

export interface StoreFactory {
  name: string;
  /** Why this store cannot run on this machine, or null. */
  unavailable: string | null;
  /** Whether the tests of this store are skipped here (never on CI). */
  skip: boolean;
  /** Whether other connections can reach its data (not so for an in-memory database). */
  shared: boolean;
  create(): Promise<StoreFixture>;
}

function sqliteFileFactory(): StoreFactory {
  return {
    name: 'SQLite (file)',
    unavailable: null,
    skip: false,
    shared: true,
    async create() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-contract-'));
      const file = path.join(dir, 'parley.db');
      return sharedStore(() => openSqlite({ file, durability: 'process' }), file, async () => fs.rmSync(dir, { recursive: true, force: true }));
    },
  };
}

/** A store that other handles (nodes) can open too; dispose closes them all, then removes the store. */
async function sharedStore(open: () => Promise<Db>, sqliteFile: string | null, remove: () => Promise<void>): Promise<StoreFixture> {
  const db = await open();
  const others: Db[] = [];
  return {
    db,
    sqliteFile,
    openAnother: async () => {
      const other = await open();
      others.push(other);
      return other;
    },
    async dispose() {
      for (const o of others) await o.close();
      await db.close();
      await remove();
    },
  };
}

function sqliteMemoryFactory(): StoreFactory {
  return {
    name: 'SQLite (in memory)',
    unavailable: null,
    skip: false,
    shared: false,
    async create() {
      const db = await openSqlite({ file: ':memory:', durability: 'process' });
      return { db, sqliteFile: null, openAnother: null, dispose: () => db.close() };
    },
  };
}

function postgresFactory(probe: PostgresProbe): StoreFactory {
  return {
    name: 'PostgreSQL',
    unavailable: probe.reason,
    skip: probe.reason !== null && !IN_CI,
    shared: true,
    async create() {
      if (!probe.url) throw new Error(probe.reason ?? 'PostgreSQL unavailable');
      const url = probe.url;
      const schema = randomSchema();
      return sharedStore(() => openPostgres({ url, schema }), null, () => dropSchema(url, schema));
    },
  };
}

/** Every store adapter the contract runs against; warns once for each one skipped here. */
export async function storeFactories(): Promise<StoreFactory[]> {
  const factories = [sqliteMemoryFactory(), sqliteFileFactory(), postgresFactory(await probePostgres())];
  for (const f of factories) if (f.skip) console.warn(`[contract] skipping ${f.name}: ${f.unavailable}`);
  return factories;
}
