import { useId, useMemo, useState, type FormEvent } from 'react';
import type { HoursConfig, HoursInput } from '../api/types';
import { ErrorMessage } from '../ui/error-message';
import { TextField } from '../ui/field';
import { invalidFields, type FieldErrors } from '../ui/form-checks';
import { useAction } from '../ui/use-action';
import { browserTimeZone, parseSlice, sliceText, timeZones } from './time';
import { WeekEditor, type WindowDraft } from './week-editor';

/** Monday to Friday, 9 to 5: where a new schedule starts. */
const WORKING_WEEK: WindowDraft[] = (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((day) => ({ day, start: '09:00', end: '17:00' }));

/**
 * Hours of operation (name, description, time zone, weekly schedule), to create them or to
 * change them; `onSubmit` sends them and the form announces its refusal.
 */
export function HoursForm({ initial, title, submitLabel, onSubmit }: { initial?: HoursInput; title: string; submitLabel: string; onSubmit: (h: HoursInput) => Promise<unknown> }) {
  const headingId = useId();
  const listId = useId();
  const zones = useMemo(timeZones, []);
  const [name, setName] = useState(initial?.Name ?? '');
  const [description, setDescription] = useState(initial?.Description ?? '');
  const [zone, setZone] = useState(initial?.TimeZone ?? browserTimeZone());
  const [week, setWeek] = useState<WindowDraft[]>(initial ? initial.Config.map((c) => ({ day: c.Day, start: sliceText(c.StartTime), end: sliceText(c.EndTime) })) : WORKING_WEEK);
  const [fields, setFields] = useState<FieldErrors>({});
  const action = useAction();
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (!name.trim()) errs.name = 'Name is required.';
    if (!zone.trim()) errs.zone = 'Time zone is required.';
    const config: HoursConfig[] = [];
    for (const w of week) {
      const StartTime = parseSlice(w.start);
      const EndTime = parseSlice(w.end);
      if (!StartTime || !EndTime) errs.week = 'Every window needs an opening and a closing time.';
      else config.push({ Day: w.day, StartTime, EndTime });
    }
    setFields(errs);
    setDone(false);
    const invalid = invalidFields(errs);
    const ok = await action.run(async () => {
      if (invalid) throw invalid;
      await onSubmit({ Name: name.trim(), Description: description, TimeZone: zone.trim(), Config: config });
    });
    setDone(ok);
    if (ok && !initial) {
      setName('');
      setDescription('');
    }
  };

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby={headingId} aria-busy={action.busy}>
      <h2 id={headingId}>{title}</h2>
      <ErrorMessage error={action.error} title="Not saved." />
      {done && (
        <p className="notice" role="status">
          Saved.
        </p>
      )}
      <TextField label="Name" value={name} onChange={setName} error={fields.name} required />
      <TextField label="Description" value={description} onChange={setDescription} />
      <TextField label="Time zone" value={zone} onChange={setZone} error={fields.zone} list={listId} hint="An IANA time zone, e.g. Europe/Paris" required />
      <datalist id={listId}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <WeekEditor value={week} onChange={setWeek} error={fields.week} />
      <button type="submit" className="primary" disabled={action.busy}>
        {submitLabel}
      </button>
    </form>
  );
}
