import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { downloadCsv, toCsv, type CsvCell } from './csv';
import { formatValue, type Unit } from './format';

// Only what the dashboards draw is registered, so the bundle carries no other chart types.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Distinct colours, each with at least 3:1 contrast on white (WCAG non-text contrast). */
const COLOURS = ['#0b5cad', '#b3261e', '#1e6b36', '#8a4b00', '#6b3fa0', '#00707a', '#a4006b', '#4d5560'];

export interface Series {
  label: string;
  values: (number | null)[];
}

const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot'] as const;

const AXIS_TITLE: Record<Unit, string> = { COUNT: 'contacts', SECONDS: 'seconds', PERCENT: 'percent' };

/**
 * A chart with its text alternative: the canvas (an image named by its title) is drawn by
 * chart.js, the same figures are in a table under "Show the values", and "Download CSV" saves
 * them (from the same data, with exact values; an empty field where there is no value).
 */
export function MetricChart({ id, title, unit, kind, labels, series, csv, fileName }: {
  id: string;
  title: string;
  unit: Unit;
  kind: 'bar' | 'line';
  labels: string[];
  series: Series[];
  csv: { header: string[]; rows: CsvCell[][] };
  fileName: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(canvas.current!, {
      type: kind,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: COLOURS[i % COLOURS.length],
          borderColor: COLOURS[i % COLOURS.length],
          // Point shapes tell series apart without relying on colour alone; an interval without a value is a gap.
          pointStyle: POINT_STYLES[i % POINT_STYLES.length],
          pointRadius: 5,
          spanGaps: false,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          y: { beginAtZero: true, ...(unit === 'PERCENT' ? { suggestedMax: 100 } : {}), title: { display: true, text: AXIS_TITLE[unit] }, ticks: unit === 'COUNT' ? { precision: 0 } : {} },
        },
        plugins: { legend: { position: 'bottom', labels: { usePointStyle: kind === 'line' } }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatValue(unit, c.parsed.y)}` } } },
      },
    });
    return () => chart.destroy();
  }, [kind, unit, labels, series]);

  const headingId = `chart-${id}`;
  return (
    <figure className="chart" aria-labelledby={headingId} data-chart={id}>
      <div className="chart-head">
        <h3 id={headingId}>{title}</h3>
        <button type="button" onClick={() => downloadCsv(fileName, toCsv(csv.header, csv.rows))} aria-label={`Download CSV: ${title}`}>
          Download CSV
        </button>
      </div>
      <div className="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={`${title}: ${kind === 'bar' ? 'bar' : 'line'} chart of ${series.map((s) => s.label).join(', ')}; the values are in the table below.`} />
      </div>
      <details>
        <summary>Show the values</summary>
        <table>
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <td />
              {series.map((s) => (
                <th key={s.label} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((l, i) => (
              <tr key={`${l}-${i}`}>
                <th scope="row">{l}</th>
                {series.map((s) => (
                  <td key={s.label} className="num">
                    {formatValue(unit, s.values[i])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
