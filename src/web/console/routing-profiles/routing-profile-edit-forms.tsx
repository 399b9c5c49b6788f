import { useState } from 'react';
import type { MediaConcurrency, RoutingProfile, RoutingProfileQueue, Summary } from '../api/types';
import { useConsole } from '../context';
import { ChangePanel, useSaves } from '../ui/change-panel';
import { TextField } from '../ui/field';
import { invalidFields, wholeNumber, type FieldErrors } from '../ui/form-checks';
import { QueueConfigsEditor, type QueueConfigDraft } from './queue-configs-editor';
import { chunks, draftsOf, parseQueueRows, queueChanges } from './queue-changes';

const concurrencyOf = (rp: RoutingProfile, channel: string) => rp.MediaConcurrencies.find((m) => m.Channel === channel)?.Concurrency;

/**
 * The updates of a routing profile, each its own small form: name and description
 * (UpdateRoutingProfileName), contacts at once (UpdateRoutingProfileConcurrency) and its queues
 * (Disassociate, Associate and UpdateRoutingProfileQueues for what changed, in that order).
 */
export function RoutingProfileEditForms({ rp, rpQueues, queues, onSaved }: { rp: RoutingProfile; rpQueues: RoutingProfileQueue[]; queues: Summary[]; onSaved: () => void }) {
  const { api } = useConsole();
  const id = rp.RoutingProfileId;
  const [name, setName] = useState(rp.Name);
  const [description, setDescription] = useState(rp.Description ?? '');
  const [chats, setChats] = useState(String(concurrencyOf(rp, 'CHAT') ?? ''));
  const [tasks, setTasks] = useState(String(concurrencyOf(rp, 'TASK') ?? ''));
  const [rows, setRows] = useState<QueueConfigDraft[]>(() => draftsOf(rpQueues));
  const [fields, setFields] = useState<FieldErrors>({});

  const saves = useSaves(onSaved);
  const { action, save } = saves;
  /** Shows the form's field errors and throws the summary when there are any. */
  const check = (errs: FieldErrors) => {
    setFields(errs);
    const invalid = invalidFields(errs);
    if (invalid) throw invalid;
  };
  const saveName = save('Name', async () => {
    check(name.trim() ? {} : { name: 'Name is required.' });
    await api.updateRoutingProfileName(id, name.trim(), description.trim());
  });
  const saveConcurrency = save('Contacts at once', async () => {
    const chat = wholeNumber(chats, 'Chats at once', 1, 10);
    const task = wholeNumber(tasks, 'Tasks at once', 1, 10);
    check({
      ...(chat.error || chat.value === undefined ? { chats: chat.error ?? 'Chats at once is required (1 to 10).' } : {}),
      ...(task.error ? { tasks: task.error } : {}),
    });
    const media: MediaConcurrency[] = [{ Channel: 'CHAT', Concurrency: chat.value! }, ...(task.value ? [{ Channel: 'TASK', Concurrency: task.value }] : [])];
    await api.updateRoutingProfileConcurrency(id, media);
  });
  const saveQueues = save('Queues', async () => {
    const parsed = parseQueueRows(rows);
    check(parsed.error ? { queues: parsed.error } : {});
    const { remove, add, update } = queueChanges(rpQueues, parsed.configs);
    // Removing first lets a queue move to another channel without a duplicate in between.
    for (const part of chunks(remove)) await api.disassociateRoutingProfileQueues(id, part);
    for (const part of chunks(add)) await api.associateRoutingProfileQueues(id, part);
    for (const part of chunks(update)) await api.updateRoutingProfileQueues(id, part);
  });

  return (
    <ChangePanel saves={saves}>
      <form onSubmit={saveName} noValidate aria-label="Name and description" className="inline-form">
        <TextField label="Name" value={name} onChange={setName} error={fields.name} required />
        <TextField label="Description" value={description} onChange={setDescription} />
        <button type="submit" disabled={action.busy}>
          Save name
        </button>
      </form>
      <form onSubmit={saveConcurrency} noValidate aria-label="Contacts at once" className="inline-form">
        <TextField label="Chats at once" type="number" min={1} max={10} value={chats} onChange={setChats} error={fields.chats} required />
        <TextField label="Tasks at once" type="number" min={1} max={10} value={tasks} onChange={setTasks} error={fields.tasks} hint="Empty: the profile takes no tasks" />
        <button type="submit" disabled={action.busy}>
          Save contacts at once
        </button>
      </form>
      <form onSubmit={saveQueues} noValidate aria-label="Queues">
        <QueueConfigsEditor queues={queues} value={rows} onChange={setRows} error={fields.queues} />
        <button type="submit" disabled={action.busy}>
          Save queues
        </button>
      </form>
    </ChangePanel>
  );
}
