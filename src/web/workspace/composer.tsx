import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ChatSession } from '../client';

/**
 * The send box: Enter sends (Shift+Enter starts a new line), Markdown allowed; typing events go
 * out while the agent types (the client throttles them); a file button sends an attachment.
 * A message sent while the network is down waits in the client's outbox (shown greyed out in the
 * transcript) and goes out once when it is back. Disabled when the chat is not connected. The
 * draft belongs to the parent, so switching tabs keeps it.
 */
export function Composer({ session, draft, setDraft, disabled }: { session: ChatSession | null; draft: string; setDraft: (s: string) => void; disabled: boolean }) {
  const file = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const off = disabled || !session;

  const send = (e?: FormEvent) => {
    e?.preventDefault();
    const text = draft.trim();
    if (!text || off) return;
    setError(null);
    setDraft('');
    // A refusal shows on the pending message in the transcript (with its text), not here.
    session.sendMessage(text).catch(() => undefined);
  };

  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };

  const onInput = (value: string) => {
    setDraft(value);
    if (value) session?.sendTyping();
  };

  const attach = async (f: File | undefined) => {
    if (!f || off) return;
    setError(null);
    setUploading(f.name);
    try {
      await session.sendAttachment(f);
    } catch (err) {
      setError(`${f.name} not sent: ${(err as Error).message}`);
    } finally {
      setUploading(null);
      if (file.current) file.current.value = '';
    }
  };

  return (
    <form className="composer" onSubmit={send} aria-label="Reply">
      <label className="visually-hidden" htmlFor="composer-text">
        Message
      </label>
      <textarea
        id="composer-text"
        value={draft}
        disabled={off}
        placeholder={off ? 'The chat is not connected' : 'Type a message (Markdown: **bold**, _italic_, `code`) — Enter sends'}
        rows={3}
        onChange={(e) => onInput(e.target.value)}
        onKeyDown={onKey}
      />
      <div className="composer-actions">
        <label className={`button secondary${off ? ' disabled' : ''}`}>
          Attach a file
          <input ref={file} type="file" className="visually-hidden" disabled={off} onChange={(e) => void attach(e.target.files?.[0])} />
        </label>
        <button type="submit" disabled={off || !draft.trim()}>
          Send
        </button>
      </div>
      {uploading && (
        <p className="muted" role="status">
          Sending {uploading}…
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
