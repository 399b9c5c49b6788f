import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from './db.js';
import { openSqlite } from './sqlite.js';
import { withStatementCache } from './statement-cache.js';

/** A real better-sqlite3 database whose prepare calls are counted per SQL text. */
function counted() {
  const raw = new SqliteDatabase(':memory:');
  const prepared = new Map<string, number>();
  const prepare = raw.prepare.bind(raw);
  const db = {
    close: () => raw.close(),
    prepare: (source: string) => {
      prepared.set(source, (prepared.get(source) ?? 0) + 1);
      return prepare(source);
    },
  } as Pick<SqliteDatabase.Database, 'prepare' | 'close'>;
  return { db, prepared };
}

it('prepares a statement used all along once, however many others come and go past the limit', () => {
  const { db, prepared } = counted();
  const cache = withStatementCache(db, 4);
  const hot = 'select 0';
  for (let i = 1; i <= 50; i++) {
    expect(cache.prepare(hot).get()).toEqual({ 0: 0 });
    expect(cache.prepare(`select ${i}`).get()).toEqual({ [i]: i });
  }
  expect(prepared.get(hot)).toBe(1);
  // Each of the others was prepared once, and most have been evicted since: asked again, the
  // oldest is prepared afresh, the last one is still there.
  cache.prepare('select 1');
  cache.prepare('select 50');
  expect(prepared.get('select 1')).toBe(2);
  expect(prepared.get('select 50')).toBe(1);
  cache.close();
});

it('keeps a statement used since the last eviction passed it, and evicts one that was not', () => {
  const { db, prepared } = counted();
  const cache = withStatementCache(db, 3);
  for (const s of ['select 1', 'select 2', 'select 3']) cache.prepare(s);
  cache.prepare('select 1'); // used: survives the next eviction
  cache.prepare('select 4'); // full: evicts 'select 2', the oldest not used since
  cache.prepare('select 1');
  cache.prepare('select 3');
  cache.prepare('select 2');
  expect([prepared.get('select 1'), prepared.get('select 2'), prepared.get('select 3')]).toEqual([1, 2, 1]);
  cache.close();
});

let store: Db;
beforeAll(async () => {
  store = await openSqlite({ file: ':memory:', durability: 'process' });
  await store.write((tx) => tx.insertInto('settings').values(Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }))).execute());
});
afterAll(async () => {
  await store.close();
});

it('the store keeps answering right past its cache: IN lists of 1,200 lengths, with a hot query between them', async () => {
  const hot = () => store.kysely.selectFrom('settings').select('value').where('key', '=', 'k7').executeTakeFirst();
  for (let n = 1; n <= 1200; n++) {
    const keys = Array.from({ length: n }, (_, i) => `k${i % 60}`);
    const rows = await store.kysely.selectFrom('settings').select('key').where('key', 'in', keys).execute();
    expect(rows.length).toBe(Math.min(n, 50));
    expect(await hot()).toEqual({ value: 'v7' });
  }
});
