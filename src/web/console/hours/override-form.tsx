import { useState, type FormEvent } from 'react';
import { OVERRIDE_TYPES, type OverrideType } from '../api/types';
import { useConsole } from '../context';
import { ErrorMessage } from '../ui/error-message';
import { SelectField, TextField } from '../ui/field';
import { invalidFields, type FieldErrors } from '../ui/form-checks';
import { useAction } from '../ui/use-action';
import { parseSlice } from './time';

const TYPE_HINTS: Record<OverrideType, string> = {
  STANDARD: 'Replaces the schedule on these dates: open only in the window below',
  OPEN: 'Opens the window below in addition to the schedule',
  CLOSED: 'Closes the window below, or the whole day when it is empty',
};

/** CreateHoursOfOperationOverride with one window that applies on every date of the range. */
export function OverrideForm({ hoursId, onCreated }: { hoursId: string; onCreated: () => void }) {
  const { api } = useConsole();
  const [name, setName] = useState('');
  const [type, setType] = useState<OverrideType>('CLOSED');
  const [from, setFrom] = useState('');
  const [till, setTill] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const action = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (!name.trim()) errs.name = 'Name is required.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) errs.from = 'From needs a date.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(till)) errs.till = 'Till needs a date.';
    else if (from && till < from) errs.till = 'Till must not be before From.';
    const s = parseSlice(start);
    const en = parseSlice(end);
    if ((start || end || type !== 'CLOSED') && (!s || !en)) errs.window = type === 'CLOSED' ? 'Give both times, or neither to close all day.' : 'Give the opening and closing times.';
    setFields(errs);
    const invalid = invalidFields(errs);
    const ok = await action.run(async () => {
      if (invalid) throw invalid;
      await api.createOverride(hoursId, { Name: name.trim(), OverrideType: type, EffectiveFrom: from, EffectiveTill: till, Config: s && en ? [{ StartTime: s, EndTime: en }] : [] });
    });
    if (!ok) return;
    setName('');
    onCreated();
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="create-override" aria-busy={action.busy} className="subform">
      <h3 id="create-override">Add an override</h3>
      <ErrorMessage error={action.error} title="The override was not added." />
      <TextField label="Override name" value={name} onChange={setName} error={fields.name} required />
      <SelectField label="Type" value={type} onChange={(v) => setType(v as OverrideType)} options={OVERRIDE_TYPES.map((t) => ({ value: t, label: t }))} hint={TYPE_HINTS[type]} />
      <TextField label="From" type="date" value={from} onChange={setFrom} error={fields.from} required />
      <TextField label="Till" type="date" value={till} onChange={setTill} error={fields.till} hint="Included" required />
      <TextField label="Opens" type="time" value={start} onChange={setStart} error={fields.window} />
      <TextField label="Closes" type="time" value={end} onChange={setEnd} />
      <button type="submit" disabled={action.busy}>
        Add override
      </button>
    </form>
  );
}
