import { afterAll, beforeAll, expect, it } from 'vitest';
import { precompiled } from './compiled.js';
import type { Db } from './db.js';
import { openSqlite } from './sqlite.js';

const setting = precompiled((db, p: { key: string }) => db.selectFrom('settings').select('value').where('key', '=', p.key));
const put = precompiled((db, p: { key: string; value: string }) => db.insertInto('settings').values({ key: p.key, value: p.value }));

let db: Db;
beforeAll(async () => {
  db = await openSqlite({ file: ':memory:', durability: 'process' });
});
afterAll(async () => {
  await db.close();
});

/** Resolves once the event loop has turned a few times: long enough for a read that need not wait. */
const turns = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

it('runs a read out of a transaction only while none is open: it never sees a write that then rolls back', async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const write = db.write(async (tx) => {
    await put.execute(tx, { key: 'uncommitted', value: 'x' });
    await held;
    throw new Error('rolled back');
  });
  await turns();
  let seen: unknown = 'pending';
  const read = setting.first(db.kysely, { key: 'uncommitted' }).then((row) => (seen = row));
  await turns();
  // The transaction holds the connection: the read waits for it, as Kysely's own queue makes it.
  expect(seen).toBe('pending');
  release();
  await expect(write).rejects.toThrow('rolled back');
  await read;
  expect(seen).toBeUndefined();
});

it('runs statements of a batch directly, and reads between batches without waiting', async () => {
  await db.write((tx) => put.execute(tx, { key: 'committed', value: 'y' }));
  expect(await setting.first(db.kysely, { key: 'committed' })).toEqual({ value: 'y' });
});
