import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestParley } from '../helpers/parley.js';
import { get, keptStore, seconds, sessionOf, TEST_STORES, type KeptStore } from './kit.js';
import { scriptDay, type ScriptedDay } from './scripted-day.js';

/*
 * Usage metering over the scripted day (scripted-day.ts, which lists every item it writes):
 * chat A in BasicQueue, 7 billable items on 14 March (New York and UTC alike); chat B in Billing,
 * 2 items at 23:50 EDT on 14 March (03:50 UTC on the 15th) and 1 at 00:10 EDT on the 15th.
 * Not billed, though written: joined/left, typing, a read receipt, idle and returned notices,
 * chat ended. Default price 0.004 USD.
 */

// New York's 14 and 15 March: from local midnight (05:00 UTC, still EST) to local midnight of the 16th (04:00 UTC, EDT).
const NY_TWO_DAYS = { StartTime: String(seconds(2027, 3, 14, 5)), EndTime: String(seconds(2027, 3, 16, 4)) };

for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`usage metering (${store.name})`, () => {
    let kept: KeptStore;
    let p: TestParley;
    let day: ScriptedDay;
    const queue = (id: string, Name: string) => ({ Id: id, Arn: `arn:aws:connect:us-east-1:000000000000:instance/${p.seeded.instanceId}/queue/${id}`, Name });
    const basic = () => queue(day.basicQueueId, 'BasicQueue');
    const billing = () => queue(day.billingQueueId, 'Billing');
    const usage = (query: Record<string, string>) => get(p, `/usage/${p.seeded.instanceId}`, query);

    beforeAll(async () => {
      kept = await keptStore(store);
      p = await kept.start();
      day = await scriptDay(p);
    });
    afterAll(async () => {
      await p?.stop();
      await kept?.drop();
    });

    it('counts billable messages per New York day, channel and queue, with the cost at the example price', async () => {
      const res = await usage({ ...NY_TWO_DAYS, TimeZone: 'America/New_York', Groupings: 'DAY,CHANNEL,QUEUE' });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        TimeZone: 'America/New_York',
        Usage: [
          { Day: '2027-03-14', Channel: 'CHAT', Queue: basic(), BillableMessages: 7, Cost: 0.028 }, // 7 × 0.004
          // 23:50 EDT is still the 14th in New York, though 03:50 UTC on the 15th; a fixed EST offset would put 00:10 EDT on the 14th too.
          { Day: '2027-03-14', Channel: 'CHAT', Queue: billing(), BillableMessages: 2, Cost: 0.008 },
          { Day: '2027-03-15', Channel: 'CHAT', Queue: billing(), BillableMessages: 1, Cost: 0.004 },
        ],
        Totals: { BillableMessages: 10, Cost: 0.04, Currency: 'USD' },
        Policy: { BillableRoles: ['CUSTOMER', 'AGENT', 'SYSTEM', 'CUSTOM_BOT', 'SUPERVISOR'], BillAttachments: true, BillInteractive: true, PricePerMessage: 0.004, Currency: 'USD' },
      });
    });

    it('counts by UTC day when no time zone is given, and groups only by what is asked', async () => {
      const utc = await usage(NY_TWO_DAYS);
      expect(utc.json.TimeZone).toBe('UTC');
      expect(utc.json.Usage).toEqual([
        { Day: '2027-03-14', Channel: 'CHAT', Queue: basic(), BillableMessages: 7, Cost: 0.028 },
        { Day: '2027-03-15', Channel: 'CHAT', Queue: billing(), BillableMessages: 3, Cost: 0.012 }, // chat B is all on the 15th in UTC
      ]);
      expect((await usage({ ...NY_TWO_DAYS, Groupings: 'QUEUE' })).json.Usage).toEqual([
        { Queue: basic(), BillableMessages: 7, Cost: 0.028 },
        { Queue: billing(), BillableMessages: 3, Cost: 0.012 },
      ]);
      expect((await usage({ ...NY_TWO_DAYS, TimeZone: 'America/New_York', Groupings: 'DAY' })).json.Usage).toEqual([
        { Day: '2027-03-14', BillableMessages: 9, Cost: 0.036 },
        { Day: '2027-03-15', BillableMessages: 1, Cost: 0.004 },
      ]);
      // The range is half-open on the items' times: ending at 00:10 EDT leaves out the message sent at that very second.
      const early = await usage({ ...NY_TWO_DAYS, EndTime: String(seconds(2027, 3, 15, 4, 10)), Groupings: 'CHANNEL' });
      expect(early.json.Usage).toEqual([{ Channel: 'CHAT', BillableMessages: 9, Cost: 0.036 }]);
    });

    it('reports a month in a time zone: every day, per channel and per queue, as JSON and as CSV', async () => {
      const month = await get(p, `/usage/${p.seeded.instanceId}/monthly/2027-03`, { TimeZone: 'America/New_York' });
      expect(month.status).toBe(200);
      // March in New York: from midnight EST on the 1st (05:00 UTC) to midnight EDT on 1 April (04:00 UTC).
      expect(month.json).toMatchObject({ Month: '2027-03', TimeZone: 'America/New_York', StartTime: seconds(2027, 3, 1, 5), EndTime: seconds(2027, 4, 1, 4) });
      const days = month.json.Days as { Day: string; BillableMessages: number; Cost: number }[];
      expect(days).toHaveLength(31);
      expect(days.filter((d) => d.BillableMessages > 0)).toEqual([
        { Day: '2027-03-14', BillableMessages: 9, Cost: 0.036 },
        { Day: '2027-03-15', BillableMessages: 1, Cost: 0.004 },
      ]);
      expect(days[0]).toEqual({ Day: '2027-03-01', BillableMessages: 0, Cost: 0 });
      expect(month.json.ByChannel).toEqual([{ Channel: 'CHAT', BillableMessages: 10, Cost: 0.04 }]);
      expect(month.json.ByQueue).toEqual([
        { Queue: basic(), BillableMessages: 7, Cost: 0.028 },
        { Queue: billing(), BillableMessages: 3, Cost: 0.012 },
      ]);
      expect(month.json.Totals).toEqual({ BillableMessages: 10, Cost: 0.04, Currency: 'USD' });

      const csv = await get(p, `/usage/${p.seeded.instanceId}/monthly/2027-03`, { TimeZone: 'America/New_York', Format: 'csv' });
      expect(csv.status).toBe(200);
      expect(csv.contentType).toBe('text/csv; charset=utf-8');
      expect(csv.text).toBe(
        [
          'Day,Channel,QueueId,QueueName,BillableMessages,Cost,Currency',
          `2027-03-14,CHAT,${day.basicQueueId},BasicQueue,7,0.028,USD`,
          `2027-03-14,CHAT,${day.billingQueueId},Billing,2,0.008,USD`,
          `2027-03-15,CHAT,${day.billingQueueId},Billing,1,0.004,USD`,
          'Total,,,,10,0.04,USD',
          '',
        ].join('\r\n'),
      );
      // April has nothing yet: a header and a zero total.
      expect((await get(p, `/usage/${p.seeded.instanceId}/monthly/2027-04`, { Format: 'csv' })).text).toBe('Day,Channel,QueueId,QueueName,BillableMessages,Cost,Currency\r\nTotal,,,,0,0,USD\r\n');
    });

    it('answers a session whose security profiles give supervise, and refuses an agent', async () => {
      const path = `/usage/${p.seeded.instanceId}`;
      const admin = await get(p, path, NY_TWO_DAYS, await sessionOf(p, 'admin'));
      expect([admin.status, (admin.json.Totals as { BillableMessages: number }).BillableMessages]).toEqual([200, 10]);
      const agent = await get(p, path, NY_TWO_DAYS, await sessionOf(p, 'alice'));
      expect([agent.status, agent.type]).toEqual([403, 'AccessDeniedException']);
    });

    it('re-reads history under a new policy after a restart: only customers and agents, no attachments nor interactive, another price', async () => {
      await p.stop();
      p = await kept.start({ PARLEY_BILLABLE_ROLES: 'CUSTOMER,AGENT', PARLEY_BILL_ATTACHMENTS: 'false', PARLEY_BILL_INTERACTIVE: 'false', PARLEY_PRICE_PER_MESSAGE: '0.0125', PARLEY_CURRENCY: 'EUR' });
      const res = await usage({ ...NY_TWO_DAYS, TimeZone: 'America/New_York' });
      expect(res.json.Usage).toEqual([
        // Chat A without the greeting (SYSTEM), the list picker (interactive) and the attachment: Hi, Hello, One more thing, Sure.
        { Day: '2027-03-14', Channel: 'CHAT', Queue: basic(), BillableMessages: 4, Cost: 0.05 }, // 4 × 0.0125
        { Day: '2027-03-14', Channel: 'CHAT', Queue: billing(), BillableMessages: 1, Cost: 0.0125 }, // the initial message, not "Billing here."
        { Day: '2027-03-15', Channel: 'CHAT', Queue: billing(), BillableMessages: 1, Cost: 0.0125 },
      ]);
      expect(res.json.Totals).toEqual({ BillableMessages: 6, Cost: 0.075, Currency: 'EUR' }); // 6 × 0.0125
      expect(res.json.Policy).toEqual({ BillableRoles: ['CUSTOMER', 'AGENT'], BillAttachments: false, BillInteractive: false, PricePerMessage: 0.0125, Currency: 'EUR' });
    });
  });
}
