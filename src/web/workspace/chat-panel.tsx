import { useEffect, useState } from 'react';
import type { ChatSession } from '../client';
import { AttributesPanel } from './attributes-panel';
import type { ChatView } from './chat-manager';
import { Composer } from './composer';
import { EarlierContacts } from './earlier-contacts';
import { customerName, STATE_LABEL } from './contact-tabs';
import { QuickResponses } from './quick-responses';
import { Transcript } from './transcript';
import { TransferForm } from './transfer-form';
import { CLEARABLE, type AgentContact, type EarlierContact, type Directory, type TransferTarget } from './types';
import { useAction } from './use-action';
import { useTick } from './use-stores';

/** A typing event counts this long (Connect's clients show it for about as long). */
const TYPING_SHOWN_MS = 10_000;

const CONNECTION_LABEL: Record<ChatView['status'], string> = {
  connecting: 'Connecting…',
  connected: '',
  reconnecting: 'Reconnecting… messages will catch up',
  ended: 'The chat has ended',
  closed: '',
};

export interface ChatPanelProps {
  contact: AgentContact;
  view: ChatView | undefined;
  session: ChatSession | null;
  directory: Directory | null;
  draft: string;
  setDraft: (s: string) => void;
  /** The panel is what the agent sees now (its tab is selected and the page visible). */
  seen: () => void;
  onEnd: () => Promise<unknown>;
  onClear: () => Promise<unknown>;
  onTransfer: (t: TransferTarget) => Promise<unknown>;
  /** The customer's earlier chats: fetched once, when the tab opens. */
  loadHistory: () => Promise<{ Contacts: EarlierContact[] }>;
}

/** One contact's tab panel: header with state and actions, transcript, customer details, quick responses and the send box. */
export function ChatPanel(p: ChatPanelProps) {
  const { contact, view } = p;
  const [transferring, setTransferring] = useState(false);
  const end = useAction(p.onEnd);
  const clear = useAction(p.onClear);
  const connected = contact.State === 'CONNECTED';
  // Missed and rejected chats were never joined: nothing to write in.
  const joined = connected || contact.State === 'ENDED';
  const typing = Boolean(view?.typingAt) && connected;
  const now = useTick(1000, typing);
  const showTyping = typing && now - view!.typingAt < TYPING_SHOWN_MS;
  const items = view?.items ?? [];
  const { seen } = p;

  useEffect(() => {
    const look = () => document.visibilityState === 'visible' && seen();
    look();
    document.addEventListener('visibilitychange', look);
    return () => document.removeEventListener('visibilitychange', look);
  }, [seen, items, view?.status]);

  const status = view ? CONNECTION_LABEL[view.status] : '';
  const getUrl = p.session && connected ? (id: string) => p.session!.attachmentUrl(id) : null;
  return (
    <section className="chat" role="tabpanel" id={`panel-${contact.ContactId}`} aria-labelledby={`tab-${contact.ContactId}`} data-contact-id={contact.ContactId} data-state={contact.State}>
      <header className="chat-header">
        <h2>{customerName(view, contact)}</h2>
        <span className={`state state-${contact.State}`} role="status">
          {STATE_LABEL[contact.State]}
        </span>
        {connected && status && (
          <span className="conn muted" title={view?.error ?? undefined}>
            {status}
          </span>
        )}
        <span className="spacer" />
        {connected && (
          <>
            <button type="button" className="secondary" onClick={() => setTransferring((t) => !t)} aria-expanded={transferring}>
              Transfer
            </button>
            <button type="button" className="danger" disabled={end.busy} onClick={() => void end.run()}>
              End chat
            </button>
          </>
        )}
        {CLEARABLE.includes(contact.State) && (
          <button type="button" disabled={clear.busy} onClick={() => void clear.run()}>
            Clear
          </button>
        )}
      </header>
      {(end.error || clear.error) && (
        <p className="error" role="alert">
          {end.error ?? clear.error}
        </p>
      )}
      {transferring && connected && <TransferForm directory={p.directory} onTransfer={p.onTransfer} onCancel={() => setTransferring(false)} />}
      {contact.State === 'ENDED' && <p className="acw">After-contact work: wrap up, then clear the contact to free the slot.</p>}
      {(contact.State === 'MISSED' || contact.State === 'REJECTED') && (
        <p className="acw">{contact.State === 'MISSED' ? 'You did not answer this chat in time' : 'You rejected this chat'}; it went back to its queue. Clear it to get new chats in this slot.</p>
      )}
      <div className="chat-body">
        <div className="chat-main">
          <Transcript items={items} pending={view?.pending ?? []} participantId={view?.participantId ?? null} getUrl={getUrl} onDismiss={(t) => p.session?.dismiss(t)} />
          {joined && (
            <>
              <p className="typing" aria-live="polite">
                {showTyping ? `${view?.typingName || 'Customer'} is typing…` : ''}
              </p>
              <Composer session={p.session} draft={p.draft} setDraft={p.setDraft} disabled={!connected || view?.status === 'ended'} />
            </>
          )}
        </div>
        <aside className="side">
          <AttributesPanel contact={contact} />
          <EarlierContacts load={p.loadHistory} />
          {connected && <QuickResponses onPick={(t) => p.setDraft(p.draft ? `${p.draft} ${t}` : t)} />}
        </aside>
      </div>
    </section>
  );
}
