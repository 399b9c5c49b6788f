import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestParley } from '../helpers/parley.js';
import { TEST_STORES } from '../helpers/stores.js';
import { customer, hangUpOn, metrics, metricsV2, queueFlow, team } from './kit.js';

/*
 * Intervals in a time zone across its DST changes (America/New_York, 2027): on Sunday 14 March
 * the clocks go from 02:00 EST to 03:00 EDT (a 23-hour day), on Sunday 7 November from 02:00 EDT
 * back to 01:00 EST (a 25-hour day). Customers wait in a queue nobody serves and leave; each one
 * is an abandoned contact counted in the local hour and day of its disconnect.
 *
 *   d1  06:10Z–06:30Z   leaves 01:30 EST, 14 March
 *   d2  06:50Z–07:10Z   leaves 03:10 EDT (02:xx does not exist that night)
 *   d3  07:20Z–07:25Z   leaves 03:25 EDT
 *   d4  05:10Z–05:30Z   leaves 01:30 EDT, 7 November (the first 01:00 hour)
 *   d5  06:10Z–06:30Z   leaves 01:30 EST, 7 November (the second 01:00 hour)
 */

const NY = 'America/New_York';
const utc = (month: number, day: number, h: number, m = 0) => new Date(Date.UTC(2027, month - 1, day, h, m));
const hours = (r: { MetricInterval?: { StartTime?: Date; EndTime?: Date } }) => (r.MetricInterval!.EndTime!.getTime() - r.MetricInterval!.StartTime!.getTime()) / 3_600_000;

for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`intervals across daylight saving time (${store.name})`, () => {
    let p: TestParley;
    let queueId: string;
    let flow: string;
    const abandoned = (StartTime: Date, EndTime: Date, IntervalPeriod: 'HOUR' | 'DAY') =>
      metricsV2(p, { StartTime, EndTime, Interval: { IntervalPeriod, TimeZone: NY }, Filters: [{ FilterKey: 'QUEUE', FilterValues: [queueId] }], Metrics: metrics('CONTACTS_ABANDONED') });
    const waitAndLeave = async (from: Date, to: Date) => {
      p.clock.set(from.getTime());
      await p.settle();
      const c = await customer(p, flow, { queue: queueId });
      p.clock.set(to.getTime());
      await p.settle();
      await hangUpOn(p, c.token);
    };

    beforeAll(async () => {
      p = await store.start();
      queueId = (await team(p, 'Night', 1, [])).queueId;
      flow = await queueFlow(p);
      await waitAndLeave(utc(3, 14, 6, 10), utc(3, 14, 6, 30));
      await waitAndLeave(utc(3, 14, 6, 50), utc(3, 14, 7, 10));
      await waitAndLeave(utc(3, 14, 7, 20), utc(3, 14, 7, 25));
      p.clock.set(utc(3, 16, 6).getTime());
      await p.settle();
    });
    afterAll(async () => {
      await p?.stop();
    });

    it('has no 02:00 hour on the night the clocks go forward, and a 23-hour day', async () => {
      // 00:00 EST to 05:00 EDT is four hours: 00, 01, 03 and 04 o'clock.
      const byHour = await abandoned(utc(3, 14, 5), utc(3, 14, 9), 'HOUR');
      expect(byHour.map((r) => r.MetricInterval?.StartTime)).toEqual([utc(3, 14, 5), utc(3, 14, 6), utc(3, 14, 7), utc(3, 14, 8)]);
      expect(byHour.map((r) => r.Collections?.[0].Value)).toEqual([0, 1, 2, 0]);
      // Local midnights: 13 March 05:00Z, 14 March 05:00Z (EST), 15 March 04:00Z (EDT).
      const byDay = await abandoned(utc(3, 13, 5), utc(3, 16, 4), 'DAY');
      expect(byDay.map((r) => [r.MetricInterval?.StartTime, hours(r), r.Collections?.[0].Value])).toEqual([
        [utc(3, 13, 5), 24, 0],
        [utc(3, 14, 5), 23, 3],
        [utc(3, 15, 4), 24, 0],
      ]);
    });

    it('has two 01:00 hours on the night the clocks go back, and a 25-hour day', async () => {
      await waitAndLeave(utc(11, 7, 5, 10), utc(11, 7, 5, 30));
      await waitAndLeave(utc(11, 7, 6, 10), utc(11, 7, 6, 30));
      p.clock.set(utc(11, 8, 12).getTime());
      await p.settle();
      // 00:00 EDT (04:00Z) to 03:00 EST (08:00Z): 00, 01 EDT, 01 EST, 02 o'clock.
      const byHour = await abandoned(utc(11, 7, 4), utc(11, 7, 8), 'HOUR');
      expect(byHour.map((r) => [r.MetricInterval?.StartTime, r.Collections?.[0].Value])).toEqual([
        [utc(11, 7, 4), 0],
        [utc(11, 7, 5), 1],
        [utc(11, 7, 6), 1],
        [utc(11, 7, 7), 0],
      ]);
      const byDay = await abandoned(utc(11, 7, 4), utc(11, 8, 5), 'DAY');
      expect(byDay.map((r) => [hours(r), r.Collections?.[0].Value])).toEqual([[25, 2]]);
    });
  });
}
