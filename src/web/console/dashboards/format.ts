/** How figures are shown on the dashboards. A value that cannot be computed shows as "–", never as 0. */

export type Unit = 'COUNT' | 'SECONDS' | 'PERCENT';

export const NONE = '–';

/** Whole seconds as m:ss (minutes keep counting past an hour: 75:02). */
export function minSec(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A metric value in its unit: counts as numbers, durations as m:ss, percentages with one decimal. */
export function formatValue(unit: Unit, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  if (unit === 'SECONDS') return minSec(v);
  if (unit === 'PERCENT') return `${v.toFixed(1)} %`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** An instant (epoch seconds) as hh:mm:ss in the browser's time zone. */
export const clockTime = (epochSeconds: number) => clock.format(new Date(epochSeconds * 1000));
