/** @jsxImportSource preact */
import type { VNode } from 'preact';
import { receiptState } from '../client/transcript';
import { CONTENT_TYPES, type ChatItem } from '../client/types';
import { fill, type Texts } from './i18n';
import { Interactive } from './interactive';
import { Markdown } from './markdown';

export interface MessageProps {
  item: ChatItem;
  me: string | null;
  t: Texts;
  lang: string;
  /** Show the receipt (only under the customer's latest message). */
  showReceipt: boolean;
  /** The customer's answer to an interactive message (their next message), or null while unanswered. */
  answer: string | null;
  onReply: (text: string) => void;
  onOpenAttachment: (id: string, name: string) => void;
}

const time = (iso: string, lang: string) => new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });

/** One transcript item: a message bubble, a file, or a one-line event (joined, left, ended). */
export function Message({ item, me, t, lang, showReceipt, answer, onReply, onOpenAttachment }: MessageProps): VNode | null {
  // A chat has one customer: every CUSTOMER item is the customer's own, those of past sessions too
  // (where the customer had another participant id).
  const mine = item.ParticipantRole === 'CUSTOMER' || (!!me && item.ParticipantId === me);
  // The system's name (SYSTEM_MESSAGE) means nothing to a customer.
  const who = mine ? t.you : item.ParticipantRole === 'SYSTEM' ? '' : item.DisplayName || item.ParticipantRole || '';
  if (item.Type === 'EVENT') {
    const ct = item.ContentType;
    // The customer's own arrival and departure are no news to the customer.
    if (mine || item.ParticipantRole === 'SYSTEM') return ct === CONTENT_TYPES.chatEnded ? <li class="event">{t.chatEnded}</li> : null;
    const text = ct === CONTENT_TYPES.joined ? t.joined : ct === CONTENT_TYPES.left ? t.left : ct === CONTENT_TYPES.chatEnded ? t.chatEnded : null;
    return text ? <li class="event">{fill(text, { name: who })}</li> : null;
  }
  const receipt = showReceipt && mine ? receiptState(item) : null;
  let body: VNode;
  if (item.Type === 'ATTACHMENT')
    body = (
      <div class="files">
        {(item.Attachments ?? []).map((a) => (
          <button type="button" class="file" disabled={a.Status === 'REJECTED'} onClick={() => onOpenAttachment(a.AttachmentId, a.AttachmentName)}>
            <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">
              <path fill="currentColor" d="M6 2h8l6 6v14H6zm7 1.5V9h5.5z" />
            </svg>{' '}
            {a.AttachmentName}
          </button>
        ))}
      </div>
    );
  else if (item.ContentType === CONTENT_TYPES.interactive) body = <Interactive content={item.Content ?? ''} lang={lang} answer={answer} onReply={onReply} />;
  else body = <Markdown text={item.Content ?? ''} plain={item.ContentType !== 'text/markdown'} />;
  return (
    <li class={`msg ${mine ? 'mine' : 'theirs'} role-${(item.ParticipantRole ?? '').toLowerCase()}`} data-id={item.Id}>
      <div class="meta">
        <span class="who">{who}</span> <time dateTime={item.AbsoluteTime}>{time(item.AbsoluteTime, lang)}</time>
      </div>
      <div class="bubble">{body}</div>
      {receipt && <div class="receipt">{receipt === 'read' ? t.read : t.delivered}</div>}
    </li>
  );
}
