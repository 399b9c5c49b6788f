import { useId, useMemo, useState, type FormEvent } from 'react';
import { browserTimeZone, timeZones } from '../hours/time';
import { ErrorMessage } from '../ui/error-message';
import { SelectField, TextField } from '../ui/field';
import { invalidFields, wholeNumber, type FieldErrors } from '../ui/form-checks';
import { GROUPINGS, INTERVALS, type Grouping, type IntervalPeriod } from './historical-metrics';
import { isTimeZone, PERIODS, type PeriodKind } from './period';

export interface Choice {
  period: PeriodKind;
  from: string;
  to: string;
  interval: IntervalPeriod;
  grouping: Grouping;
  timeZone: string;
  threshold: number;
}

export const DEFAULT_CHOICE: Choice = { period: 'today', from: '', to: '', interval: 'HOUR', grouping: '', timeZone: browserTimeZone(), threshold: 60 };

/**
 * What to report: the period (today, yesterday, the last 7 days or chosen dates), the interval,
 * the grouping, the time zone days and hours are counted in (the browser's by default) and the
 * service level threshold. Fields are checked before anything is sent; `problem` is a refusal
 * that depends on the server's clock (a period not started yet, too long for hours).
 */
export function HistoricalForm({ busy, onShow }: { busy: boolean; onShow: (c: Choice) => Promise<FieldErrors | null> }) {
  const listId = useId();
  const zones = useMemo(timeZones, []);
  const [c, setC] = useState({ ...DEFAULT_CHOICE, threshold: String(DEFAULT_CHOICE.threshold) });
  const [fields, setFields] = useState<FieldErrors>({});
  const [invalid, setInvalid] = useState<Error | null>(null);
  const set = <K extends keyof typeof c>(k: K) => (v: (typeof c)[K]) => setC((s) => ({ ...s, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (!isTimeZone(c.timeZone.trim())) errs.timeZone = 'Time zone must be an IANA time zone such as Europe/Paris or UTC.';
    const threshold = wholeNumber(c.threshold, 'Service level threshold', 1, 604_800);
    if (threshold.error || threshold.value === undefined) errs.threshold = threshold.error ?? 'Service level threshold is required.';
    if (c.period === 'custom' && !c.from) errs.from = 'Choose the first day.';
    if (c.period === 'custom' && !c.to) errs.to = 'Choose the last day.';
    if (!Object.keys(errs).length) Object.assign(errs, (await onShow({ ...c, timeZone: c.timeZone.trim(), threshold: threshold.value! })) ?? {});
    setFields(errs);
    setInvalid(invalidFields(errs));
  };

  return (
    <form className="panel report-form" onSubmit={submit} noValidate aria-labelledby="report-form" aria-busy={busy}>
      <h2 id="report-form" className="sr-only">
        Report settings
      </h2>
      <ErrorMessage error={invalid} />
      <div className="form-row">
        <SelectField label="Period" value={c.period} onChange={(v) => set('period')(v as PeriodKind)} options={[...PERIODS]} error={fields.period} />
        {c.period === 'custom' && (
          <>
            <TextField label="From" type="date" value={c.from} onChange={set('from')} error={fields.from} />
            <TextField label="To" type="date" value={c.to} onChange={set('to')} error={fields.to} hint="Included" />
          </>
        )}
        <SelectField label="Interval" value={c.interval} onChange={(v) => set('interval')(v as IntervalPeriod)} options={[...INTERVALS]} error={fields.interval} hint="Hours: periods of 3 days at most" />
        <SelectField label="Group by" value={c.grouping} onChange={(v) => set('grouping')(v as Grouping)} options={[...GROUPINGS]} />
      </div>
      <div className="form-row">
        <TextField label="Time zone" value={c.timeZone} onChange={set('timeZone')} error={fields.timeZone} list={listId} />
        <datalist id={listId}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <TextField label="Service level threshold (seconds)" type="number" min={1} max={604800} value={c.threshold} onChange={set('threshold')} error={fields.threshold} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Loading…' : 'Show'}
        </button>
      </div>
    </form>
  );
}
