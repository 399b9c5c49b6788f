import { useCallback, useEffect, useRef, useState } from 'react';
import { useConsole } from '../context';
import { ErrorMessage } from '../ui/error-message';
import type { FieldErrors } from '../ui/form-checks';
import { Page } from '../ui/page';
import { DashboardsNav } from './dashboards-nav';
import { DEFAULT_CHOICE, HistoricalForm, type Choice } from './historical-form';
import { loadReport, type Report, type ReportContext } from './historical-report';
import { HistoricalResults } from './historical-results';
import { instanceArn, serverNow } from './metrics-api';
import { MAX_DAYS, periodOf } from './period';
import './dashboards.css';

const DAY_MS = 86_400_000;

/**
 * Historical metrics (GetMetricDataV2) over a chosen period: charts per metric and a summary
 * table, each downloadable as CSV. Opens on today, by hour. The period is measured on the
 * server's clock (its "now" ends today's period).
 */
export function HistoricalPage() {
  const { api, onError } = useConsole();
  const context = useRef<ReportContext | null>(null);
  const round = useRef(0);
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const show = useCallback(
    async (c: Choice): Promise<FieldErrors | null> => {
      const mine = ++round.current;
      setBusy(true);
      setError(null);
      try {
        const ctx: ReportContext = context.current ?? (await Promise.all([instanceArn(api), api.listQueues()]).then(([arn, queues]) => ({ arn, queues, users: [] })));
        context.current = ctx;
        if (c.grouping === 'AGENT' && !ctx.users.length) ctx.users = await api.listUsers();
        const period = periodOf(c.period, await serverNow(api), c.timeZone, c.from, c.to);
        const refusal: FieldErrors | null =
          'error' in period
            ? { period: period.error }
            : period.end - period.start > MAX_DAYS[c.interval] * DAY_MS
              ? { interval: `${c.interval === 'HOUR' ? 'Hourly intervals' : 'Reports'} cover at most ${MAX_DAYS[c.interval]} days: choose a shorter period${c.interval === 'HOUR' ? ' or the Day interval' : ''}.` }
              : null;
        // The report shown must always be the one the form describes: a refused choice clears it.
        if (refusal || 'error' in period) {
          if (mine === round.current) setReport(undefined);
          return refusal;
        }
        if (!ctx.queues.length) throw new Error('This instance has no queues: there is nothing to report on.');
        const r = await loadReport(api, { period, interval: c.interval, grouping: c.grouping, timeZone: c.timeZone, threshold: c.threshold }, ctx);
        // A slower earlier answer never replaces a newer one.
        if (mine === round.current) setReport(r);
        return null;
      } catch (e) {
        onError(e);
        if (mine === round.current) {
          setReport(undefined);
          setError(e);
        }
        return null;
      } finally {
        if (mine === round.current) setBusy(false);
      }
    },
    [api, onError],
  );

  useEffect(() => {
    void show(DEFAULT_CHOICE).then((refused) => refused && setError(new Error(Object.values(refused).join(' '))));
  }, [show]);

  return (
    <Page title="Dashboards: historical metrics">
      <DashboardsNav current="historical" />
      <HistoricalForm busy={busy} onShow={show} />
      <ErrorMessage error={error} title="The report could not be made." />
      {busy && (
        <p className="muted" role="status">
          Loading the report…
        </p>
      )}
      {report && <HistoricalResults report={report} />}
    </Page>
  );
}
