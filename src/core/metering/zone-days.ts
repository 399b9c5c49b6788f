/**
 * Calendar days in an IANA time zone, for usage reports. Pure: offsets come from Intl.
 *
 * A local day is not 24 hours: in America/New_York 2027-03-14 has 23 and 2026-11-01 has 25. Over
 * a range, a zone's UTC offset is constant between transitions, so the range is cut into spans
 * of one offset each (offsetSpans), and an instant's local day is floor((ms + offset) / DAY_MS),
 * which a store can compute in SQL with one CASE over the few spans.
 */

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Probing step for transitions: tzdb has no zone whose offset changes twice within it. */
const PROBE_MS = 6 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's canonical name (america/new_york → America/New_York), or null when Intl does not know it. */
export function canonicalZone(timeZone: string): string | null {
  try {
    return formatter(timeZone).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Local wall-clock time minus UTC at `ms`, in ms (America/New_York in winter: -18000000). */
export function offsetAt(timeZone: string, ms: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** From `from` (inclusive) until the next span's `from`, local time is UTC + `offset`. */
export interface OffsetSpan {
  from: number;
  offset: number;
}

/** The spans of constant offset covering [start, end), in order; the first starts at `start`. */
export function offsetSpans(timeZone: string, start: number, end: number): OffsetSpan[] {
  let offset = offsetAt(timeZone, start);
  const spans: OffsetSpan[] = [{ from: start, offset }];
  let at = start;
  while (at < end - 1) {
    const probe = Math.min(at + PROBE_MS, end - 1);
    if (offsetAt(timeZone, probe) === offset) {
      at = probe;
      continue;
    }
    const before = offset;
    at = firstInstant(at + 1, probe, (t) => offsetAt(timeZone, t) !== before);
    offset = offsetAt(timeZone, at);
    spans.push({ from: at, offset });
  }
  return spans;
}

/** The local day number (days since 1970-01-01) of an instant whose offset is known. */
export const localDay = (ms: number, offset: number): number => Math.floor((ms + offset) / DAY_MS);

/** 'YYYY-MM-DD' of a day number. */
export const dayLabel = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The day number of a calendar date (month 1-12). */
export const dayOf = (year: number, month: number, date: number): number => Date.UTC(year, month - 1, date) / DAY_MS;

/** The first instant of local day `day`: local midnight, or the end of a gap when a transition skips midnight. */
export function startOfDay(timeZone: string, day: number): number {
  // Local midnight lies within 26 hours of UTC midnight of the same date (offsets span -12 to +14 hours).
  const utcMidnight = day * DAY_MS;
  return firstInstant(utcMidnight - 26 * HOUR_MS, utcMidnight + 26 * HOUR_MS, (t) => localDay(t, offsetAt(timeZone, t)) >= day);
}

/** A month 'YYYY-MM' in a zone: its first instant, the first instant after it, and its day numbers. */
export function monthRange(timeZone: string, year: number, month: number): { start: number; end: number; days: number[] } {
  const first = dayOf(year, month, 1);
  const next = month === 12 ? dayOf(year + 1, 1, 1) : dayOf(year, month + 1, 1);
  const days = Array.from({ length: next - first }, (_, i) => first + i);
  return { start: startOfDay(timeZone, first), end: startOfDay(timeZone, next), days };
}

/** The smallest integer t in [lo, hi] for which `holds` is true, given that it holds at hi and, once true, stays true. */
function firstInstant(lo: number, hi: number, holds: (t: number) => boolean): number {
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return hi;
}
