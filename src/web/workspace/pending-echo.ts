import type { ChatItem, PendingMessage } from '../client';

/**
 * Hides a pending message once its echo is in the transcript, even before the server's answer
 * to the send arrives (the socket may win that race, and the echo carries no ClientToken). A
 * pending message is matched to an own message with the same text that was not in the
 * transcript when the pending one first showed; each echo matches one pending message, so
 * sending the same text twice still shows the second until its own echo comes.
 */
export class EchoMatcher {
  private readonly known = new Map<string, Set<string>>();

  visible(pending: readonly PendingMessage[], items: readonly ChatItem[], me: string | null): PendingMessage[] {
    const own = items.filter((i) => i.Type === 'MESSAGE' && me !== null && i.ParticipantId === me);
    const claimed = new Set<string>();
    const out: PendingMessage[] = [];
    for (const p of pending) {
      let before = this.known.get(p.clientToken);
      if (!before) this.known.set(p.clientToken, (before = new Set(own.map((i) => i.Id))));
      const echo = p.failed ? undefined : own.find((i) => !before.has(i.Id) && !claimed.has(i.Id) && i.Content === p.content);
      if (echo) claimed.add(echo.Id);
      else out.push(p);
    }
    for (const token of this.known.keys()) if (!pending.some((p) => p.clientToken === token)) this.known.delete(token);
    return out;
  }
}
