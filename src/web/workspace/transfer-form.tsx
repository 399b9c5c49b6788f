import { useState, type FormEvent } from 'react';
import type { Directory, TransferTarget } from './types';
import { useAction } from './use-action';

/** Encodes a target as one select value: "qc:<id>" or "queue:<id>". */
function target(value: string): TransferTarget | null {
  const [kind, id] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
  if (!id) return null;
  return kind === 'qc' ? { QuickConnectId: id } : { QueueId: id };
}

/**
 * A cold transfer: pick a quick connect (agent or queue, with its transfer flow) or a queue. The
 * customer stays in the chat; this agent leaves it and enters after-contact work.
 */
export function TransferForm({ directory, onTransfer, onCancel }: { directory: Directory | null; onTransfer: (t: TransferTarget) => Promise<unknown>; onCancel: () => void }) {
  const [value, setValue] = useState('');
  const { run, busy, error } = useAction(onTransfer);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = target(value);
    if (t) void run(t);
  };
  return (
    <form className="transfer" onSubmit={submit} role="dialog" aria-label="Transfer the chat">
      <label>
        Transfer to
        <select value={value} onChange={(e) => setValue(e.target.value)} required autoFocus>
          <option value="">Choose…</option>
          {directory && directory.QuickConnects.length > 0 && (
            <optgroup label="Quick connects">
              {directory.QuickConnects.map((q) => (
                <option key={q.Id} value={`qc:${q.Id}`}>
                  {q.Name} ({q.QuickConnectType === 'USER' ? 'agent' : 'queue'})
                </option>
              ))}
            </optgroup>
          )}
          {directory && (
            <optgroup label="Queues">
              {directory.Queues.map((q) => (
                <option key={q.Id} value={`queue:${q.Id}`}>
                  {q.Name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <button type="submit" disabled={!value || busy}>
        Transfer
      </button>{' '}
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
