import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { IN_CI, probePostgres, randomSchema } from '../contract/stores.js';
import { startTestParley, type TestParley } from './parley.js';

export interface TestStore {
  name: 'SQLite' | 'PostgreSQL';
  /** Set when the store is missing outside CI: the suite is skipped (with the reason printed once). */
  skip: boolean;
  /** A Parley on this store (with `env` on top of the test defaults); on PostgreSQL in a schema of its own, dropped by its `stop()`. */
  start(opts?: { env?: Record<string, string> }): Promise<TestParley>;
}

const probe = await probePostgres();
const skipPostgres = probe.reason !== null && !IN_CI;
if (skipPostgres) console.warn(`skipping the PostgreSQL runs: ${probe.reason}`);

/** The stores a scenario runs on: embedded SQLite, and PostgreSQL where the machine has it (always in CI). */
export const TEST_STORES: readonly TestStore[] = [
  { name: 'SQLite', skip: false, start: (opts) => startTestParley(opts) },
  {
    name: 'PostgreSQL',
    skip: skipPostgres,
    async start(opts = {}) {
      if (!probe.url) throw new Error(probe.reason ?? 'PostgreSQL unavailable');
      const url = probe.url;
      const schema = randomSchema();
      const p = await startTestParley({ ...opts, db: await openPostgres({ url, schema }) });
      const stop = p.stop.bind(p);
      p.stop = async () => {
        await stop();
        await dropSchema(url, schema);
      };
      return p;
    },
  },
];
