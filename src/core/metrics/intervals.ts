/**
 * The intervals of a GetMetricDataV2 answer (IntervalPeriod in an IANA TimeZone), pure: Intl
 * gives the zone's wall clock, no Date.now. Boundaries fall where the local wall clock is on a
 * period boundary (every 15 or 30 minutes, every hour, local midnight, Monday midnight), so a
 * day has 23 or 25 hourly intervals across a DST change and a DAY is a local calendar day.
 * The first and last intervals are cut at StartTime and EndTime.
 */

export const INTERVAL_PERIODS = ['FIFTEEN_MIN', 'THIRTY_MIN', 'HOUR', 'DAY', 'WEEK', 'TOTAL'] as const;
export type IntervalPeriod = (typeof INTERVAL_PERIODS)[number];

export interface Interval {
  start: number;
  end: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Every zone's offset today is a whole number of quarter hours: boundaries are searched on that grid. */
const STEP = 15 * MINUTE;

const SUB_DAY: Partial<Record<IntervalPeriod, number>> = { FIFTEEN_MIN: 15 * MINUTE, THIRTY_MIN: 30 * MINUTE, HOUR };

const formats = new Map<string, Intl.DateTimeFormat>();
function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(tz, f);
  }
  return f;
}

/** True for a time zone name Intl knows (IANA names and UTC). */
export function isTimeZone(tz: string): boolean {
  try {
    format(tz);
    return true;
  } catch {
    return false;
  }
}

/** The local wall-clock time of instant `t` in `tz`, written as if it were UTC milliseconds. */
export function wallClock(t: number, tz: string): number {
  const p = Object.fromEntries(format(tz).formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + (((t % 1000) + 1000) % 1000);
}

/** Which period a wall-clock time is in (days since the epoch; weeks start on Monday). */
function slot(wall: number, period: IntervalPeriod): number {
  const sub = SUB_DAY[period];
  if (sub) return Math.floor(wall / sub);
  const day = Math.floor(wall / DAY);
  // 1970-01-01 was a Thursday: day + 3 counts from a Monday.
  return period === 'WEEK' ? Math.floor((day + 3) / 7) : day;
}

/** The intervals covering [start, end), in order. */
export function intervalsOf(start: number, end: number, period: IntervalPeriod, tz: string): Interval[] {
  if (period === 'TOTAL') return [{ start, end }];
  const lookBack = period === 'WEEK' ? 8 * DAY : period === 'DAY' ? 2 * DAY : 2 * HOUR;
  const boundaries: number[] = [];
  let t = Math.floor((start - lookBack) / STEP) * STEP;
  let before = wallClock(t - STEP, tz);
  let last = -Infinity;
  for (; t < end; t += STEP) {
    const wall = wallClock(t, tz);
    const s = slot(wall, period);
    // On a boundary, or just past one the clock skipped (DST); a day or week never starts twice
    // when the clock goes back over midnight, an hour does (25 hourly intervals that day).
    const starts = s !== slot(wall - 1, period) || s > slot(before, period);
    if (starts && (SUB_DAY[period] || s > last)) {
      boundaries.push(t);
      last = s;
    }
    before = wall;
  }
  const out: Interval[] = [];
  for (let i = 0; i < boundaries.length; i++) {
    const from = Math.max(boundaries[i], start);
    const to = Math.min(boundaries[i + 1] ?? end, end);
    if (to > from) out.push({ start: from, end: to });
  }
  if (!out.length || out[0].start > start) out.unshift({ start, end: out[0]?.start ?? end });
  return out;
}

/** The index of the interval holding `t`, or -1 when outside them all. */
export function intervalIndex(intervals: readonly Interval[], t: number): number {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t < intervals[mid].start) hi = mid - 1;
    else if (t >= intervals[mid].end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
