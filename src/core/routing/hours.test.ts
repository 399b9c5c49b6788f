import { describe, expect, it } from 'vitest';
import { type Day, DAYS, type HoursConfig, type HoursOverride, isOpen, isTimeZone } from './hours.js';

const hm = (s: string) => ({ Hours: Number(s.slice(0, 2)), Minutes: Number(s.slice(3, 5)) });
const on = (days: readonly Day[], start: string, end: string): HoursConfig[] => days.map((Day) => ({ Day, StartTime: hm(start), EndTime: hm(end) }));
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const;
const OFFICE = on(WEEKDAYS, '09:00', '17:00');
const ALWAYS = on(DAYS, '00:00', '00:00');
const at = (iso: string) => Date.parse(iso);

/** Each instant (UTC) with whether the hours are open then. */
function expectOpen(hours: HoursConfig[], tz: string, cases: [string, boolean][], overrides: HoursOverride[] = []) {
  expect(cases.map(([iso]) => [iso, isOpen(hours, overrides, tz, at(iso))])).toEqual(cases);
}

describe('weekly hours', () => {
  it('are open from the start minute up to, not including, the end minute, on the listed days only', () => {
    expectOpen(OFFICE, 'UTC', [
      ['2026-11-02T08:59:59Z', false], // Monday
      ['2026-11-02T09:00:00Z', true],
      ['2026-11-02T16:59:59Z', true],
      ['2026-11-02T17:00:00Z', false],
      ['2026-11-06T12:00:00Z', true], // Friday
      ['2026-11-07T12:00:00Z', false], // Saturday
      ['2026-11-08T12:00:00Z', false], // Sunday
    ]);
  });

  it('00:00 to 00:00 is the whole day, so every day listed makes 24/7', () => {
    expectOpen(ALWAYS, 'UTC', [
      ['2026-11-01T00:00:00Z', true],
      ['2026-11-03T23:59:59Z', true],
      ['2026-11-07T12:34:00Z', true],
    ]);
    // One day listed: that whole day and nothing of the next.
    expectOpen(on(['MONDAY'], '00:00', '00:00'), 'UTC', [
      ['2026-11-01T23:59:00Z', false],
      ['2026-11-02T00:00:00Z', true],
      ['2026-11-02T23:59:00Z', true],
      ['2026-11-03T00:00:00Z', false],
    ]);
  });

  it('a window ending before it starts runs past midnight into the next day', () => {
    expectOpen(on(['FRIDAY'], '22:00', '02:00'), 'UTC', [
      ['2026-11-06T21:59:00Z', false], // Friday
      ['2026-11-06T22:00:00Z', true],
      ['2026-11-07T00:00:00Z', true], // Saturday, from Friday's window
      ['2026-11-07T01:59:00Z', true],
      ['2026-11-07T02:00:00Z', false],
      ['2026-11-05T23:00:00Z', false], // Thursday has no window
      ['2026-11-07T23:00:00Z', false],
    ]);
  });

  it('an equal start and end other than midnight is 24 hours from the start', () => {
    expectOpen(on(['MONDAY'], '09:00', '09:00'), 'UTC', [
      ['2026-11-02T08:59:00Z', false],
      ['2026-11-02T09:00:00Z', true],
      ['2026-11-03T08:59:00Z', true],
      ['2026-11-03T09:00:00Z', false],
    ]);
  });

  it('read the clock in their time zone, the local day included', () => {
    // 01:00 UTC on Tuesday is 20:00 on Monday in New York (EST, UTC-5) and 10:00 on Tuesday in Tokyo.
    expectOpen(on(['MONDAY'], '19:00', '21:00'), 'America/New_York', [['2026-11-03T01:00:00Z', true]]);
    expectOpen(on(['MONDAY'], '19:00', '21:00'), 'UTC', [['2026-11-03T01:00:00Z', false]]);
    expectOpen(on(['TUESDAY'], '09:00', '11:00'), 'Asia/Tokyo', [['2026-11-03T01:00:00Z', true]]);
    // Half-hour offsets: 09:00 in Kolkata is 03:30 UTC.
    expectOpen(OFFICE, 'Asia/Kolkata', [
      ['2026-11-02T03:29:00Z', false],
      ['2026-11-02T03:30:00Z', true],
    ]);
  });
});

