/**
 * Reporting periods as calendar days of a time zone, measured from the server's "now". Pure: no
 * clock of its own. A day is local midnight to local midnight (23 or 25 hours across DST).
 */

export const PERIODS = [
  { value: 'today', label: 'Today' },
  { value: 'yesterday', label: 'Yesterday' },
  { value: 'last7', label: 'Last 7 days' },
  { value: 'custom', label: 'Custom dates' },
] as const;
export type PeriodKind = (typeof PERIODS)[number]['value'];

export interface Period {
  start: number;
  end: number;
  /** The first and last calendar day covered, `YYYY-MM-DD` (for labels and file names). */
  firstDay: string;
  lastDay: string;
}

const DAY_MS = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

/** True for a time zone name the browser knows (IANA names and UTC). */
export function isTimeZone(tz: string): boolean {
  try {
    wallParts(0, tz);
    return true;
  } catch {
    return false;
  }
}

function wallParts(t: number, tz: string): Record<string, number> {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(tz, f);
  }
  return Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, Number(p.value)]));
}

/** The zone's offset from UTC at instant `t`, in ms. */
const offsetAt = (t: number, tz: string) => {
  const p = wallParts(t, tz);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (t - (((t % 1000) + 1000) % 1000));
};

/** The calendar day of instant `t` in `tz`, as `YYYY-MM-DD`. */
export function localDay(t: number, tz: string): string {
  const p = wallParts(t, tz);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` plus `n` days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The instant local midnight starts `day` in `tz` (the offset is read twice: it may differ either side of a DST change). */
export function startOfDay(day: string, tz: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  const guess = wall - offsetAt(wall, tz);
  return wall - offsetAt(guess, tz);
}

/** The period `kind` (custom: the days `from`–`to`, both included) up to `now` at most; an error message when there is none. */
export function periodOf(kind: PeriodKind, now: number, tz: string, from = '', to = ''): Period | { error: string } {
  const today = localDay(now, tz);
  let firstDay: string;
  let lastDay: string;
  if (kind === 'today') [firstDay, lastDay] = [today, today];
  else if (kind === 'yesterday') [firstDay, lastDay] = [addDays(today, -1), addDays(today, -1)];
  else if (kind === 'last7') [firstDay, lastDay] = [addDays(today, -6), today];
  else {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return { error: 'Choose both dates of the custom period.' };
    if (from > to) return { error: 'The first day must not be after the last day.' };
    if (from > today) return { error: `The period has not started yet: today is ${today}.` };
    [firstDay, lastDay] = [from, to];
  }
  const start = startOfDay(firstDay, tz);
  const end = Math.min(startOfDay(addDays(lastDay, 1), tz), now);
  if (end <= start) return { error: 'The period has not started yet.' };
  return { start, end, firstDay, lastDay };
}

/** The longest range of each interval the API admits (3 days for hours, 35 for days and the total). */
export const MAX_DAYS: Record<string, number> = { HOUR: 3, DAY: 35, TOTAL: 35 };
