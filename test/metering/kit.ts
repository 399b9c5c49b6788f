import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { probePostgres, randomSchema } from '../contract/stores.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { signedRequest } from '../helpers/signed.js';
import type { TestStore } from '../helpers/stores.js';

export { TEST_STORES } from '../helpers/stores.js';

/** A store whose data outlives the Parley on it: stop one, start another with other settings, same data. */
export interface KeptStore {
  start(env?: Record<string, string>): Promise<TestParley>;
  drop(): Promise<void>;
}

/** SQLite in a data dir of the test's own, or PostgreSQL in a schema of its own (TEST_STORES says which). */
export async function keptStore(store: TestStore): Promise<KeptStore> {
  if (store.name === 'SQLite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-metering-'));
    return {
      start: (env = {}) => startTestParley({ env: { ...env, PARLEY_DATA_DIR: dir } }),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const { url, reason } = await probePostgres();
  if (!url) throw new Error(reason ?? 'PostgreSQL unavailable');
  const schema = randomSchema();
  return {
    start: async (env = {}) => startTestParley({ env, db: await openPostgres({ url, schema }) }),
    drop: () => dropSchema(url, schema),
  };
}

export interface Answer {
  status: number;
  type: string | null;
  contentType: string;
  text: string;
  json: Record<string, unknown>;
}

/** A GET on the connect API, SigV4-signed with the dev keys as any AWS client would, or with a Bearer session token. */
export async function get(p: TestParley, pathname: string, query: Record<string, string> = {}, session?: string): Promise<Answer> {
  const res = await signedRequest(p, 'GET', pathname, { query, session });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), contentType: res.headers.get('content-type') ?? '', text: res.body, json: res.json };
}

/** A session token of a seeded user, from the agent API's login. */
export async function sessionOf(p: TestParley, username: string): Promise<string> {
  const res = await fetch(`${p.url}/agent/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ InstanceId: p.seeded.instanceId, Username: username, Password: p.seeded.demoUsers[username].password }),
  });
  return ((await res.json()) as { Token: string }).Token;
}

/** Epoch seconds of a UTC date and time (month 1-12), as the API takes them. */
export const seconds = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi) / 1000;
