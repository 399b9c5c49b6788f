/**
 * Hours of operation, as Amazon Connect has them: weekly windows in a time zone, plus overrides
 * for holidays and special days. Pure: the caller passes the instant; time zones come from Intl.
 */

/** Index = JavaScript's day of the week (0 = Sunday). */
export const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
export type Day = (typeof DAYS)[number];

export const OVERRIDE_TYPES = ['STANDARD', 'OPEN', 'CLOSED'] as const;
export type OverrideType = (typeof OVERRIDE_TYPES)[number];

export interface TimeSlice {
  Hours: number;
  Minutes: number;
}

/** Connect's HoursOfOperationConfig: open on Day from StartTime to EndTime (an EndTime not after StartTime runs into the next day). */
export interface HoursConfig {
  Day: Day;
  StartTime: TimeSlice;
  EndTime: TimeSlice;
}

/** Connect's RecurrencePattern (recurring overrides). */
export interface RecurrencePattern {
  Frequency: 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  Interval: number;
  ByMonth?: number[];
  ByMonthDay?: number[];
  ByWeekdayOccurrence?: number[];
}

/**
 * Connect's HoursOfOperationOverride. EffectiveFrom/EffectiveTill are YYYY-MM-DD dates in the
 * hours' time zone, both included. STANDARD (the default, and what overrides were before
 * OverrideType existed) replaces the hours of each date it covers: its Config is all that opens,
 * a day without an entry is closed. OPEN adds its windows; CLOSED closes its windows, or the
 * whole date when it has none.
 */
export interface HoursOverride {
  HoursOfOperationOverrideId?: string;
  Name?: string;
  Description?: string;
  Config: Partial<HoursConfig>[];
  EffectiveFrom: string;
  EffectiveTill: string;
  OverrideType?: OverrideType;
  RecurrenceConfig?: { RecurrencePattern: RecurrencePattern };
}

const DAY_MINUTES = 24 * 60;
const MS_PER_DAY = 86_400_000;

/** [start, end) in minutes from the local midnight of the date the window starts on; end may pass 1440. */
type Span = readonly [number, number];

/**
 * Whether hours of operation are open at `nowMs`. Times are wall-clock times in `timeZone` (an
 * IANA name), so a 09:00 opening stays 09:00 across daylight-saving changes. A window belongs to
 * the date it starts on: a night window (EndTime before StartTime) runs into the next date, and
 * an equal StartTime and EndTime (00:00–00:00 in Connect's 24-hour days) means 24 hours. An
 * override of a date acts on the windows that start on that date. Throws a RangeError for a
 * time zone Intl does not know.
 */
export function isOpen(hours: readonly HoursConfig[], overrides: readonly HoursOverride[], timeZone: string, nowMs: number): boolean {
  const { date, minute } = wallClock(timeZone, nowMs);
  const today = rulesOf(date, hours, overrides);
  const yesterday = rulesOf(date - 1, hours, overrides);
  const within = (spans: Span[], offset: number) => spans.some(([s, e]) => s + offset <= minute && minute < e + offset);
  const open = within(today.open, 0) || within(yesterday.open, -DAY_MINUTES);
  const closed = within(today.closed, 0) || within(yesterday.closed, -DAY_MINUTES);
  return open && !closed;
}

/** Whether Intl knows the time zone (an IANA name such as America/New_York, or UTC). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The windows that start on a date (days since 1970-01-01), and those an override closes. */
function rulesOf(date: number, hours: readonly HoursConfig[], overrides: readonly HoursOverride[]): { open: Span[]; closed: Span[] } {
  const applying = overrides.filter((o) => covers(o, date));
  const standard = applying.filter((o) => (o.OverrideType ?? 'STANDARD') === 'STANDARD');
  // Temporary hours supersede everything else for their dates (Connect's admin guide).
  if (standard.length) return { open: standard.flatMap((o) => spansOn(date, o.Config, o)), closed: [] };
  const open = [...spansOn(date, hours), ...applying.filter((o) => o.OverrideType === 'OPEN').flatMap((o) => spansOn(date, o.Config, o))];
  const closed = applying
    .filter((o) => o.OverrideType === 'CLOSED')
    .flatMap((o): Span[] => (o.Config.length ? spansOn(date, o.Config, o) : [[0, DAY_MINUTES]]));
  return { open, closed };
}

function spansOn(date: number, config: readonly Partial<HoursConfig>[], o?: HoursOverride): Span[] {
  const day = DAYS[weekday(date)];
  // A recurrence on a day of the month picks the date itself, whatever its day of the week.
  const anyDay = Boolean(o?.RecurrenceConfig?.RecurrencePattern.ByMonthDay?.length);
  const out: Span[] = [];
  for (const c of config) {
    if (!c.StartTime || !c.EndTime || (c.Day && c.Day !== day && !anyDay)) continue;
    const s = minutesOf(c.StartTime);
    const e = minutesOf(c.EndTime);
    out.push([s, e > s ? e : e + DAY_MINUTES]);
  }
  return out;
}

const minutesOf = (t: TimeSlice) => t.Hours * 60 + t.Minutes;

function covers(o: HoursOverride, date: number): boolean {
  const from = parseDate(o.EffectiveFrom);
  const till = parseDate(o.EffectiveTill);
  if (from === null || till === null || date < from || date > till) return false;
  const p = o.RecurrenceConfig?.RecurrencePattern;
  return p ? recurs(p, from, date) : true;
}

/** Whether a recurring override falls on `date`, counting its Interval from EffectiveFrom. */
function recurs(p: RecurrencePattern, from: number, date: number): boolean {
  const interval = Math.max(1, p.Interval || 1);
  const d = civil(date);
  const f = civil(from);
  if (p.ByMonth?.length && !p.ByMonth.includes(d.month)) return false;
  if (p.ByMonthDay?.length && !p.ByMonthDay.some((n) => n === d.day || (n < 0 && d.day === daysInMonth(d.year, d.month) + n + 1))) return false;
  if (p.ByWeekdayOccurrence?.length) {
    const nth = Math.ceil(d.day / 7);
    const last = d.day + 7 > daysInMonth(d.year, d.month);
    if (!p.ByWeekdayOccurrence.some((n) => n === nth || (n === -1 && last))) return false;
  }
  switch (p.Frequency) {
    case 'WEEKLY':
      // Weeks counted from the Sunday-started week EffectiveFrom falls in.
      return Math.floor((date - weekday(date) - (from - weekday(from))) / 7) % interval === 0;
    case 'MONTHLY':
      return (d.year * 12 + d.month - (f.year * 12 + f.month)) % interval === 0;
    case 'YEARLY':
      return (d.year - f.year) % interval === 0;
    default:
      return false;
  }
}

const weekday = (date: number) => (((date + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday

function civil(date: number): { year: number; month: number; day: number } {
  const d = new Date(date * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function parseDate(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // h23: some ICU versions print midnight as 24 with hour12 off.
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local date (days since 1970-01-01) and minute of the day at an instant in a time zone. */
function wallClock(timeZone: string, ms: number): { date: number; minute: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { date: Date.UTC(parts.year, parts.month - 1, parts.day) / MS_PER_DAY, minute: parts.hour * 60 + parts.minute };
}
