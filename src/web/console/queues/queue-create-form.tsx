import { useState, type FormEvent } from 'react';
import { useConsole } from '../context';
import { ErrorMessage } from '../ui/error-message';
import { SelectField, TextField } from '../ui/field';
import { invalidFields, wholeNumber, type FieldErrors } from '../ui/form-checks';
import { useAction } from '../ui/use-action';
import { useLoad } from '../ui/use-load';

/** CreateQueue: a name, optional description, hours of operation and optional contact limit. */
export function QueueCreateForm({ onCreated }: { onCreated: (name: string) => void }) {
  const { api } = useConsole();
  const hours = useLoad(() => api.listHours(), 'hours');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [hoursId, setHoursId] = useState('');
  const [max, setMax] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const action = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (!name.trim()) errs.name = 'Name is required.';
    if (!hoursId) errs.hours = 'Choose the hours of operation.';
    const maxContacts = wholeNumber(max, 'Maximum contacts', 0, 1_000_000);
    if (maxContacts.error) errs.max = maxContacts.error;
    setFields(errs);
    const invalid = invalidFields(errs);
    const ok = await action.run(async () => {
      if (invalid) throw invalid;
      await api.createQueue({ Name: name.trim(), Description: description || undefined, HoursOfOperationId: hoursId, MaxContacts: maxContacts.value });
    });
    if (!ok) return;
    onCreated(name.trim());
    setName('');
    setDescription('');
    setMax('');
  };

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="create-queue" aria-busy={action.busy}>
      <h2 id="create-queue">Create a queue</h2>
      <ErrorMessage error={action.error} title="The queue was not created." />
      <TextField label="Name" value={name} onChange={setName} error={fields.name} required />
      <TextField label="Description" value={description} onChange={setDescription} />
      <SelectField
        label="Hours of operation"
        value={hoursId}
        onChange={setHoursId}
        error={fields.hours}
        placeholder={hours.data ? 'Choose…' : 'Loading…'}
        options={(hours.data ?? []).map((h) => ({ value: h.Id, label: h.Name }))}
      />
      <TextField label="Maximum contacts" type="number" min={0} value={max} onChange={setMax} error={fields.max} hint="Empty: no limit" />
      <button type="submit" className="primary" disabled={action.busy}>
        Create queue
      </button>
    </form>
  );
}
