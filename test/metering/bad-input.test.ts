import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestParley } from '../helpers/parley.js';
import { get, seconds, TEST_STORES } from './kit.js';

/* The usage API refuses what it cannot answer with Connect's error types, and says what is wrong. */

const DAY = 86_400;
const START = seconds(2027, 3, 1);

for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`usage metering: bad input (${store.name})`, () => {
    let p: TestParley;
    beforeAll(async () => {
      p = await store.start();
    });
    afterAll(async () => {
      await p?.stop();
    });
    const usage = (query: Record<string, string>) => get(p, `/usage/${p.seeded.instanceId}`, query);
    const range = (start: number, end: number, more: Record<string, string> = {}) => usage({ StartTime: String(start), EndTime: String(end), ...more });
    const monthly = (month: string, query: Record<string, string> = {}) => get(p, `/usage/${p.seeded.instanceId}/monthly/${month}`, query);
    const refused = (res: { status: number; type: string | null; json: Record<string, unknown> }) => [res.status, res.type, res.json.Message];

    it('takes a range of up to 366 days that ends after it starts', async () => {
      expect((await range(START, START + 366 * DAY)).status).toBe(200);
      expect(refused(await range(START, START + 366 * DAY + 1))).toEqual([400, 'InvalidParameterException', 'The range from StartTime to EndTime may be at most 366 days']);
      expect(refused(await range(START, START))).toEqual([400, 'InvalidParameterException', 'EndTime must be after StartTime']);
      expect(refused(await range(START, START - 1))).toEqual([400, 'InvalidParameterException', 'EndTime must be after StartTime']);
    });

    it('wants both times as epoch seconds', async () => {
      const missing = await usage({ StartTime: String(START) });
      expect([missing.status, missing.type]).toEqual([400, 'InvalidParameterException']);
      expect(missing.json.Message).toMatch(/EndTime/);
      const text = await usage({ StartTime: 'yesterday', EndTime: String(START) });
      expect([text.status, text.type]).toEqual([400, 'InvalidParameterException']);
      expect(text.json.Message).toMatch(/StartTime/);
      expect((await range(-DAY, START)).status).toBe(400);
    });

    it('wants an IANA time zone and known groupings', async () => {
      expect(refused(await range(START, START + DAY, { TimeZone: 'Mars/Olympus_Mons' }))).toEqual([
        400,
        'InvalidParameterException',
        'TimeZone Mars/Olympus_Mons is not an IANA time zone name (such as America/New_York or UTC)',
      ]);
      expect(refused(await range(START, START + DAY, { Groupings: 'DAY,WEEK' }))).toEqual([400, 'InvalidParameterException', 'Groupings must be a comma-separated list of DAY, CHANNEL, QUEUE; not WEEK']);
      expect((await range(START, START + DAY, { Groupings: '' })).status).toBe(400);
      // Intl knows zone names in any case and answers with the canonical spelling.
      expect((await range(START, START + DAY, { TimeZone: 'europe/paris' })).json.TimeZone).toBe('Europe/Paris');
    });

    it('wants a month as YYYY-MM and a format of json or csv', async () => {
      for (const month of ['2027-13', '2027-3', '27-03', '2027-00', '1969-12', 'march'])
        expect(refused(await monthly(month))).toEqual([400, 'InvalidParameterException', `Month ${month} must be a month from 1970 on, as YYYY-MM (e.g. 2026-11)`]);
      expect((await monthly('2027-03', { Format: 'xml' })).status).toBe(400);
      expect((await monthly('2027-03', { TimeZone: 'Nowhere/Special' })).status).toBe(400);
    });

    it('does not know an instance it does not have', async () => {
      const res = await get(p, '/usage/00000000-0000-0000-0000-000000000000', { StartTime: String(START), EndTime: String(START + DAY) });
      expect([res.status, res.type]).toEqual([404, 'ResourceNotFoundException']);
      expect((await get(p, '/usage/00000000-0000-0000-0000-000000000000/monthly/2027-03')).status).toBe(404);
    });
  });
}
