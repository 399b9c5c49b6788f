import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestParley } from '../helpers/parley.js';
import { TEST_STORES } from '../helpers/stores.js';
import { ALL_METRICS, buildSituation, current, metrics, type Situation } from './situation.js';

/*
 * GetCurrentMetricData through the real SDK over the scripted floor of situation.ts, on every
 * store. Expected values are counted by hand from that floor (M = t0 + 100 s):
 *   online: sales-0, support-0, support-1 (Break), alice; sales-1 is Offline and never counts.
 */

for (const store of TEST_STORES)
  describe.skipIf(store.skip)(`GetCurrentMetricData (${store.name})`, () => {
    let p: TestParley;
    let s: Situation;
    beforeAll(async () => {
      p = await store.start();
      s = await buildSituation(p);
    }, 60_000);
    afterAll(async () => {
      for (const a of Object.values(s?.agents ?? {})) a.close();
      await p?.stop();
    });
    const arn = (kind: string, id: string) => `arn:aws:connect:${p.deps.config.region}:${p.deps.config.accountId}:instance/${p.seeded.instanceId}/${kind}/${id}`;

    it('aggregates the whole instance without groupings', async () => {
      const { out, rows } = await current(p, { Filters: {}, CurrentMetrics: metrics(...ALL_METRICS) });
      expect(rows).toEqual([
        {
          dims: {},
          values: {
            AGENTS_ONLINE: 4,
            AGENTS_AVAILABLE: 1, // alice alone holds nothing; sales-0 and support-0 hold contacts
            AGENTS_ON_CALL: 2, // sales-0 (c1 in after-contact work), support-0 (c2 connected)
            AGENTS_ON_CONTACT: 2,
            AGENTS_STAFFED: 3, // everyone online but support-1, on Break
            AGENTS_AFTER_CONTACT_WORK: 1, // c1: contacts, not agents
            AGENTS_ERROR: 2, // sales-0 rejected c2, support-0 missed c3
            AGENTS_NON_PRODUCTIVE: 1, // support-1
            CONTACTS_IN_QUEUE: 3, // c3, c4, c5
            OLDEST_CONTACT_AGE: 100_000, // c3 since t0: milliseconds without groupings (Connect's quirk)
            CONTACTS_SCHEDULED: 0,
            SLOTS_ACTIVE: 2, // c1 (after-contact work) and c2 (connected); missed and rejected are neither active nor free
            SLOTS_AVAILABLE: 4, // alice: 3 chat + 1 task
          },
        },
      ]);
      expect(out.ApproximateTotalCount).toBe(1);
      expect(out.NextToken).toBeUndefined();
      expect(out.DataSnapshotTime).toEqual(new Date(s.t0 + 100_000));
    });

    it('groups by queue: agents count where their routing profile serves the queue, OLDEST_CONTACT_AGE in seconds', async () => {
      const { rows } = await current(p, {
        Filters: { Queues: [s.ids.support, arn('queue', s.ids.sales)] },
        Groupings: ['QUEUE'],
        CurrentMetrics: metrics('AGENTS_ONLINE', 'AGENTS_AVAILABLE', 'AGENTS_ON_CONTACT', 'AGENTS_STAFFED', 'AGENTS_AFTER_CONTACT_WORK', 'AGENTS_ERROR', 'AGENTS_NON_PRODUCTIVE', 'CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE', 'SLOTS_ACTIVE', 'SLOTS_AVAILABLE'),
      });
      // Sorted by AGENTS_ONLINE, descending (Connect's default): Sales has both teams (3), Support the Support team (2).
      expect(rows.map((r) => r.dims)).toEqual([{ Queue: { Id: s.ids.sales, Arn: arn('queue', s.ids.sales) } }, { Queue: { Id: s.ids.support, Arn: arn('queue', s.ids.support) } }]);
      expect(rows[0].values).toEqual({
        AGENTS_ONLINE: 3, AGENTS_AVAILABLE: 0, AGENTS_ON_CONTACT: 2, AGENTS_STAFFED: 2, AGENTS_AFTER_CONTACT_WORK: 1, AGENTS_ERROR: 2, AGENTS_NON_PRODUCTIVE: 1,
        CONTACTS_IN_QUEUE: 1, OLDEST_CONTACT_AGE: 70, SLOTS_ACTIVE: 2, SLOTS_AVAILABLE: 0,
      });
      expect(rows[1].values).toEqual({
        AGENTS_ONLINE: 2, AGENTS_AVAILABLE: 0, AGENTS_ON_CONTACT: 1, AGENTS_STAFFED: 1, AGENTS_AFTER_CONTACT_WORK: 0, AGENTS_ERROR: 1, AGENTS_NON_PRODUCTIVE: 1,
        CONTACTS_IN_QUEUE: 2, OLDEST_CONTACT_AGE: 100, SLOTS_ACTIVE: 1, SLOTS_AVAILABLE: 0,
      });
    });

    it('filters by routing profile, and groups by it', async () => {
      const sales = await current(p, { Filters: { RoutingProfiles: [s.ids.salesTeam] }, CurrentMetrics: metrics('AGENTS_ONLINE', 'CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE') });
      // The Sales team: sales-0 only (sales-1 is Offline); its queue holds c4, waiting 70 s (in ms: no groupings).
      expect(sales.rows).toEqual([{ dims: {}, values: { AGENTS_ONLINE: 1, CONTACTS_IN_QUEUE: 1, OLDEST_CONTACT_AGE: 70_000 } }]);
      const both = await current(p, {
        Filters: { RoutingProfiles: [s.ids.salesTeam, arn('routing-profile', s.ids.supportTeam)] },
        Groupings: ['ROUTING_PROFILE'],
        CurrentMetrics: metrics('AGENTS_ONLINE', 'CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE'),
      });
      expect(both.rows).toEqual([
        // Support team: support-0 and support-1; its queues Support and Sales hold c3, c4, c5.
        { dims: { RoutingProfile: { Id: s.ids.supportTeam, Arn: arn('routing-profile', s.ids.supportTeam) } }, values: { AGENTS_ONLINE: 2, CONTACTS_IN_QUEUE: 3, OLDEST_CONTACT_AGE: 100 } },
        { dims: { RoutingProfile: { Id: s.ids.salesTeam, Arn: arn('routing-profile', s.ids.salesTeam) } }, values: { AGENTS_ONLINE: 1, CONTACTS_IN_QUEUE: 1, OLDEST_CONTACT_AGE: 70 } },
      ]);
    });

    it('filters and groups by channel', async () => {
      const task = await current(p, { Filters: { Channels: ['TASK'] }, CurrentMetrics: metrics('AGENTS_ONLINE', 'AGENTS_AVAILABLE', 'SLOTS_AVAILABLE', 'CONTACTS_IN_QUEUE') });
      // Only alice's profile serves a queue on TASK: 1 task slot free.
      expect(task.rows).toEqual([{ dims: {}, values: { AGENTS_ONLINE: 1, AGENTS_AVAILABLE: 1, SLOTS_AVAILABLE: 1, CONTACTS_IN_QUEUE: 0 } }]);
      const basic = await current(p, { Filters: { Queues: [s.ids.basic], Channels: ['CHAT', 'TASK'] }, Groupings: ['QUEUE', 'CHANNEL'], CurrentMetrics: metrics('AGENTS_ONLINE', 'SLOTS_AVAILABLE') });
      const queue = { Id: s.ids.basic, Arn: arn('queue', s.ids.basic) };
      expect(basic.rows).toEqual([
        { dims: { Queue: queue, Channel: 'CHAT' }, values: { AGENTS_ONLINE: 1, SLOTS_AVAILABLE: 3 } },
        { dims: { Queue: queue, Channel: 'TASK' }, values: { AGENTS_ONLINE: 1, SLOTS_AVAILABLE: 1 } },
      ]);
    });

    it('groups agents online by status under each queue, and filters by status', async () => {
      const status = (id: string) => ({ Id: id, Arn: arn('agent-state', id) });
      const q = (id: string) => ({ Id: id, Arn: arn('queue', id) });
      const { available, break: onBreak } = p.seeded.statusIds;
      const all = await current(p, { Filters: { Queues: [s.ids.sales, s.ids.support] }, Groupings: ['QUEUE', 'AGENT_STATUS'], CurrentMetrics: metrics('AGENTS_ONLINE') });
      expect(all.rows).toEqual([
        { dims: { Queue: q(s.ids.sales), AgentStatus: status(available) }, values: { AGENTS_ONLINE: 2 } }, // sales-0, support-0
        { dims: { Queue: q(s.ids.sales), AgentStatus: status(onBreak) }, values: { AGENTS_ONLINE: 1 } }, // support-1
        { dims: { Queue: q(s.ids.support), AgentStatus: status(available) }, values: { AGENTS_ONLINE: 1 } }, // support-0
        { dims: { Queue: q(s.ids.support), AgentStatus: status(onBreak) }, values: { AGENTS_ONLINE: 1 } }, // support-1
      ]);
      const onlyBreak = await current(p, { Filters: { Queues: [s.ids.support], AgentStatuses: [arn('agent-state', onBreak)] }, CurrentMetrics: metrics('AGENTS_ONLINE', 'AGENTS_NON_PRODUCTIVE', 'CONTACTS_IN_QUEUE') });
      expect(onlyBreak.rows).toEqual([{ dims: {}, values: { AGENTS_ONLINE: 1, AGENTS_NON_PRODUCTIVE: 1, CONTACTS_IN_QUEUE: 2 } }]);
    });

    it("counts an agent's own queue (by its ARN) for that agent alone", async () => {
      const aliceId = s.agents.alice.userId;
      const agentQueue = arn('queue/agent', aliceId);
      const { rows } = await current(p, { Filters: { Queues: [agentQueue] }, Groupings: ['QUEUE'], CurrentMetrics: metrics('AGENTS_ONLINE', 'AGENTS_AVAILABLE', 'CONTACTS_IN_QUEUE') });
      expect(rows).toEqual([{ dims: { Queue: { Id: aliceId, Arn: agentQueue } }, values: { AGENTS_ONLINE: 1, AGENTS_AVAILABLE: 1, CONTACTS_IN_QUEUE: 0 } }]);
    });

    it('sorts, pages with NextToken replayed with the same parameters, and counts the total', async () => {
      const query = { Filters: { Queues: [s.ids.basic, s.ids.sales, s.ids.support] }, Groupings: ['QUEUE' as const], CurrentMetrics: metrics('CONTACTS_IN_QUEUE') };
      const sorted = await current(p, { ...query, SortCriteria: [{ SortByMetric: 'CONTACTS_IN_QUEUE', SortOrder: 'DESCENDING' }] });
      // Support 2, Sales 1, BasicQueue 0.
      expect(sorted.rows.map((r) => [r.dims!.Queue!.Id, r.values.CONTACTS_IN_QUEUE])).toEqual([[s.ids.support, 2], [s.ids.sales, 1], [s.ids.basic, 0]]);
      const ascending = await current(p, { ...query, SortCriteria: [{ SortByMetric: 'CONTACTS_IN_QUEUE', SortOrder: 'ASCENDING' }] });
      expect(ascending.rows.map((r) => r.dims!.Queue!.Id)).toEqual([s.ids.basic, s.ids.sales, s.ids.support]);
      // Pages of one, by AGENTS_ONLINE descending: Sales (3), Support (2), BasicQueue (1: alice).
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await current(p, { ...query, MaxResults: 1, NextToken: token });
        expect(page.out.ApproximateTotalCount).toBe(3);
        seen.push(...page.rows.map((r) => r.dims!.Queue!.Id!));
        token = page.out.NextToken;
      } while (token);
      expect(seen).toEqual([s.ids.sales, s.ids.support, s.ids.basic]);
    });

    it('OLDEST_CONTACT_AGE: milliseconds without groupings, seconds with, from the enqueue time', async () => {
      p.clock.advance(5_000);
      const flat = await current(p, { Filters: { Queues: [s.ids.support] }, CurrentMetrics: metrics('OLDEST_CONTACT_AGE') });
      const grouped = await current(p, { Filters: { Queues: [s.ids.support] }, Groupings: ['QUEUE'], CurrentMetrics: metrics('OLDEST_CONTACT_AGE') });
      // c3 was enqueued at t0; its missed offer did not reset its age: 105 s.
      expect(flat.rows[0].values.OLDEST_CONTACT_AGE).toBe(105_000);
      expect(grouped.rows[0].values.OLDEST_CONTACT_AGE).toBe(105);
    });

    it('drops a contact from CONTACTS_IN_QUEUE as soon as it is offered, before it is accepted', async () => {
      // support-1 back from Break with two free slots: offered c3 and c5 (Support first, oldest first).
      await s.agents.support1.setStatus('Available');
      await s.agents.support1.nextOffer(s.chats.c3);
      await s.agents.support1.nextOffer(s.chats.c5);
      await p.router.idle();
      const { rows } = await current(p, { Filters: { Queues: [s.ids.support] }, CurrentMetrics: metrics('CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE', 'AGENTS_NON_PRODUCTIVE', 'AGENTS_ON_CONTACT', 'SLOTS_ACTIVE') });
      // Offers ringing are neither "on contact" nor active slots.
      expect(rows[0].values).toEqual({ CONTACTS_IN_QUEUE: 0, OLDEST_CONTACT_AGE: 0, AGENTS_NON_PRODUCTIVE: 0, AGENTS_ON_CONTACT: 1, SLOTS_ACTIVE: 1 });
    });
  });
