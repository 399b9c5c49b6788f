import { slug, type CsvCell } from './csv';
import { CHARTS, GROUPINGS, METRICS, metricOf, type MetricName } from './historical-metrics';
import type { Report } from './historical-report';
import type { Series } from './metric-chart';

/** What one chart draws and downloads, derived from a report (pure, so it is computed once per report). */
export interface ChartData {
  id: string;
  title: string;
  unit: (typeof CHARTS)[number]['unit'];
  kind: 'bar' | 'line';
  labels: string[];
  series: Series[];
  csv: { header: string[]; rows: CsvCell[][] };
  fileName: string;
}

/** A local time in the report's zone as `YYYY-MM-DD hh:mm:ss` (sortable, and read by spreadsheets). */
const stamp = (t: number, tz: string) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(t))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
};

/** An interval's label on the chart: the hour (with the day when the period has several), or the day. */
function intervalLabel(r: Report, start: number): string {
  const { interval, timeZone, period } = r.query;
  const opts: Intl.DateTimeFormatOptions =
    interval === 'HOUR' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(period.firstDay === period.lastDay ? {} : { month: 'short', day: 'numeric' }) } : { weekday: 'short', month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(undefined, { timeZone, ...opts }).format(new Date(start));
}

/** The file name of a download: what it holds and the period, e.g. `contacts-handled-and-abandoned_2026-11-02_2026-11-02.csv`. */
export const fileNameOf = (r: Report, what: string) => `${slug(what)}_${r.query.period.firstDay}_${r.query.period.lastDay}.csv`;

/** CSV values are exact: seconds and percentages as numbers, the unit in the header. */
const UNIT_NOTE = { COUNT: '', SECONDS: ' (s)', PERCENT: ' (%)' } as const;

export const groupingLabel = (r: Report) => (r.query.grouping ? GROUPINGS.find((g) => g.value === r.query.grouping)!.label : 'Scope');

/** The charts a report can draw (per agent, those of queue-only metrics are left out). */
export function chartsOf(r: Report): ChartData[] {
  const { interval, timeZone, threshold } = r.query;
  const overTime = interval !== 'TOTAL';
  const unitNote = (m: MetricName) => `${metricOf(m).label}${UNIT_NOTE[metricOf(m).unit]}`;
  return CHARTS.filter((c) => c.metrics.every((m) => r.metrics.includes(m))).map((c) => {
    const title = c.title(threshold);
    const value = (g: string, start: number, m: MetricName) => r.series.get(g)?.get(start)?.[m] ?? null;
    const labels = overTime ? r.intervals.map((iv) => intervalLabel(r, iv.start)) : r.groups.map((g) => g.label);
    const series: Series[] = overTime
      ? r.groups.flatMap((g) =>
          c.metrics.map((m) => ({
            label: [r.query.grouping ? g.label : '', c.metrics.length > 1 || !r.query.grouping ? metricOf(m).label : ''].filter(Boolean).join(' · '),
            values: r.intervals.map((iv) => value(g.key, iv.start, m)),
          })),
        )
      : c.metrics.map((m) => ({ label: metricOf(m).label, values: r.groups.map((g) => value(g.key, r.query.period.start, m)) }));
    const header = [`Interval start (${timeZone})`, `Interval end (${timeZone})`, groupingLabel(r), ...c.metrics.map(unitNote)];
    const rows = r.groups.flatMap((g) =>
      r.intervals.map((iv) => [stamp(iv.start, timeZone), stamp(iv.end, timeZone), g.label, ...c.metrics.map((m) => value(g.key, iv.start, m))]),
    );
    return { id: c.id, title, unit: c.unit, kind: overTime && c.unit !== 'COUNT' ? 'line' : 'bar', labels, series, csv: { header, rows }, fileName: fileNameOf(r, title) };
  });
}

/** The summary as CSV: a row per group over the whole period, then everything together when grouped. */
export function summaryCsv(r: Report): { header: string[]; rows: CsvCell[][] } {
  const { timeZone, period } = r.query;
  const header = [`Period start (${timeZone})`, `Period end (${timeZone})`, groupingLabel(r), ...METRICS.map((m) => `${m.label}${UNIT_NOTE[m.unit]}`)];
  const times = [stamp(period.start, timeZone), stamp(period.end, timeZone)];
  const rows: CsvCell[][] = r.groups.map((g) => [...times, g.label, ...METRICS.map((m) => r.summary.get(g.key)?.[m.name] ?? null)]);
  if (r.query.grouping && r.overall) rows.push([...times, 'All together', ...METRICS.map((m) => r.overall?.[m.name] ?? null)]);
  return { header, rows };
}
