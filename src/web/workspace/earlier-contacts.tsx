import { useEffect, useId, useRef, useState } from 'react';
import { timeLabel } from './transcript-model';
import type { EarlierContact } from './types';

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; contacts: EarlierContact[] };

/**
 * The customer's earlier chats (same CustomerId, or the sessions a persistent chat continues):
 * when, with whom, how it ended and its last messages. Loaded once when the chat's tab opens (the
 * panel mounts with it); a past chat does not change, so there is nothing to refresh.
 */
export function EarlierContacts({ load }: { load: () => Promise<{ Contacts: EarlierContact[] }> }) {
  const heading = useId();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  // The caller passes a fresh closure on every render: only the first one is called.
  const loadRef = useRef(load);
  useEffect(() => {
    let live = true;
    loadRef.current().then(
      (r) => live && setLoaded({ state: 'done', contacts: r.Contacts }),
      (e: unknown) => live && setLoaded({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="earlier" aria-labelledby={heading}>
      <h3 id={heading}>Earlier contacts</h3>
      {loaded.state === 'loading' && <p className="muted">Loading…</p>}
      {loaded.state === 'error' && (
        <p className="error" role="alert">
          {loaded.message}
        </p>
      )}
      {loaded.state === 'done' && loaded.contacts.length === 0 && <p className="muted">None</p>}
      {loaded.state === 'done' && loaded.contacts.length > 0 && (
        <ol className="earlier-list">
          {loaded.contacts.map((c) => (
            <li key={c.ContactId} data-contact-id={c.ContactId}>
              <div>
                <strong>{timeLabel(c.StartedAt)}</strong>
                {c.Queue && <span className="muted"> · {c.Queue}</span>}
              </div>
              <div className="muted">
                {c.Agent ? `with ${c.Agent}` : 'no agent'}
                {c.EndedAt ? ` · ended${c.DisconnectReason ? ` (${c.DisconnectReason.toLowerCase().replace(/_/g, ' ')})` : ''}` : ' · still open'}
              </div>
              {c.LastMessages.map((m, i) => (
                <p key={i} className="earlier-message">
                  <span className="muted">{m.DisplayName}:</span> {m.Content}
                </p>
              ))}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
