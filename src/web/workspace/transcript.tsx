import { Fragment, useEffect, useRef } from 'react';
import { receiptState, type ChatItem, type PendingMessage } from '../client';
import { AttachmentLink } from './attachment-link';
import { MessageText } from './markdown-view';
import { eventText, isEarlier, isShown, senderName, timeLabel } from './transcript-model';

const RECEIPT_LABEL = { delivered: 'Delivered', read: 'Read' } as const;

function Message({ item, mine, receipt, getUrl }: { item: ChatItem; mine: boolean; receipt: keyof typeof RECEIPT_LABEL | undefined; getUrl: ((id: string) => Promise<string>) | null }) {
  const who = mine ? 'You' : senderName(item);
  return (
    <li className={`msg ${mine ? 'mine' : 'theirs'} role-${item.ParticipantRole ?? 'SYSTEM'}`} data-item-id={item.Id} aria-label={`${who}, ${timeLabel(item.AbsoluteTime)}`}>
      <div className="msg-head">
        <span className="who">{who}</span> <time dateTime={item.AbsoluteTime}>{timeLabel(item.AbsoluteTime)}</time>
      </div>
      {item.Content !== undefined && item.Type === 'MESSAGE' && <MessageText text={item.Content} markdown={item.ContentType === 'text/markdown'} />}
      {item.Attachments?.map((a) => <AttachmentLink key={a.AttachmentId} attachment={a} getUrl={getUrl} />)}
      {mine && receipt && <div className={`receipt receipt-${receipt}`}>{RECEIPT_LABEL[receipt]}</div>}
    </li>
  );
}

/**
 * A chat's transcript in order: messages (Markdown rendered safely), attachments with download
 * buttons, the events people care about, and for the agent's own messages whether the customer
 * has read them. Items of the customer's earlier chats (persistent chat) come first, marked.
 */
export function Transcript({
  items,
  pending,
  participantId,
  getUrl,
  onDismiss,
}: {
  items: readonly ChatItem[];
  pending: readonly PendingMessage[];
  participantId: string | null;
  getUrl: ((id: string) => Promise<string>) | null;
  onDismiss: (clientToken: string) => void;
}) {
  const list = useRef<HTMLOListElement>(null);
  const shown = items.filter(isShown);
  const last = `${shown.at(-1)?.Id}:${pending.length}`;

  const opened = useRef(false);
  useEffect(() => {
    // Open at the newest item; then follow new items, unless the agent scrolled up to read.
    const el = list.current;
    if (!el) return;
    if (!opened.current || el.scrollHeight - el.scrollTop - el.clientHeight < 160) el.scrollTop = el.scrollHeight;
    opened.current = shown.length > 0;
  }, [last, shown.length]);

  let earlierShown = false;
  return (
    <ol className="transcript" role="log" aria-label="Transcript" aria-live="polite" ref={list}>
      {shown.map((i, n) => {
        const earlier = isEarlier(i);
        const heading =
          earlier && !earlierShown ? <li className="divider">Earlier contacts of this customer</li> : !earlier && n > 0 && isEarlier(shown[n - 1]) ? <li className="divider">This contact</li> : null;
        if (earlier) earlierShown = true;
        return (
          <Fragment key={i.Id}>
            {heading}
            {i.Type === 'EVENT' ? (
              <li className={`event${earlier ? ' earlier' : ''}`} data-item-id={i.Id}>
                {eventText(i)} <time dateTime={i.AbsoluteTime}>{timeLabel(i.AbsoluteTime)}</time>
              </li>
            ) : (
              <Message item={i} mine={Boolean(participantId) && i.ParticipantId === participantId} receipt={receiptState(i) ?? undefined} getUrl={getUrl} />
            )}
          </Fragment>
        );
      })}
      {pending.map((m) => (
        <li key={m.clientToken} className={`msg mine pending${m.failed ? ' failed' : ''}`}>
          <MessageText text={m.content} markdown={m.contentType === 'text/markdown'} />
          <div className="receipt">
            {m.failed ? (
              <>
                <span className="error">Not sent: {m.failed}</span>{' '}
                <button type="button" className="link" onClick={() => onDismiss(m.clientToken)}>
                  Dismiss
                </button>
              </>
            ) : (
              'Sending…'
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
