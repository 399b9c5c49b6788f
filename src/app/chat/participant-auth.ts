import { hashToken } from '../../adapters/ids.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import { accessDenied } from '../../core/errors.js';
import type { Deps } from '../deps.js';
import { requireChat, type ChatRow, type ParticipantRow } from './chat-records.js';
import { endChat } from './end-chat.js';

export interface Caller {
  participant: ParticipantRow;
  chat: ChatRow;
}

/** The participant holding a participant token (CreateParticipantConnection). */
export async function authParticipantToken(deps: Deps, token: string | undefined): Promise<Caller> {
  if (!token) throw accessDenied('Missing X-Amz-Bearer participant token');
  const p = await deps.db.kysely.selectFrom('participants').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!p) throw accessDenied('Invalid participant token');
  return live(deps, p);
}

/** The participant holding a connection token (every other participant call). */
export async function authConnectionToken(deps: Deps, token: string | undefined): Promise<Caller> {
  if (!token) throw accessDenied('Missing X-Amz-Bearer connection token');
  const row = await deps.db.kysely
    .selectFrom('connection_tokens')
    .innerJoin('participants', 'participants.id', 'connection_tokens.participant_id')
    .selectAll('participants')
    .select('connection_tokens.expires_at')
    .where('connection_tokens.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  // Token expiry faces real clients, so it follows the wall clock, not the domain clock.
  if (!row || Number(row.expires_at) <= Date.now()) throw accessDenied('Invalid or expired connection token');
  const { expires_at: _expires, ...p } = row;
  return live(deps, p);
}

/**
 * A participant of a chat that is still going. A chat past its deadline is ended here at its
 * deadline, should the timer not have fired yet, so no call ever sees a chat outlive its duration.
 */
async function live(deps: Deps, p: ParticipantRow): Promise<Caller> {
  let chat = await requireChat(deps.db.kysely, p.chat_id);
  if (chat.ended_at === null && deps.clock.now() >= Number(chat.deadline_at)) {
    const seq = await deps.db.write((tx) => endChat(tx, deps, chat.id, DISCONNECT_REASONS.expired, Number(chat.deadline_at)));
    if (seq !== null) deps.bus.publish(chat.id, seq);
    chat = await requireChat(deps.db.kysely, p.chat_id);
  }
  if (chat.ended_at !== null) throw accessDenied('The chat has ended');
  if (p.left_at !== null) throw accessDenied('The participant has left the chat');
  return { participant: p, chat };
}
