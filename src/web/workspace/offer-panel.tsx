import { Countdown } from './countdown';
import type { AgentContact } from './types';
import { useAction } from './use-action';

/** One incoming chat: where it comes from, what the customer told, the time left, accept and reject. */
function Offer({ offer, skewMs, onAccept, onReject }: { offer: AgentContact; skewMs: number; onAccept: (id: string) => Promise<unknown>; onReject: (id: string) => Promise<unknown> }) {
  const accept = useAction(onAccept);
  const reject = useAction(onReject);
  const attrs = Object.entries(offer.Attributes).slice(0, 4);
  const titleId = `offer-${offer.ContactId}`;
  return (
    <li className="offer" role="group" aria-labelledby={titleId} data-contact-id={offer.ContactId}>
      <div className="offer-info">
        <strong id={titleId}>Incoming chat{offer.Queue ? ` from ${offer.Queue.Name}` : ''}</strong>
        {offer.InitiationMethod === 'TRANSFER' && <span className="badge">transfer</span>}
        {attrs.length > 0 && (
          <span className="offer-attrs">
            {attrs.map(([k, v]) => (
              <span key={k}>
                {k}: {v}
              </span>
            ))}
          </span>
        )}
      </div>
      {offer.OfferExpiresTimestamp && <Countdown expiresAt={offer.OfferExpiresTimestamp} skewMs={skewMs} />}
      <div className="offer-actions">
        <button type="button" className="accept" disabled={accept.busy || reject.busy} onClick={() => void accept.run(offer.ContactId)}>
          Accept
        </button>
        <button type="button" className="reject" disabled={accept.busy || reject.busy} onClick={() => void reject.run(offer.ContactId)}>
          Reject
        </button>
      </div>
      {(accept.error || reject.error) && (
        <p className="error" role="alert">
          {accept.error ?? reject.error}
        </p>
      )}
    </li>
  );
}

/** The offers waiting for the agent (contacts in CONNECTING); announced to screen readers as they come. */
export function OfferPanel(props: { offers: AgentContact[]; skewMs: number; onAccept: (id: string) => Promise<unknown>; onReject: (id: string) => Promise<unknown> }) {
  return (
    <section className="offers" aria-label="Incoming chats" aria-live="assertive">
      {props.offers.length > 0 && (
        <ul>
          {props.offers.map((o) => (
            <Offer key={o.ContactId} offer={o} skewMs={props.skewMs} onAccept={props.onAccept} onReject={props.onReject} />
          ))}
        </ul>
      )}
    </section>
  );
}
