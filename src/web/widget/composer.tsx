/** @jsxImportSource preact */
import type { VNode } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { Texts } from './i18n';

/**
 * The message box: Enter sends, Shift+Enter makes a new line; a file button attaches. Typing
 * tells the other side (throttled by the client library).
 */
export function Composer({ t, disabled, onSend, onFile, onTyping }: { t: Texts; disabled: boolean; onSend: (text: string) => void; onFile: (f: File) => void; onTyping: () => void }): VNode {
  const [text, setText] = useState('');
  const file = useRef<HTMLInputElement>(null);
  const send = () => {
    if (!text.trim()) return;
    onSend(text);
    setText('');
  };
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <button type="button" class="icon" aria-label={t.attach} title={t.attach} disabled={disabled} onClick={() => file.current?.click()}>
        <svg viewBox="0 0 24 24" aria-hidden="true" width="20" height="20">
          <path fill="currentColor" d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5z" />
        </svg>
      </button>
      <input
        ref={file}
        type="file"
        hidden
        accept=".csv,.doc,.docx,.heic,.jfif,.jpeg,.jpg,.mov,.mp4,.pdf,.png,.ppt,.pptx,.rtf,.txt,.wav,.xls,.xlsx"
        onChange={(e) => {
          const input = e.currentTarget;
          if (input.files?.[0]) onFile(input.files[0]);
          input.value = '';
        }}
      />
      <textarea
        rows={1}
        aria-label={t.message}
        placeholder={t.message}
        value={text}
        maxLength={1024}
        disabled={disabled}
        onInput={(e) => {
          setText(e.currentTarget.value);
          onTyping();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" class="send" disabled={disabled || !text.trim()} aria-label={t.send} title={t.send}>
        <svg viewBox="0 0 24 24" aria-hidden="true" width="20" height="20">
          <path fill="currentColor" d="M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9z" />
        </svg>
      </button>
    </form>
  );
}
