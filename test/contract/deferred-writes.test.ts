import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompiled } from '../../src/adapters/store/compiled.js';
import { storeFactories, type StoreFixture } from './stores.js';

/**
 * Writes made with Precompiled.defer (held back on PostgreSQL and sent together: deferred-writes.ts)
 * must behave as if run at once: seen by what reads them, committed with their transaction, gone
 * with its rollback, and a failing one fails its transaction. Checked on every store.
 */
const putSetting = precompiled((db, p: { key: string; value: string }) => db.insertInto('settings').values({ key: p.key, value: p.value }));
const setSetting = precompiled((db, p: { key: string; value: string }) => db.updateTable('settings').set({ value: p.value }).where('key', '=', p.key));
const putInstance = precompiled((db, p: { id: string }) => db.insertInto('instances').values({ id: p.id, alias: p.id, created_at: 0, active_chats: 0, max_active_chats: null }));
const settingOf = (f: StoreFixture, key: string) => f.db.kysely.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
const instanceOf = (f: StoreFixture, id: string) => f.db.kysely.selectFrom('instances').select('id').where('id', '=', id).executeTakeFirst();

/** The statements sent to PostgreSQL while `fn` runs (none are sent to SQLite this way). */
async function sentDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const query = proto.query;
  const sent: string[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    sent.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text ?? ''));
    return query.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = query;
  }
  return sent;
}

for (const factory of await storeFactories()) {
  describe.skipIf(factory.skip)(`deferred writes (${factory.name})`, () => {
    let f: StoreFixture;
    let n = 0;
    const key = () => `deferred-${++n}`;
    beforeAll(async () => {
      f = await factory.create();
    });
    afterAll(async () => {
      await f?.dispose();
    });

    it('are committed with their transaction, and a read of their table in it sees them', async () => {
      const [a, b] = [key(), key()];
      const seen = await f.db.write(async (tx) => {
        await putSetting.defer(tx, { key: a, value: '1' });
        await putInstance.defer(tx, { id: b });
        return (await tx.selectFrom('settings').select('value').where('key', '=', a).executeTakeFirst())?.value;
      });
      expect(seen).toBe('1');
      expect(await settingOf(f, a)).toEqual({ value: '1' });
      expect(await instanceOf(f, b)).toEqual({ id: b });
    });

    it('on PostgreSQL go out as one statement, writes to several tables, before the commit', async () => {
      const [a, b] = [key(), key()];
      const sent = await sentDuring(() =>
        f.db.write(async (tx) => {
          await putSetting.defer(tx, { key: a, value: '1' });
          await putInstance.defer(tx, { id: b });
        }),
      );
      if (factory.name === 'PostgreSQL') expect(sent.map((s) => s.split(' ')[0])).toEqual(['begin', 'with', 'commit']);
      expect(await settingOf(f, a)).toEqual({ value: '1' });
      expect(await instanceOf(f, b)).toEqual({ id: b });
    });

    it('a second write to the same table sees the first (they do not share one snapshot)', async () => {
      const a = key();
      await f.db.write(async (tx) => {
        await putSetting.defer(tx, { key: a, value: '1' });
        await setSetting.defer(tx, { key: a, value: '2' });
      });
      expect(await settingOf(f, a)).toEqual({ value: '2' });
    });

    it('are gone when their transaction rolls back', async () => {
      const [a, b] = [key(), key()];
      await expect(
        f.db.write(async (tx) => {
          await putSetting.defer(tx, { key: a, value: '1' });
          await putInstance.defer(tx, { id: b });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await settingOf(f, a)).toBeUndefined();
      expect(await instanceOf(f, b)).toBeUndefined();
    });

    it('one that fails fails its transaction, and nothing of it is written', async () => {
      const [a, b] = [key(), key()];
      await f.db.write((tx) => putSetting.execute(tx, { key: a, value: 'first' }));
      await expect(
        f.db.write(async (tx) => {
          await putInstance.defer(tx, { id: b });
          await putSetting.defer(tx, { key: a, value: 'again' });
        }),
      ).rejects.toThrow();
      expect(await settingOf(f, a)).toEqual({ value: 'first' });
      expect(await instanceOf(f, b)).toBeUndefined();
      // The connection is usable again afterwards.
      await f.db.write((tx) => putSetting.defer(tx, { key: key(), value: 'x' }));
    });
  });
}
