/** @jsxImportSource preact */
import type { VNode } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ChatItem, PendingMessage } from '../client/types';
import { fill, type Texts } from './i18n';
import { Markdown } from './markdown';
import { Message } from './message';

export interface ListProps {
  items: readonly ChatItem[];
  pending: readonly PendingMessage[];
  me: string | null;
  typing: string | null;
  t: Texts;
  lang: string;
  greeting: string;
  onReply: (text: string) => void;
  onOpenAttachment: (id: string, name: string) => void;
  onDismiss: (clientToken: string) => void;
}

/**
 * The conversation: a live region (role="log") so that screen readers announce new messages,
 * earlier sessions of a persistent chat above a divider, messages still on their way greyed
 * out, and who is typing. Keeps to the bottom while the reader is there.
 */
export function MessageList(p: ListProps): VNode {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [p.items, p.pending, p.typing]);
  const onScroll = () => {
    const el = ref.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };
  const lastMine = [...p.items].reverse().find((i) => !i.RelatedContactId && i.ParticipantRole === 'CUSTOMER' && i.Type === 'MESSAGE');
  const firstCurrent = p.items.findIndex((i) => !i.RelatedContactId);
  const answerAfter = (index: number) => {
    const next = p.items.slice(index + 1).find((i) => i.ParticipantRole === 'CUSTOMER' && i.Type === 'MESSAGE');
    return next ? (next.Content ?? '') : null;
  };
  const rows: (VNode | null)[] = [];
  p.items.forEach((item, index) => {
    // Earlier sessions of a persistent chat above, this one below.
    if (index === firstCurrent && index > 0) rows.push(<li class="divider" role="separator">{p.t.previous}</li>);
    rows.push(
      <Message
        key={item.Id}
        item={item}
        me={p.me}
        t={p.t}
        lang={p.lang}
        showReceipt={item === lastMine}
        answer={answerAfter(index) ?? (item.RelatedContactId !== undefined ? '' : null)}
        onReply={p.onReply}
        onOpenAttachment={p.onOpenAttachment}
      />,
    );
  });
  return (
    <div class="log" ref={ref} onScroll={onScroll} role="log" aria-live="polite" aria-relevant="additions" tabIndex={0} aria-label={p.t.title}>
      <ol>
        {p.greeting && (
          <li class="msg theirs greeting">
            <div class="bubble">
              <Markdown text={p.greeting} plain />
            </div>
          </li>
        )}
        {rows}
        {p.pending.map((m) => (
          <li class={`msg mine pending${m.failed ? ' failed' : ''}`} key={m.clientToken}>
            <div class="bubble">
              <Markdown text={m.content} plain={m.contentType !== 'text/markdown'} />
            </div>
            <div class="receipt">
              {m.failed ? (
                <>
                  {p.t.failed}: {m.failed}{' '}
                  <button type="button" class="link" onClick={() => p.onDismiss(m.clientToken)}>
                    {p.t.dismiss}
                  </button>
                </>
              ) : (
                p.t.sending
              )}
            </div>
          </li>
        ))}
        {p.typing !== null && (
          <li class="typing" aria-live="polite">
            <span class="dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            {fill(p.t.typing, { name: p.typing })}
          </li>
        )}
      </ol>
    </div>
  );
}
