import { useState } from 'react';
import type { Queue, Summary } from '../api/types';
import { useConsole } from '../context';
import { ChangePanel, useSaves } from '../ui/change-panel';
import { SelectField, TextField } from '../ui/field';
import { invalidFields, wholeNumber } from '../ui/form-checks';

/** The three updates Connect has for a queue (name, hours, max contacts), each its own small form. */
export function QueueEditForms({ queue, hours, onSaved }: { queue: Queue; hours: Summary[]; onSaved: () => void }) {
  const { api } = useConsole();
  const [name, setName] = useState(queue.Name);
  const [description, setDescription] = useState(queue.Description ?? '');
  const [hoursId, setHoursId] = useState(queue.HoursOfOperationId ?? '');
  const [max, setMax] = useState(queue.MaxContacts === undefined ? '' : String(queue.MaxContacts));
  const [nameError, setNameError] = useState<string>();
  const [maxError, setMaxError] = useState<string>();

  const saves = useSaves(onSaved);
  const { action, save } = saves;
  const saveName = save('Name', async () => {
    setNameError(name.trim() ? undefined : 'Name is required.');
    const invalid = invalidFields(name.trim() ? {} : { name: 'Name is required.' });
    if (invalid) throw invalid;
    await api.updateQueueName(queue.QueueId, name.trim(), description);
  });
  const saveMax = save('Maximum contacts', async () => {
    const m = wholeNumber(max, 'Maximum contacts', 0, 1_000_000);
    setMaxError(m.error);
    const invalid = invalidFields(m.error ? { max: m.error } : {});
    if (invalid) throw invalid;
    await api.updateQueueMaxContacts(queue.QueueId, m.value);
  });

  return (
    <ChangePanel saves={saves}>
      <form onSubmit={saveName} noValidate aria-label="Name and description" className="inline-form">
        <TextField label="Name" value={name} onChange={setName} error={nameError} required />
        <TextField label="Description" value={description} onChange={setDescription} />
        <button type="submit" disabled={action.busy}>
          Save name
        </button>
      </form>
      <form onSubmit={save('Hours of operation', () => api.updateQueueHours(queue.QueueId, hoursId))} noValidate aria-label="Hours of operation" className="inline-form">
        <SelectField label="Hours of operation" value={hoursId} onChange={setHoursId} options={hours.map((h) => ({ value: h.Id, label: h.Name }))} />
        <button type="submit" disabled={action.busy || !hoursId}>
          Save hours
        </button>
      </form>
      <form onSubmit={saveMax} noValidate aria-label="Maximum contacts" className="inline-form">
        <TextField label="Maximum contacts" type="number" min={0} value={max} onChange={setMax} error={maxError} hint="Empty: no limit" />
        <button type="submit" disabled={action.busy}>
          Save limit
        </button>
      </form>
    </ChangePanel>
  );
}
