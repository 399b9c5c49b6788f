import { DAYS, type Day, type HoursConfig, type TimeSlice } from '../api/types';

/** `{Hours: 9, Minutes: 5}` → `09:05` (the value of an `<input type="time">`). */
export const sliceText = (t: TimeSlice | undefined) => (t ? `${String(t.Hours).padStart(2, '0')}:${String(t.Minutes).padStart(2, '0')}` : '');

/** `09:05` → `{Hours: 9, Minutes: 5}`; undefined for anything else. */
export function parseSlice(text: string): TimeSlice | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const Hours = Number(m[1]);
  const Minutes = Number(m[2]);
  return Hours <= 23 && Minutes <= 59 ? { Hours, Minutes } : undefined;
}

export const dayName = (d: Day) => d.charAt(0) + d.slice(1).toLowerCase();

/** A window as Connect means it: equal times are the whole day, an end before the start runs past midnight. */
export function windowText(start: TimeSlice | undefined, end: TimeSlice | undefined): string {
  const s = sliceText(start);
  const e = sliceText(end);
  if (s && s === e) return s === '00:00' ? 'all day' : `${s} – ${e} (24 hours)`;
  return `${s} – ${e}${start && end && end.Hours * 60 + end.Minutes < start.Hours * 60 + start.Minutes ? ' (next day)' : ''}`;
}

/** The windows of each day, Monday first. */
export function byDay(config: HoursConfig[]): [Day, HoursConfig[]][] {
  return DAYS.map((d) => [d, config.filter((c) => c.Day === d)]);
}

/** Time zones the browser knows, for the time zone field's suggestions. */
export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
