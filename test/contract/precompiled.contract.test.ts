import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompiled } from '../../src/adapters/store/compiled.js';
import type { Db } from '../../src/adapters/store/db.js';
import { storeFactories, type StoreFixture } from './stores.js';

const setting = precompiled((db, p: { key: string; value: string }) =>
  db
    .insertInto('settings')
    .values({ key: p.key, value: p.value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: p.value })),
);
/** `key` is bound twice; the template's constant ('hidden') stays as it was. */
const keyedOrValued = precompiled((db, p: { key: string }) =>
  db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where((eb) => eb.or([eb('key', '=', p.key), eb('value', '=', p.key)]))
    .where('key', '!=', 'hidden')
    .orderBy('key'),
);

for (const factory of await storeFactories()) {
  describe.skipIf(factory.skip)(`precompiled queries: ${factory.name}`, () => {
    let s: StoreFixture;
    let db: Db;
    beforeAll(async () => {
      s = await factory.create();
      db = s.db;
    });
    afterAll(async () => {
      await s?.dispose();
    });

    it('runs one template with new parameters each time, in and out of a transaction', async () => {
      await db.write((tx) => setting.execute(tx, { key: 'a', value: '1' }));
      await setting.execute(db.kysely, { key: 'b', value: 'a' });
      await setting.execute(db.kysely, { key: 'hidden', value: 'a' });
      await db.write((tx) => setting.execute(tx, { key: 'a', value: '3' }));
      // 'a' upserted from 1 to 3; 'b' has the value 'a'; 'hidden' is left out by the constant.
      expect(await keyedOrValued.rows(db.kysely, { key: 'a' })).toEqual([
        { key: 'a', value: '3' },
        { key: 'b', value: 'a' },
      ]);
      expect(await keyedOrValued.first(db.kysely, { key: 'missing' })).toBeUndefined();
    });

    it('refuses a template whose shape depends on a parameter (it would be built for the first value only)', async () => {
      const shaped = precompiled((d, p: { key: string }) => d.selectFrom('settings').select('key').$if(p.key === 'a', (q) => q.where('key', '=', 'a')));
      await expect(shaped.rows(db.kysely, { key: 'a' })).rejects.toThrow(/parameter key is not bound/);
    });
  });
}
