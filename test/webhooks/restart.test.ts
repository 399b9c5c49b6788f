import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/adapters/store/db.js';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { openSqlite } from '../../src/adapters/store/sqlite.js';
import { IN_CI, probePostgres, randomSchema } from '../contract/stores.js';
import { startTestParley } from '../helpers/parley.js';
import { ALLOW_PRIVATE, bodyOf, chatLifecycle, createWebhook, deliverAll, LIFECYCLE, queueingFlow } from './kit.js';
import { Receiver } from './receiver.js';

/* Pending deliveries live in the store: a server closed and started again on it sends them. */

interface ReopenableStore {
  name: string;
  skip: boolean;
  /** Opens the same data again (a restarted server). */
  open(): Promise<Db>;
  remove(): Promise<void>;
}

const probe = await probePostgres();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-webhooks-'));
const schema = randomSchema();
const STORES: ReopenableStore[] = [
  { name: 'SQLite', skip: false, open: () => openSqlite({ file: path.join(dir, 'parley.db'), durability: 'process' }), remove: async () => fs.rmSync(dir, { recursive: true, force: true }) },
  {
    name: 'PostgreSQL',
    skip: probe.reason !== null && !IN_CI,
    open: () => openPostgres({ url: probe.url!, schema }),
    remove: () => dropSchema(probe.url!, schema),
  },
];

for (const store of STORES) {
  describe.skipIf(store.skip)(`webhooks across a restart (${store.name})`, () => {
    it('sends after a restart what was pending, the attempt cut short by the shutdown included', async () => {
      const r = await Receiver.start(['hang']);
      try {
        const first = await startTestParley({ db: await store.open(), env: ALLOW_PRIVATE });
        await createWebhook(first, r.url);
        const contact = await chatLifecycle(first, await queueingFlow(first));
        await r.waitForRequests(1); // INITIATED, held open by the receiver
        // Closing does not wait for the receiver: the attempt is aborted and due again at once.
        await first.stop();
        const peek = await store.open();
        const row = await peek.kysely.selectFrom('webhook_deliveries').selectAll().where('event_type', '=', 'INITIATED').execute();
        await peek.close();
        expect(row).toMatchObject([{ attempts: 1, delivered_at: null, last_error: 'interrupted: the server stopped' }]);

        const second = await startTestParley({ db: await store.open(), env: ALLOW_PRIVATE });
        try {
          // Due already: no clock move is needed.
          expect(await deliverAll(second)).toBe(0);
        } finally {
          await second.stop();
        }
        const accepted = r.requests.filter((q) => q.answer === 200);
        expect(accepted.map((q) => q.event)).toEqual(LIFECYCLE);
        expect(accepted.every((q) => bodyOf(q).detail.contactId === contact)).toBe(true);
        // The first request and its resend after the restart are one delivery.
        expect(accepted[0].delivery).toBe(r.requests[0].delivery);
        expect(r.requests).toHaveLength(7);
      } finally {
        await r.close();
        await store.remove();
      }
    });
  });
}
