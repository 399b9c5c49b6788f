import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import type { Deps } from '../deps.js';
import { endChat } from './end-chat.js';

/** The chat-deadline timer: the chat ends EXPIRED exactly at start + ChatDurationInMinutes. */
export async function onChatDeadline(deps: Deps, chatId: string, dueAt: number): Promise<void> {
  const seq = await deps.db.write((tx) => endChat(tx, deps, chatId, DISCONNECT_REASONS.expired, dueAt));
  if (seq !== null) deps.bus.publish(chatId, seq);
}
