/** @jsxImportSource preact */
import type { VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ChatMenu } from './chat-menu';
import { Composer } from './composer';
import type { WidgetController } from './controller';
import { fill, textsFor } from './i18n';
import { MessageList } from './message-list';
import { PreChat } from './prechat';
import { loadOpen, saveOpen, storageKey } from './storage';
import { download, transcriptText } from './transcript-file';

/**
 * The widget: a launcher button and, when open, a chat panel (a non-modal dialog). Escape
 * minimises it and gives focus back to the launcher; opening it focuses the first field.
 */
export function App({ c }: { c: WidgetController }): VNode {
  const o = c.opts;
  const t = textsFor(o.lang);
  const title = o.title || t.title;
  const openKey = storageKey(o.server, o.instanceId);
  const [, redraw] = useState(0);
  const [open, setOpenState] = useState(() => o.open || c.resumed || loadOpen(openKey));
  const launcher = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => c.subscribe(() => redraw((n) => n + 1)), [c]);
  useEffect(() => c.setOpen(open), [c, open]);
  const setOpen = (v: boolean) => {
    setOpenState(v);
    saveOpen(openKey, v);
    if (v) requestAnimationFrame(() => panel.current?.querySelector<HTMLElement>('textarea, input, button.primary')?.focus());
    else requestAnimationFrame(() => launcher.current?.focus());
  };
  const s = c.state;
  const status = s.phase === 'ended' ? t.ended : s.status === 'connected' ? t.connected : s.status === 'reconnecting' ? t.reconnecting : s.phase === 'chat' ? t.connecting : '';
  const openAttachment = async (id: string, name: string) => {
    try {
      const a = document.createElement('a');
      a.href = await c.attachmentUrl(id);
      a.download = name;
      a.target = '_blank';
      a.rel = 'noopener';
      a.click();
    } catch {
      // the chat ended or the network is down: the status line says so
    }
  };
  return (
    <div class={`parley pos-${o.position}${open ? ' is-open' : ''}`}>
      {open && (
        <div class="panel" role="dialog" aria-label={title} ref={panel} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <header>
            <div>
              <h2>{title}</h2>
              <p class="status" role="status">
                {status}
              </p>
            </div>
            {(s.phase === 'chat' || s.phase === 'ended') && (
              <ChatMenu
                t={t}
                canEnd={s.phase === 'chat'}
                resumeLink={s.phase === 'chat' ? c.resumeLink() : null}
                onDownload={() => download(`chat-${new Date().toISOString().slice(0, 10)}.txt`, transcriptText(s.items, title))}
                onEnd={() => void c.end()}
              />
            )}
            <button type="button" class="icon" aria-label={t.close} title={t.close} onClick={() => setOpen(false)}>
              <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                <path fill="currentColor" d="M5 11h14v2H5z" />
              </svg>
            </button>
          </header>
          {s.error && (
            <p class="error" role="alert">
              {t.error} ({s.error}){' '}
              <button type="button" class="link" onClick={() => c.clearError()}>
                {t.dismiss}
              </button>
            </p>
          )}
          {s.phase === 'prechat' || s.phase === 'starting' ? (
            <div class="body">
              {o.greeting && <p class="intro">{o.greeting}</p>}
              <PreChat fields={o.fields} t={t} busy={s.phase === 'starting'} initial={s.values} submitLabel={t.start} onStart={(v) => void c.start(v)} />
            </div>
          ) : (
            <>
              <MessageList
                items={s.items}
                pending={s.pending}
                me={s.me}
                typing={s.typing}
                t={t}
                lang={o.lang}
                greeting={o.greeting}
                onReply={(text) => c.reply(text)}
                onOpenAttachment={(id, name) => void openAttachment(id, name)}
                onDismiss={(token) => c.dismiss(token)}
              />
              {s.phase === 'ended' ? (
                <div class="ended">
                  <p>{t.ended}</p>
                  <PreChat fields={o.fields} t={t} busy={false} initial={s.values} submitLabel={t.newChat} onStart={(v) => void c.start(v)} />
                </div>
              ) : (
                <Composer t={t} disabled={false} onSend={(text) => c.send(text)} onFile={(f) => void c.sendFile(f)} onTyping={() => c.typed()} />
              )}
            </>
          )}
        </div>
      )}
      <button
        type="button"
        class="launcher"
        ref={launcher}
        aria-expanded={open}
        aria-label={open ? t.close : s.unread ? `${t.open} (${fill(t.unread, { n: s.unread })})` : t.open}
        onClick={() => setOpen(!open)}
      >
        <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
          <path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" />
        </svg>
        {s.unread > 0 && !open && (
          <span class="badge" aria-hidden="true">
            {s.unread}
          </span>
        )}
      </button>
    </div>
  );
}
