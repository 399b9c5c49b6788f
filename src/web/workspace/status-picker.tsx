import type { AgentSnapshot, Directory } from './types';
import { useAction } from './use-action';

/**
 * The agent's status (from the directory's enabled statuses). A status that takes the agent out
 * of routing while it holds contacts becomes the next status; that is shown beside the select.
 */
export function StatusPicker({ snapshot, directory, onChange }: { snapshot: AgentSnapshot | null; directory: Directory | null; onChange: (statusId: string) => Promise<unknown> }) {
  const { run, busy, error } = useAction(onChange);
  const current = snapshot?.AgentStatus;
  const options = directory?.AgentStatuses ?? (current ? [current] : []);
  const next = snapshot?.NextAgentStatus;
  return (
    <div className="status-picker">
      <label>
        Status
        <select value={current?.Id ?? ''} disabled={busy || !current} onChange={(e) => void run(e.target.value)} className={`status-${current?.Type ?? 'none'}`}>
          {!current && <option value="">…</option>}
          {options.map((s) => (
            <option key={s.Id} value={s.Id}>
              {s.Name}
            </option>
          ))}
        </select>
      </label>
      {next && (
        <span className="next-status" role="status">
          {next.Name} when your chats are cleared
        </span>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
