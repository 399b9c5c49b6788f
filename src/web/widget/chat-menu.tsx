/** @jsxImportSource preact */
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { Texts } from './i18n';

/**
 * The header's "more" disclosure: download the transcript, continue on another device (the
 * resume link, with a warning that it is a secret), end the chat (asks first).
 */
export function ChatMenu({ t, canEnd, resumeLink, onDownload, onEnd }: { t: Texts; canEnd: boolean; resumeLink: string | null; onDownload: () => void; onEnd: () => void }): VNode {
  const [open, setOpen] = useState<null | 'menu' | 'resume' | 'end'>(null);
  const [copied, setCopied] = useState(false);
  const copy = async (link: string) => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // No clipboard (insecure context): the link is selectable in the field.
    }
  };
  return (
    <div
      class="menu"
      onKeyDown={(e) => {
        // The first Escape closes the popup; the next one reaches the panel and minimises it.
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(null);
        }
      }}
    >
      <button type="button" class="icon" aria-label={t.menu} title={t.menu} aria-expanded={open !== null} onClick={() => setOpen(open === 'menu' ? null : 'menu')}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <circle cx="12" cy="5" r="2" fill="currentColor" />
          <circle cx="12" cy="12" r="2" fill="currentColor" />
          <circle cx="12" cy="19" r="2" fill="currentColor" />
        </svg>
      </button>
      {open === 'menu' && (
        <div class="popup">
          <button type="button" autoFocus onClick={() => (onDownload(), setOpen(null))}>
            {t.download}
          </button>
          {resumeLink && (
            <button type="button" onClick={() => setOpen('resume')}>
              {t.resume}
            </button>
          )}
          {canEnd && (
            <button type="button" class="danger" onClick={() => setOpen('end')}>
              {t.endChat}
            </button>
          )}
        </div>
      )}
      {open === 'resume' && resumeLink && (
        <div class="popup resume">
          <p>{t.resumeHint}</p>
          <input readOnly autoFocus value={resumeLink} aria-label={t.resume} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void copy(resumeLink)}>
            {copied ? t.copied : t.copy}
          </button>
        </div>
      )}
      {open === 'end' && (
        <div class="popup" role="alertdialog" aria-label={t.confirmEnd}>
          <p>{t.confirmEnd}</p>
          <button type="button" class="danger" autoFocus onClick={() => (onEnd(), setOpen(null))}>
            {t.yes}
          </button>
          <button type="button" onClick={() => setOpen(null)}>
            {t.no}
          </button>
        </div>
      )}
    </div>
  );
}
