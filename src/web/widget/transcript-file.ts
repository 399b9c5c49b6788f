import type { ChatItem } from '../client/types';
import { CONTENT_TYPES } from '../client/types';

/** The chat as a plain-text file: one line per message, attachment or join/leave, with times. */
export function transcriptText(items: readonly ChatItem[], title: string): string {
  const lines = [`${title} (${new Date().toLocaleString()})`, ''];
  for (const i of items) {
    const when = new Date(i.AbsoluteTime).toLocaleString();
    const who = i.DisplayName ?? i.ParticipantRole ?? '';
    if (i.Type === 'MESSAGE') lines.push(`[${when}] ${who}: ${i.Content ?? ''}`);
    else if (i.Type === 'ATTACHMENT') lines.push(`[${when}] ${who}: (file) ${(i.Attachments ?? []).map((a) => a.AttachmentName).join(', ')}`);
    else if (i.ContentType === CONTENT_TYPES.joined || i.ContentType === CONTENT_TYPES.left || i.ContentType === CONTENT_TYPES.chatEnded)
      lines.push(`[${when}] -- ${who} ${i.ContentType.split('.').slice(-1)[0]}`);
  }
  return lines.join('\n') + '\n';
}

/** Offers a text as a file download (a Blob URL, revoked right after). */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
