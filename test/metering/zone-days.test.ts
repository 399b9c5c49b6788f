import { describe, expect, it } from 'vitest';
import { canonicalZone, dayLabel, dayOf, localDay, monthRange, offsetAt, offsetSpans, startOfDay } from '../../src/core/metering/zone-days.js';

/* Local days in IANA time zones, across the daylight saving changes that make a day 23 or 25 hours long. */

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const NY = 'America/New_York';

describe('days in a time zone', () => {
  it('finds the instants where the offset changes, to the millisecond', () => {
    // 2027 in New York: EST (-5 h) until 14 March 02:00 local = 07:00 UTC, EDT (-4 h) until 7 November 02:00 EDT = 06:00 UTC.
    const spans = offsetSpans(NY, Date.UTC(2027, 0, 1), Date.UTC(2028, 0, 1));
    expect(spans.map((s) => [iso(s.from), s.offset / H])).toEqual([
      ['2027-01-01T00:00:00.000Z', -5],
      ['2027-03-14T07:00:00.000Z', -4],
      ['2027-11-07T06:00:00.000Z', -5],
    ]);
    expect(offsetSpans('UTC', Date.UTC(2027, 0, 1), Date.UTC(2028, 0, 1))).toEqual([{ from: Date.UTC(2027, 0, 1), offset: 0 }]);
    // Lord Howe Island moves by half an hour.
    expect(offsetSpans('Australia/Lord_Howe', Date.UTC(2027, 2, 1), Date.UTC(2027, 4, 1)).map((s) => s.offset / H)).toEqual([11, 10.5]);
  });

  it('starts each day at local midnight, so the spring day has 23 hours and the autumn day 25', () => {
    const start = (y: number, m: number, d: number) => startOfDay(NY, dayOf(y, m, d));
    expect(iso(start(2027, 3, 14))).toBe('2027-03-14T05:00:00.000Z'); // midnight EST
    expect(iso(start(2027, 3, 15))).toBe('2027-03-15T04:00:00.000Z'); // midnight EDT
    expect((start(2027, 3, 15) - start(2027, 3, 14)) / H).toBe(23);
    expect((start(2026, 11, 2) - start(2026, 11, 1)) / H).toBe(25);
    // Chile moves its clocks at midnight: on 6 September 2026 local time jumps from 00:00 to 01:00, which is when that day starts.
    expect(iso(startOfDay('America/Santiago', dayOf(2026, 9, 6)))).toBe('2026-09-06T04:00:00.000Z');
    expect(iso(startOfDay('Asia/Kathmandu', dayOf(2027, 3, 14)))).toBe('2027-03-13T18:15:00.000Z'); // UTC+5:45
  });

  it('puts an instant on its local date', () => {
    const dayIn = (zone: string, ms: number) => dayLabel(localDay(ms, offsetAt(zone, ms)));
    expect(dayIn(NY, Date.UTC(2027, 2, 15, 3, 59, 59, 999))).toBe('2027-03-14'); // 23:59:59.999 EDT
    expect(dayIn(NY, Date.UTC(2027, 2, 15, 4))).toBe('2027-03-15');
    expect(dayIn('UTC', Date.UTC(2027, 2, 15, 4))).toBe('2027-03-15');
    expect(dayIn('Pacific/Kiritimati', Date.UTC(2027, 2, 14, 10))).toBe('2027-03-15'); // UTC+14
  });

  it('spans a month from its first local midnight to the next month’s', () => {
    const nov = monthRange(NY, 2026, 11);
    expect([iso(nov.start), iso(nov.end), nov.days.length]).toEqual(['2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z', 30]);
    const dec = monthRange('UTC', 2026, 12);
    expect([iso(dec.start), iso(dec.end), dayLabel(dec.days[30])]).toEqual(['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', '2026-12-31']);
    expect(monthRange(NY, 2028, 2).days).toHaveLength(29);
  });

  it('knows zone names in any case, and no others', () => {
    expect(canonicalZone('america/new_york')).toBe(NY);
    expect(canonicalZone('Mars/Olympus_Mons')).toBeNull();
  });
});
