import { useState, type FormEvent } from 'react';
import type { Channel, MediaConcurrency, QueueConfig, Summary } from '../api/types';
import { useConsole } from '../context';
import { ErrorMessage } from '../ui/error-message';
import { SelectField, TextField } from '../ui/field';
import { invalidFields, wholeNumber, type FieldErrors } from '../ui/form-checks';
import { useAction } from '../ui/use-action';
import { NEW_QUEUE_CONFIG, QueueConfigsEditor, type QueueConfigDraft } from './queue-configs-editor';

/** CreateRoutingProfile: name, description, default outbound queue, chats (and tasks) at once, and its queues. */
export function RoutingProfileForm({ queues, onCreated }: { queues: Summary[]; onCreated: (name: string) => void }) {
  const { api } = useConsole();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [outbound, setOutbound] = useState('');
  const [chats, setChats] = useState('3');
  const [tasks, setTasks] = useState('');
  const [rows, setRows] = useState<QueueConfigDraft[]>([{ ...NEW_QUEUE_CONFIG }]);
  const [fields, setFields] = useState<FieldErrors>({});
  const action = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (!name.trim()) errs.name = 'Name is required.';
    if (!description.trim()) errs.description = 'Description is required.';
    if (!outbound) errs.outbound = 'Choose the default outbound queue.';
    const chat = wholeNumber(chats, 'Chats at once', 1, 10);
    if (chat.error || chat.value === undefined) errs.chats = chat.error ?? 'Chats at once is required (1 to 10).';
    const task = wholeNumber(tasks, 'Tasks at once', 1, 10);
    if (task.error) errs.tasks = task.error;
    const configs: QueueConfig[] = [];
    for (const [i, r] of rows.entries()) {
      const priority = wholeNumber(r.priority, 'Priority', 1, 99);
      const delay = wholeNumber(r.delay, 'Delay', 0, 9999);
      if (!r.queueId) errs.queues = `Queue ${i + 1}: choose a queue.`;
      else if (priority.value === undefined || delay.value === undefined) errs.queues = `Queue ${i + 1}: priority 1 to 99 and delay 0 to 9999 seconds.`;
      else configs.push({ QueueReference: { QueueId: r.queueId, Channel: r.channel as Channel }, Priority: priority.value, Delay: delay.value });
    }
    setFields(errs);
    const invalid = invalidFields(errs);
    const media: MediaConcurrency[] = [{ Channel: 'CHAT', Concurrency: chat.value ?? 1 }, ...(task.value ? [{ Channel: 'TASK', Concurrency: task.value }] : [])];
    const ok = await action.run(async () => {
      if (invalid) throw invalid;
      await api.createRoutingProfile({
        Name: name.trim(),
        Description: description.trim(),
        DefaultOutboundQueueId: outbound,
        MediaConcurrencies: media,
        ...(configs.length ? { QueueConfigs: configs } : {}),
      });
    });
    if (!ok) return;
    onCreated(name.trim());
    setName('');
    setDescription('');
  };

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="create-profile" aria-busy={action.busy}>
      <h2 id="create-profile">Create a routing profile</h2>
      <ErrorMessage error={action.error} title="The routing profile was not created." />
      <TextField label="Name" value={name} onChange={setName} error={fields.name} required />
      <TextField label="Description" value={description} onChange={setDescription} error={fields.description} required />
      <SelectField label="Default outbound queue" value={outbound} onChange={setOutbound} error={fields.outbound} placeholder="Choose…" options={queues.map((q) => ({ value: q.Id, label: q.Name }))} />
      <TextField label="Chats at once" type="number" min={1} max={10} value={chats} onChange={setChats} error={fields.chats} required />
      <TextField label="Tasks at once" type="number" min={1} max={10} value={tasks} onChange={setTasks} error={fields.tasks} hint="Empty: the profile takes no tasks" />
      <QueueConfigsEditor queues={queues} value={rows} onChange={setRows} error={fields.queues} />
      <button type="submit" className="primary" disabled={action.busy}>
        Create routing profile
      </button>
    </form>
  );
}
