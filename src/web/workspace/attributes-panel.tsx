import type { AgentContact } from './types';
import { timeLabel } from './transcript-model';

/** What the agent knows about the customer and the contact: the contact attributes, queue and times. */
export function AttributesPanel({ contact }: { contact: AgentContact }) {
  const attrs = Object.entries(contact.Attributes).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="attributes" aria-labelledby={`attrs-${contact.ContactId}`}>
      <h3 id={`attrs-${contact.ContactId}`}>Customer</h3>
      {attrs.length ? (
        <dl>
          {attrs.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">No attributes</p>
      )}
      <h3>Contact</h3>
      <dl>
        <div>
          <dt>Queue</dt>
          <dd>{contact.Queue?.Name ?? '—'}</dd>
        </div>
        <div>
          <dt>Started by</dt>
          <dd>{contact.InitiationMethod}</dd>
        </div>
        {contact.ConnectedToAgentTimestamp && (
          <div>
            <dt>Connected</dt>
            <dd>{timeLabel(contact.ConnectedToAgentTimestamp)}</dd>
          </div>
        )}
        <div>
          <dt>Contact id</dt>
          <dd className="mono">{contact.ContactId}</dd>
        </div>
      </dl>
    </section>
  );
}
