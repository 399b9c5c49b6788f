import { useMemo } from 'react';
import { downloadCsv, toCsv } from './csv';
import { formatValue } from './format';
import { METRICS } from './historical-metrics';
import type { Report, Values } from './historical-report';
import { MetricChart } from './metric-chart';
import { chartsOf, fileNameOf, groupingLabel, summaryCsv } from './report-tables';

const periodText = (r: Report) => {
  const { firstDay, lastDay } = r.query.period;
  return `${firstDay === lastDay ? firstDay : `${firstDay} to ${lastDay}`} (${r.query.timeZone})`;
};

/** A summary row: every metric, "n/a" where the grouping has none (per agent, the queue-only ones). */
function SummaryRow({ label, values, available }: { label: string; values: Values | undefined; available: (name: string) => boolean }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {METRICS.map((m) => (
        <td key={m.name} className="num" data-metric={m.name} title={available(m.name) ? undefined : 'Measured per queue, not per agent'}>
          {available(m.name) ? formatValue(m.unit, values?.[m.name]) : 'n/a'}
        </td>
      ))}
    </tr>
  );
}

/** The summary table and the charts of a report, or why there is nothing to show. */
export function HistoricalResults({ report: r }: { report: Report }) {
  const charts = useMemo(() => chartsOf(r), [r]);
  const summary = useMemo(() => summaryCsv(r), [r]);
  const perQueueOnly = METRICS.filter((m) => !r.metrics.includes(m.name));
  if (!r.groups.length)
    return (
      <p className="empty" role="status">
        No contacts ended in this period ({periodText(r)}).
      </p>
    );
  const grouped = r.query.grouping !== '';
  return (
    <div className="results">
      {r.queuesLeftOut > 0 && <p className="warning">Only the first 100 queues are included ({r.queuesLeftOut} left out): the API takes at most 100 queues per query.</p>}
      <section aria-labelledby="summary-title" className="summary">
        <div className="chart-head">
          <h2 id="summary-title">Summary, {periodText(r)}</h2>
          <button type="button" onClick={() => downloadCsv(fileNameOf(r, 'summary'), toCsv(summary.header, summary.rows))} aria-label="Download CSV: summary">
            Download CSV
          </button>
        </div>
        <div className="table-scroll">
          <table className="summary-table">
            <caption className="sr-only">Summary over the whole period</caption>
            <thead>
              <tr>
                <th scope="col">{groupingLabel(r)}</th>
                {METRICS.map((m) => (
                  <th key={m.name} scope="col" className="num">
                    {m.name === 'SERVICE_LEVEL' ? `${m.label} (< ${r.query.threshold} s)` : m.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.groups.map((g) => (
                <SummaryRow key={g.key} label={g.label} values={r.summary.get(g.key)} available={(n) => r.metrics.some((x) => x === n)} />
              ))}
            </tbody>
            {grouped && r.overall && (
              <tfoot>
                <SummaryRow label="All together" values={r.overall} available={() => true} />
              </tfoot>
            )}
          </table>
        </div>
        <p className="muted small">
          Durations in minutes and seconds; “–” where there was nothing to average. Contacts count in the interval they ended in.
          {perQueueOnly.length > 0 && ` ${perQueueOnly.map((m) => m.label).join(' and ')} are measured per queue, so not per agent.`}
        </p>
      </section>
      <div className="charts">
        {charts.map((c) => (
          <MetricChart key={c.id} {...c} />
        ))}
      </div>
    </div>
  );
}
