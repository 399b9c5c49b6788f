import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Tx } from './db.js';
import { openSqlite } from './sqlite.js';

/** SQLite's group commit with writes declared to fail before writing (db.ts WriteOptions): no savepoint, the promise checked. */
let db: Db;
beforeAll(async () => {
  db = await openSqlite({ file: ':memory:', durability: 'process' });
});
afterAll(async () => {
  await db.close();
});

const put = (tx: Tx, key: string) => tx.insertInto('settings').values({ key, value: 'v' }).execute();
const stored = async (keys: string[]) => (await db.kysely.selectFrom('settings').select('key').where('key', 'in', keys).execute()).map((r) => r.key).sort();
const fails = { failsBeforeWriting: true };

describe('group commit of writes that fail before writing (SQLite)', () => {
  it('fails such a write alone when it throws before writing; its neighbours, guarded or not, commit', async () => {
    const refused = new Error('refused');
    const outcomes = await Promise.allSettled([
      db.write((tx) => put(tx, 'a1'), fails),
      db.write(async () => Promise.reject(refused), fails),
      db.write(async (tx) => {
        await put(tx, 'a-doomed');
        throw new Error('guarded');
      }),
      db.write((tx) => put(tx, 'a2'), fails),
      db.write((tx) => put(tx, 'a3')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBe(refused);
    expect(await stored(['a1', 'a2', 'a3', 'a-doomed'])).toEqual(['a1', 'a2', 'a3']);
  });

  it('counts a failed statement as no write: a unique violation as first write fails alone', async () => {
    await db.write((tx) => put(tx, 'taken'));
    const outcomes = await Promise.allSettled([db.write((tx) => put(tx, 'c1'), fails), db.write((tx) => put(tx, 'taken'), fails), db.write((tx) => put(tx, 'c2'), fails)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await stored(['c1', 'c2'])).toEqual(['c1', 'c2']);
  });

  it('rolls back the whole batch when such a write throws having written: nothing of it commits, the writes not yet run go on', async () => {
    const broken = new Error('broken promise');
    const outcomes = await Promise.allSettled([
      db.write((tx) => put(tx, 'b1'), fails),
      db.write((tx) => put(tx, 'b2')),
      db.write(async (tx) => {
        await put(tx, 'b-partial');
        throw broken;
      }, fails),
      db.write((tx) => put(tx, 'b3'), fails),
      db.write((tx) => put(tx, 'b4')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBe(broken);
    for (const o of outcomes.slice(0, 2)) expect((o as PromiseRejectedResult).reason).toMatchObject({ message: expect.stringMatching(/rolled back with its batch/), cause: broken });
    expect(await stored(['b1', 'b2', 'b-partial', 'b3', 'b4'])).toEqual(['b3', 'b4']);
    // The store goes on as usual.
    await db.write((tx) => put(tx, 'b5'), fails);
    expect(await stored(['b5'])).toEqual(['b5']);
  });
});
