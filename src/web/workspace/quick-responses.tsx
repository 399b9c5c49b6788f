import { useState } from 'react';
import { loadQuickResponses, saveQuickResponses } from './quick-responses-store';

/**
 * The agent's canned texts: one click puts a text into the send box (the agent may edit it
 * before sending). "Edit" turns the list into a text area, one response per line.
 */
export function QuickResponses({ onPick }: { onPick: (text: string) => void }) {
  const [list, setList] = useState(loadQuickResponses);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section className="quick" aria-labelledby="quick-title">
      <h3 id="quick-title">Quick responses</h3>
      {editing === null ? (
        <>
          <ul>
            {list.map((text, i) => (
              <li key={i}>
                <button type="button" className="link quick-response" onClick={() => onPick(text)}>
                  {text}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="secondary small" onClick={() => setEditing(list.join('\n'))}>
            Edit
          </button>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setList(saveQuickResponses(editing.split('\n')));
            setEditing(null);
          }}
        >
          <label>
            One response per line
            <textarea value={editing} rows={8} onChange={(e) => setEditing(e.target.value)} />
          </label>
          <button type="submit" className="small">
            Save
          </button>{' '}
          <button type="button" className="secondary small" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </form>
      )}
    </section>
  );
}
