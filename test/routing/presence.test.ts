import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestAgent } from '../helpers/agent.js';
import type { TestParley } from '../helpers/parley.js';
import { TEST_STORES } from '../helpers/stores.js';

/**
 * An agent is routed to only while a node holds its event socket: the node's presence row
 * (agent_presence), renewed for every connected agent at once every 20 s (agent-hub.ts renew), in
 * upserts of up to 256 agents built once per size. On every store, and for several agents in one
 * upsert (PostgreSQL refuses an upsert that touches a row twice).
 */
for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`agent presence (${store.name})`, () => {
    let p: TestParley;
    const open: TestAgent[] = [];
    beforeAll(async () => {
      p = await store.start();
    });
    afterAll(async () => {
      for (const a of open) a.close();
      await p?.stop();
    });
    const presence = async (userIds: string[]) =>
      new Map((await p.deps.db.kysely.selectFrom('agent_presence').select(['user_id', 'until']).where('user_id', 'in', userIds).execute()).map((r) => [r.user_id, Number(r.until)]));

    it('a renewal brings back the lapsed presence of every connected agent, and of no one else', async () => {
      for (const name of ['alice', 'bob']) open.push(await TestAgent.login(p, name));
      const ids = open.map((a) => a.userId);
      await p.deps.db.write((tx) => tx.updateTable('agent_presence').set({ until: 0 }).where('user_id', 'in', ids).execute());
      expect([...(await presence(ids)).values()]).toEqual([0, 0]);

      await p.agentHub.renew();
      const renewed = await presence(ids);
      for (const id of ids) expect(renewed.get(id)).toBeGreaterThan(Date.now());

      // Bob leaves: the next renewal keeps Alice present and does not extend Bob's presence
      // (his row goes when the node sees his socket close, whichever comes first).
      const bob = open.pop()!;
      bob.close();
      await bob.events.closed;
      await p.agentHub.renew();
      const after = await presence(ids);
      expect(after.get(open[0].userId)).toBeGreaterThan(Date.now());
      expect([undefined, renewed.get(bob.userId)]).toContain(after.get(bob.userId));
    });
  });
}