describe('daylight-saving changes', () => {
  it('America/New_York opens at 09:00 local before and after the clocks go forward', () => {
    expectOpen(OFFICE, 'America/New_York', [
      // Friday 6 March, EST (UTC-5).
      ['2026-03-06T13:59:00Z', false],
      ['2026-03-06T14:00:00Z', true],
      ['2026-03-06T21:59:00Z', true],
      ['2026-03-06T22:00:00Z', false],
      // Monday 9 March, EDT (UTC-4): an hour earlier in UTC.
      ['2026-03-09T12:59:00Z', false],
      ['2026-03-09T13:00:00Z', true],
      ['2026-03-09T13:30:00Z', true],
      ['2026-03-09T20:59:00Z', true],
      ['2026-03-09T21:00:00Z', false],
    ]);
  });

  it('America/New_York: a night window across the change lasts an hour less in spring and an hour more in autumn', () => {
    const night = on(['SATURDAY'], '22:00', '03:00');
    expectOpen(night, 'America/New_York', [
      // Saturday 7 March 22:00 EST = 03:00 UTC; on Sunday 8 March 02:00 EST becomes 03:00 EDT (07:00 UTC).
      ['2026-03-08T02:59:00Z', false],
      ['2026-03-08T03:00:00Z', true],
      ['2026-03-08T06:59:00Z', true],
      ['2026-03-08T07:00:00Z', false],
      // Saturday 31 October 22:00 EDT = 02:00 UTC; on Sunday 1 November 01:00–02:00 happens twice.
      ['2026-11-01T01:59:00Z', false],
      ['2026-11-01T02:00:00Z', true],
      ['2026-11-01T05:30:00Z', true], // 01:30 EDT
      ['2026-11-01T06:30:00Z', true], // 01:30 EST
      ['2026-11-01T07:59:00Z', true], // 02:59 EST
      ['2026-11-01T08:00:00Z', false], // 03:00 EST
    ]);
  });

  it('Europe/Berlin follows CET and CEST, a repeated hour is open both times and a skipped one never', () => {
    expectOpen(on(WEEKDAYS, '08:00', '18:00'), 'Europe/Berlin', [
      // Friday 27 March, CET (UTC+1); Monday 30 March, CEST (UTC+2).
      ['2026-03-27T06:59:00Z', false],
      ['2026-03-27T07:00:00Z', true],
      ['2026-03-30T05:59:00Z', false],
      ['2026-03-30T06:00:00Z', true],
      ['2026-03-30T15:59:00Z', true],
      ['2026-03-30T16:00:00Z', false],
    ]);
    // Sunday 25 October: 03:00 CEST goes back to 02:00 CET, so 02:00–03:00 is lived twice.
    expectOpen(on(['SUNDAY'], '02:00', '03:00'), 'Europe/Berlin', [
      ['2026-10-24T23:59:00Z', false], // 01:59 CEST
      ['2026-10-25T00:30:00Z', true], // 02:30 CEST
      ['2026-10-25T01:30:00Z', true], // 02:30 CET
      ['2026-10-25T02:00:00Z', false], // 03:00 CET
    ]);
    // Sunday 29 March: 02:00 CET jumps to 03:00 CEST, so 02:00–02:30 never comes.
    expectOpen(on(['SUNDAY'], '02:00', '02:30'), 'Europe/Berlin', [
      ['2026-03-29T00:59:00Z', false], // 01:59 CET
      ['2026-03-29T01:00:00Z', false], // 03:00 CEST
    ]);
  });
});

