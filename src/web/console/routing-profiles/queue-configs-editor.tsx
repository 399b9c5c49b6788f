import { CHANNELS, type Summary } from '../api/types';

/** One queue of a routing profile while it is edited; numbers as typed. */
export interface QueueConfigDraft {
  queueId: string;
  channel: string;
  priority: string;
  delay: string;
}

export const NEW_QUEUE_CONFIG: QueueConfigDraft = { queueId: '', channel: 'CHAT', priority: '1', delay: '0' };

/**
 * The queues a routing profile takes contacts from: per row a queue, a channel, a priority
 * (1–99, lower is served first) and a delay (seconds a contact waits before this profile's
 * agents are offered it).
 */
export function QueueConfigsEditor({ queues, value, onChange, error }: { queues: Summary[]; value: QueueConfigDraft[]; onChange: (v: QueueConfigDraft[]) => void; error?: string }) {
  const update = (i: number, patch: Partial<QueueConfigDraft>) => onChange(value.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className={error ? 'invalid' : undefined}>
      <legend>Queues</legend>
      {error && <span className="field-error">{error}</span>}
      {value.length === 0 && <p className="muted">No queues: the profile's agents get no contacts from a queue.</p>}
      {value.map((r, i) => (
        <div className="row" role="group" aria-label={`Queue ${i + 1}`} key={i}>
          <label>
            Queue {i + 1}
            <select value={r.queueId} onChange={(e) => update(i, { queueId: e.target.value })}>
              <option value="">Choose…</option>
              {queues.map((q) => (
                <option key={q.Id} value={q.Id}>
                  {q.Name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Channel
            <select value={r.channel} onChange={(e) => update(i, { channel: e.target.value })}>
              {CHANNELS.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label>
            Priority
            <input type="number" min={1} max={99} value={r.priority} onChange={(e) => update(i, { priority: e.target.value })} />
          </label>
          <label>
            Delay (seconds)
            <input type="number" min={0} max={9999} value={r.delay} onChange={(e) => update(i, { delay: e.target.value })} />
          </label>
          <button type="button" className="link" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            Remove<span className="sr-only"> queue {i + 1}</span>
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...value, { ...NEW_QUEUE_CONFIG }])}>
        Add a queue
      </button>
    </fieldset>
  );
}
