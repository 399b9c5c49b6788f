import { DescribeContactFlowCommand, ListContactFlowsCommand, UpdateContactFlowContentCommand, UpdateContactFlowNameCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { IN_CI, probePostgres, randomSchema } from '../contract/stores.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { createFlow, flowOf, hangUp, rejection, say } from './kit.js';

/**
 * Flow management where writers race: on SQLite (one writer) and on PostgreSQL (row locks and
 * the unique index decide). Concurrent content updates get consecutive versions, and of two
 * creates or renames to one name exactly one wins.
 */
const probe = await probePostgres();
const pgSkip = probe.reason !== null && !IN_CI;
if (pgSkip) console.warn(`[flow-stores] skipping PostgreSQL: ${probe.reason}`);

const stores = [
  { name: 'SQLite', skip: false, start: () => startTestParley(), drop: async () => {} },
  {
    name: 'PostgreSQL',
    skip: pgSkip,
    schema: randomSchema(),
    async start() {
      if (!probe.url) throw new Error(probe.reason ?? 'PostgreSQL unavailable');
      return startTestParley({ db: await openPostgres({ url: probe.url, schema: this.schema }) });
    },
    async drop() {
      if (probe.url) await dropSchema(probe.url, this.schema);
    },
  },
];

for (const store of stores) {
  describe.skipIf(store.skip)(`flow management on ${store.name}`, () => {
    let p: TestParley;
    beforeAll(async () => {
      p = await store.start();
    });
    afterAll(async () => {
      await p?.stop();
      await store.drop();
    });

    it('concurrent content updates each get their own version, in order; the last is current', async () => {
      const f = await createFlow(p, flowOf(say('hi', 'v1', 'bye'), hangUp()));
      const contents = [2, 3, 4, 5, 6].map((v) => JSON.stringify(flowOf(say('hi', `v${v}`, 'bye'), hangUp())));
      await Promise.all(contents.map((Content) => p.connect.send(new UpdateContactFlowContentCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: f.id, Content }))));
      const rows = await p.deps.db.kysely.selectFrom('flow_versions').select(['version', 'content']).where('flow_id', '=', f.id).orderBy('version').execute();
      expect(rows.map((r) => Number(r.version))).toEqual([1, 2, 3, 4, 5, 6]);
      expect(new Set(rows.slice(1).map((r) => r.content))).toEqual(new Set(contents));
      const current = (await p.connect.send(new DescribeContactFlowCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: f.id }))).ContactFlow!.Content;
      expect(current).toBe(rows.at(-1)!.content);
    });

    it('of concurrent creates with one name, exactly one succeeds; the others are DuplicateResourceException', async () => {
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => createFlow(p, flowOf(hangUp()), { name: 'Contested' })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).name] : []))).toEqual(Array(4).fill('DuplicateResourceException'));
      const list = await p.connect.send(new ListContactFlowsCommand({ InstanceId: p.seeded.instanceId, MaxResults: 1000 }));
      expect(list.ContactFlowSummaryList!.filter((x) => x.Name === 'Contested')).toHaveLength(1);
    });

    it('of concurrent renames to one name, exactly one succeeds', async () => {
      const flows = await Promise.all([1, 2, 3].map(() => createFlow(p, flowOf(hangUp()))));
      const results = await Promise.allSettled(
        flows.map((f) => p.connect.send(new UpdateContactFlowNameCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: f.id, Name: 'Renamed to one' }))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).name] : []))).toEqual(['DuplicateResourceException', 'DuplicateResourceException']);
      const e = await rejection(() => createFlow(p, flowOf(hangUp()), { name: 'Renamed to one' }));
      expect(e.name).toBe('DuplicateResourceException');
    });
  });
}
