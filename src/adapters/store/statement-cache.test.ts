import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from './db.js';
import { openSqlite } from './sqlite.js';

let db: Db;
beforeAll(async () => {
  db = await openSqlite({ file: ':memory:', durability: 'process' });
  await db.write((tx) => tx.insertInto('settings').values(Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }))).execute());
});
afterAll(async () => {
  await db.close();
});

it('keeps answering right past the prepared-statement cache: IN lists of many lengths, with a hot query between them', async () => {
  const hot = () => db.kysely.selectFrom('settings').select('value').where('key', '=', 'k7').executeTakeFirst();
  // 1,200 distinct statements: more than twice the cache's 500, so entries are evicted over and over.
  for (let n = 1; n <= 1200; n++) {
    const keys = Array.from({ length: n }, (_, i) => `k${i % 60}`);
    const rows = await db.kysely.selectFrom('settings').select('key').where('key', 'in', keys).execute();
    expect(rows.length).toBe(Math.min(n, 50));
    expect(await hot()).toEqual({ value: 'v7' });
  }
  // The first lengths again, long since evicted: prepared afresh.
  expect((await db.kysely.selectFrom('settings').select('key').where('key', 'in', ['k1', 'k2']).execute()).length).toBe(2);
});