describe('overrides', () => {
  const override = (o: Partial<HoursOverride> & Pick<HoursOverride, 'EffectiveFrom' | 'EffectiveTill'>): HoursOverride => ({ Name: 'override', Config: [], ...o });

  it('a STANDARD override without hours closes its dates, from local midnight to local midnight', () => {
    const christmas = override({ EffectiveFrom: '2026-12-25', EffectiveTill: '2026-12-25' });
    expectOpen(
      ALWAYS,
      'America/New_York',
      [
        ['2026-12-25T04:59:00Z', true], // 24 December, 23:59 EST
        ['2026-12-25T05:00:00Z', false], // 25 December, 00:00 EST
        ['2026-12-26T04:59:00Z', false],
        ['2026-12-26T05:00:00Z', true],
      ],
      [christmas],
    );
  });

  it('a STANDARD override with hours replaces the hours of every date in its range, days without an entry closed', () => {
    const holidays = override({ EffectiveFrom: '2026-12-24', EffectiveTill: '2026-12-31', Config: on(WEEKDAYS, '10:00', '14:00') });
    expectOpen(
      OFFICE,
      'UTC',
      [
        ['2026-12-23T09:30:00Z', true], // before the range: the weekly hours
        ['2026-12-28T09:30:00Z', false], // Monday in the range
        ['2026-12-28T10:00:00Z', true],
        ['2026-12-28T13:59:00Z', true],
        ['2026-12-28T14:00:00Z', false],
        ['2026-12-26T11:00:00Z', false], // Saturday in the range
        ['2027-01-01T09:30:00Z', true], // after it
      ],
      [holidays],
    );
  });

  it('a STANDARD override can open a day the weekly hours keep closed', () => {
    const saturday = override({ EffectiveFrom: '2026-12-05', EffectiveTill: '2026-12-05', Config: on(['SATURDAY'], '10:00', '12:00') });
    expectOpen(
      OFFICE,
      'UTC',
      [
        ['2026-12-05T11:00:00Z', true],
        ['2026-12-05T12:00:00Z', false],
        ['2026-12-12T11:00:00Z', false],
      ],
      [saturday],
    );
  });

  it('OPEN adds windows and CLOSED cuts them, the rest of the day keeping its weekly hours', () => {
    const late = override({ OverrideType: 'OPEN', EffectiveFrom: '2026-12-01', EffectiveTill: '2026-12-31', Config: on(['THURSDAY'], '17:00', '20:00') });
    const training = override({ OverrideType: 'CLOSED', EffectiveFrom: '2026-12-01', EffectiveTill: '2026-12-31', Config: on(['TUESDAY'], '12:00', '13:00') });
    expectOpen(
      OFFICE,
      'UTC',
      [
        ['2026-12-03T16:59:00Z', true], // Thursday
        ['2026-12-03T19:59:00Z', true],
        ['2026-12-03T20:00:00Z', false],
        ['2026-12-01T11:59:00Z', true], // Tuesday
        ['2026-12-01T12:30:00Z', false],
        ['2026-12-01T13:00:00Z', true],
        ['2026-11-24T12:30:00Z', true], // a Tuesday before the range
      ],
      [late, training],
    );
  });

  it('a CLOSED override without hours closes its whole date, a night window run over from the day before included', () => {
    const night = on(['THURSDAY'], '22:00', '02:00');
    const closed = override({ OverrideType: 'CLOSED', EffectiveFrom: '2026-12-25', EffectiveTill: '2026-12-25' });
    expectOpen(
      night,
      'UTC',
      [
        ['2026-12-24T23:00:00Z', true],
        ['2026-12-25T01:00:00Z', false],
        ['2026-12-18T01:00:00Z', true], // the Friday before: no override
      ],
      [closed],
    );
  });

  it('a yearly recurring closure falls on its date each year while it is effective', () => {
    const christmas = override({
      OverrideType: 'CLOSED',
      EffectiveFrom: '2026-01-01',
      EffectiveTill: '2027-12-31',
      RecurrenceConfig: { RecurrencePattern: { Frequency: 'YEARLY', Interval: 1, ByMonth: [12], ByMonthDay: [25] } },
    });
    expectOpen(
      ALWAYS,
      'UTC',
      [
        ['2026-12-24T12:00:00Z', true],
        ['2026-12-25T12:00:00Z', false],
        ['2027-12-25T12:00:00Z', false],
        ['2027-11-25T12:00:00Z', true], // another month
        ['2028-12-25T12:00:00Z', true], // past EffectiveTill
      ],
      [christmas],
    );
  });

  it('a monthly recurrence on the last Friday closes early that Friday only', () => {
    const early = override({
      OverrideType: 'CLOSED',
      EffectiveFrom: '2026-01-01',
      EffectiveTill: '2026-12-31',
      Config: on(['FRIDAY'], '15:00', '00:00'),
      RecurrenceConfig: { RecurrencePattern: { Frequency: 'MONTHLY', Interval: 1, ByWeekdayOccurrence: [-1] } },
    });
    expectOpen(
      OFFICE,
      'UTC',
      [
        ['2026-11-27T14:59:00Z', true], // the last Friday of November
        ['2026-11-27T15:00:00Z', false],
        ['2026-11-20T16:00:00Z', true], // the Friday before
        ['2026-11-30T16:00:00Z', true], // the Monday after
      ],
      [early],
    );
  });

  it('a weekly recurrence with Interval 2 falls on every other week', () => {
    const everyOther = override({
      OverrideType: 'CLOSED',
      EffectiveFrom: '2026-11-01',
      EffectiveTill: '2026-12-31',
      Config: on(['MONDAY'], '09:00', '12:00'),
      RecurrenceConfig: { RecurrencePattern: { Frequency: 'WEEKLY', Interval: 2 } },
    });
    expectOpen(
      OFFICE,
      'UTC',
      [
        ['2026-11-02T10:00:00Z', false],
        ['2026-11-09T10:00:00Z', true],
        ['2026-11-16T10:00:00Z', false],
        ['2026-11-16T12:00:00Z', true],
      ],
      [everyOther],
    );
  });
});

describe('time zones', () => {
  it('are IANA names that Intl knows; anything else is refused', () => {
    expect(['UTC', 'America/New_York', 'Europe/Berlin'].map(isTimeZone)).toEqual([true, true, true]);
    expect(['Mars/Olympus_Mons', '', 'EST5EDT6'].map(isTimeZone)).toEqual([false, false, false]);
    expect(() => isOpen(OFFICE, [], 'Mars/Olympus_Mons', at('2026-11-02T10:00:00Z'))).toThrow(RangeError);
  });
});
