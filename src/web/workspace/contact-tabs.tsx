import { useRef, type KeyboardEvent } from 'react';
import type { ChatView } from './chat-manager';
import type { AgentContact, ContactState } from './types';

/** What a tab's badge says for each state (CONNECTING contacts are offers, not tabs). */
export const STATE_LABEL: Record<ContactState, string> = {
  CONNECTING: 'Incoming',
  CONNECTED: 'Connected',
  ENDED: 'After-contact work',
  MISSED: 'Missed',
  REJECTED: 'Rejected',
};

/**
 * The customer's display name as the transcript last has it (a returning customer may have
 * changed it); a chat the agent never joined (missed,
 * rejected) has no transcript here, so it is named by its queue.
 */
export function customerName(view: ChatView | undefined, contact: AgentContact): string {
  const name = [...(view?.items ?? [])].reverse().find((i) => i.ParticipantRole === 'CUSTOMER' && i.DisplayName)?.DisplayName;
  return name ?? (contact.Queue ? `Chat from ${contact.Queue.Name}` : 'Customer');
}

/**
 * One tab per contact the agent holds (WAI-ARIA tabs: arrow keys move between tabs, Home and End
 * jump). Each shows the customer, the state and the unread count.
 */
export function ContactTabs({ contacts, views, selected, onSelect }: { contacts: AgentContact[]; views: ReadonlyMap<string, ChatView>; selected: string | null; onSelect: (id: string) => void }) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const onKey = (e: KeyboardEvent, index: number) => {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: contacts.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const next = contacts[(moves[e.key] + contacts.length) % contacts.length];
    onSelect(next.ContactId);
    refs.current.get(next.ContactId)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Your chats">
      {contacts.map((c, i) => {
        const view = views.get(c.ContactId);
        const unread = view?.unread ?? 0;
        const active = c.ContactId === selected;
        return (
          <button
            key={c.ContactId}
            ref={(el) => void (el ? refs.current.set(c.ContactId, el) : refs.current.delete(c.ContactId))}
            type="button"
            role="tab"
            id={`tab-${c.ContactId}`}
            aria-controls={`panel-${c.ContactId}`}
            aria-selected={active}
            tabIndex={active ? 0 : -1}
            className={`tab state-${c.State}`}
            data-contact-id={c.ContactId}
            onClick={() => onSelect(c.ContactId)}
            onKeyDown={(e) => onKey(e, i)}
          >
            <span className="tab-name">{customerName(view, c)}</span>
            <span className="tab-state">{STATE_LABEL[c.State]}</span>
            {unread > 0 && (
              <span className="unread" aria-label={`${unread} unread`}>
                {unread}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
