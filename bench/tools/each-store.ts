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
