import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChat } from '../helpers/chat.js';
import { TEST_STORES } from '../helpers/stores.js';
import type { TestParley } from '../helpers/parley.js';
import { flowLogs } from '../scenario/kit.js';
import { createFlow, flowOf, flowTexts, hangUp, say, waitFor } from './kit.js';

/**
 * A flow runs in one transaction per stretch between Waits, and each run writes its flow log
 * entries together at its end: a later run numbers its entries after the earlier ones, so the
 * log reads in the order the blocks ran, page after page.
 */
const LOGGED = flowOf(
  { Identifier: 'log', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: { NextAction: 'one' } },
  say('one', 'one', 'first-wait'),
  waitFor('first-wait', 60, 'two'),
  say('two', 'two', 'second-wait'),
  waitFor('second-wait', 60, 'three'),
  say('three', 'three', 'bye'),
  hangUp(),
);

for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`flow logs over several runs (${store.name})`, () => {
    let p: TestParley;
    beforeAll(async () => {
      p = await store.start();
    });
    afterAll(async () => {
      await p.stop();
    });

    it('numbers the entries of each run after those of the runs before, across pages', async () => {
      const flow = await createFlow(p, LOGGED);
      const chat = await startChat(p, { ContactFlowId: flow.id });
      p.clock.advance(60_000);
      await p.settle();
      expect(await flowTexts(p, chat.connectionToken)).toEqual(['one', 'two']);
      // The second Wait completes: 'three', then the flow hangs up (the chat ends).
      p.clock.advance(60_000);
      await p.settle();
      // Run 1 (the start): log, one; run 2 (first Wait done): first-wait, two; run 3: second-wait,
      // three, bye. A Wait's entry is written when its outcome arrives, by the run it resumes.
      const expected = ['log', 'one', 'first-wait', 'two', 'second-wait', 'three', 'bye'];
      expect((await flowLogs(p, chat.contactId)).map((l) => l.Identifier)).toEqual(expected);
      // Pages of two cut across the runs: 7 entries are 4 pages, in the same order.
      expect((await flowLogs(p, chat.contactId, 2)).map((l) => l.Identifier)).toEqual(expected);
      const stored = await p.deps.db.kysely.selectFrom('flow_logs').select('n').where('contact_id', '=', chat.contactId).orderBy('n').execute();
      expect(stored.map((r) => Number(r.n))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });
  });
}
