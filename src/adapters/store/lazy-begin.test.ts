import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IN_CI, probePostgres, randomSchema } from '../../../test/contract/stores.js';
import { precompiled } from './compiled.js';
import type { Db } from './db.js';
import { dropSchema, openPostgres } from './postgres.js';

const probe = await probePostgres();
const skip = probe.reason !== null && !IN_CI;
if (skip) console.warn(`[lazy-begin] PostgreSQL skipped: ${probe.reason}`);

const putSetting = precompiled((db, p: { key: string; value: string }) => db.insertInto('settings').values({ key: p.key, value: p.value }));
const putClaim = precompiled((db, p: { token: string }) =>
  db.insertInto('idempotency').values({ scope: 'lazy-begin-test', client_token: p.token, request_hash: '', response: null, created_at: 0 }),
);

describe.skipIf(skip)('transactions begun lazily (PostgreSQL)', () => {
  const schema = randomSchema();
  let db: Db;
  /** The statements the pg client sends, in order, while a test runs. */
  let sent: string[] = [];
  const clientProto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const query = clientProto.query;
  beforeAll(async () => {
    // One connection: a statement left in a transaction by mistake would show in the next test.
    db = await openPostgres({ url: probe.url!, schema, poolSize: 1 });
    clientProto.query = function (this: unknown, ...args: unknown[]) {
      const q = args[0];
      sent.push((typeof q === 'string' ? q : String((q as { text?: string }).text ?? '')).trim().split(/\s+/).slice(0, 3).join(' '));
      return query.apply(this, args);
    };
  });
  afterAll(async () => {
    clientProto.query = query;
    await db?.close();
    if (probe.url) await dropSchema(probe.url, schema);
  });
  beforeEach(() => {
    sent = [];
  });
  afterEach(() => {
    sent = [];
  });

  const settingOf = async (key: string) => (await db.kysely.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  const claimOf = async (token: string) => (await db.kysely.selectFrom('idempotency').select('client_token').where('client_token', '=', token).executeTakeFirst())?.client_token;

  it('sends plain reads on their own and the held-back writes as one statement, without BEGIN or COMMIT', async () => {
    const read = await db.write(
      async (tx) => {
        const before = await tx.selectFrom('settings').select('value').where('key', '=', 'lazy-a').executeTakeFirst();
        await putSetting.defer(tx, { key: 'lazy-a', value: '1' });
        await putClaim.defer(tx, { token: 'lazy-a' });
        return before;
      },
      { beginLazily: true },
    );
    expect(read).toBeUndefined();
    expect(sent).toEqual(['select "value" from', 'with w0 as']);
    expect(await settingOf('lazy-a')).toBe('1');
    expect(await claimOf('lazy-a')).toBe('lazy-a');
  });

  it('begins the transaction before a read that locks, a write not held back, or a read of a table with held-back writes', async () => {
    await db.write(async (tx) => void (await tx.selectFrom('settings').select('key').where('key', '=', 'x').forUpdate().execute()), { beginLazily: true });
    expect(sent).toEqual(['start transaction isolation', 'select "key" from', 'commit']);
    sent = [];
    await db.write(async (tx) => void (await tx.insertInto('settings').values({ key: 'lazy-b', value: '1' }).execute()), { beginLazily: true });
    expect(sent).toEqual(['start transaction isolation', 'insert into "settings"', 'commit']);
    sent = [];
    const seen = await db.write(
      async (tx) => {
        await putSetting.defer(tx, { key: 'lazy-c', value: '1' });
        return tx.selectFrom('settings').select('value').where('key', '=', 'lazy-c').executeTakeFirst();
      },
      { beginLazily: true },
    );
    expect(seen?.value).toBe('1');
    expect(sent).toEqual(['start transaction isolation', 'insert into "settings"', 'select "value" from', 'commit']);
  });

  it('writes nothing when the one statement fails, nor when the work throws, and leaves the connection outside any transaction', async () => {
    await db.write(async (tx) => void (await tx.insertInto('settings').values({ key: 'lazy-d', value: 'first' }).execute()));
    sent = [];
    const failed = db.write(
      async (tx) => {
        await putClaim.defer(tx, { token: 'lazy-d' });
        await putSetting.defer(tx, { key: 'lazy-d', value: 'second' });
      },
      { beginLazily: true },
    );
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    expect(sent).toEqual(['with w0 as']);
    expect(await claimOf('lazy-d')).toBeUndefined();

    sent = [];
    const thrown = db.write(
      async (tx) => {
        await putClaim.defer(tx, { token: 'lazy-e' });
        throw new Error('the work failed');
      },
      { beginLazily: true },
    );
    await expect(thrown).rejects.toThrow('the work failed');
    expect(sent).toEqual([]);
    expect(await claimOf('lazy-e')).toBeUndefined();

    // Were the connection left in a transaction, this autocommitted write would not be visible to another client.
    await db.kysely.insertInto('settings').values({ key: 'lazy-f', value: '1' }).execute();
    const other = new pg.Client({ connectionString: probe.url!, options: `-c search_path="${schema}"` });
    await other.connect();
    try {
      expect((await other.query(`select value from settings where key = 'lazy-f'`)).rows).toEqual([{ value: '1' }]);
    } finally {
      await other.end();
    }
  });
});
