import { hashToken } from '../../adapters/ids.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import { DomainError, accessDenied } from '../../core/errors.js';
import { precompiled } from '../../adapters/store/compiled.js';
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
  const row = await byParticipantToken.first(deps.db.kysely, { tokenHash: hashToken(token) });
  if (!row) throw accessDenied('Invalid participant token');
  const { participant, chat } = split(row);
  return live(deps, participant, chat);
}

/** The participant's columns, renamed so that they sit beside the chat's in one row. */
const PARTICIPANT_AS = [
  'participants.id as p_id',
  'participants.chat_id as p_chat_id',
  'participants.contact_id as p_contact_id',
  'participants.role as p_role',
  'participants.display_name as p_display_name',
  'participants.token_hash as p_token_hash',
  'participants.created_at as p_created_at',
  'participants.connected_at as p_connected_at',
  'participants.left_at as p_left_at',
] as const;

/** Every participant call reads its caller, and the caller's chat, with one statement. */
const byConnectionToken = precompiled((db, p: { tokenHash: string }) =>
  db
    .selectFrom('connection_tokens')
    .innerJoin('participants', 'participants.id', 'connection_tokens.participant_id')
    .innerJoin('chats', 'chats.id', 'participants.chat_id')
    .selectAll('chats')
    .select([...PARTICIPANT_AS, 'connection_tokens.expires_at'])
    .where('connection_tokens.token_hash', '=', p.tokenHash),
);

/** The participant holding a participant token, with its chat, in one statement (every chat start connects with one). */
const byParticipantToken = precompiled((db, p: { tokenHash: string }) =>
  db.selectFrom('participants').innerJoin('chats', 'chats.id', 'participants.chat_id').selectAll('chats').select(PARTICIPANT_AS).where('participants.token_hash', '=', p.tokenHash),
);

type Prefixed = { [K in keyof ParticipantRow as `p_${K}`]: ParticipantRow[K] };

/** A row of the joins here as the participant and its chat. */
function split(row: Prefixed & ChatRow): Caller {
  const { p_id, p_chat_id, p_contact_id, p_role, p_display_name, p_token_hash, p_created_at, p_connected_at, p_left_at, ...chat } = row;
  const participant: ParticipantRow = {
    id: p_id,
    chat_id: p_chat_id,
    contact_id: p_contact_id,
    role: p_role,
    display_name: p_display_name,
    token_hash: p_token_hash,
    created_at: p_created_at,
    connected_at: p_connected_at,
    left_at: p_left_at,
  };
  return { participant, chat };
}

/** The participant holding a connection token (every other participant call). */
export async function authConnectionToken(deps: Deps, token: string | undefined): Promise<Caller> {
  if (!token) throw accessDenied('Missing X-Amz-Bearer connection token');
  return (await byConnectionTokenHash(deps, hashToken(token))).caller;
}

async function byConnectionTokenHash(deps: Deps, tokenHash: string): Promise<{ caller: Caller; expiresAt: number }> {
  const row = await byConnectionToken.first(deps.db.kysely, { tokenHash });
  // Token expiry faces real clients, so it follows the wall clock, not the domain clock.
  if (!row || Number(row.expires_at) <= Date.now()) throw accessDenied('Invalid or expired connection token');
  const { expires_at, ...joined } = row;
  const { participant, chat } = split(joined);
  return { caller: await live(deps, participant, chat), expiresAt: Number(expires_at) };
}

/** Senders remembered per store; beyond this many the oldest are forgotten (they authorize again). */
const MAX_SENDERS = 10_000;
const senders = new WeakMap<object, Map<string, { caller: Caller; expiresAt: number }>>();

/**
 * Runs `send` as the holder of a connection token, for calls whose only use of the caller is to
 * append the caller's own item (SendMessage), which re-checks in its own statement that the chat
 * goes on and the sender is still in it (items-repo appendOne). So a token that authorized once
 * is remembered (what a caller is never changes, only whether it may still send) and the next
 * message skips reading it. Should the append be refused (ACCESS_DENIED), the token is forgotten
 * and authorized afresh, which ends a chat past its deadline and gives the precise error. A
 * remembered token still expires on time.
 */
export async function asSender<T>(deps: Deps, token: string | undefined, send: (caller: Caller) => Promise<T>): Promise<T> {
  if (!token) throw accessDenied('Missing X-Amz-Bearer connection token');
  const tokenHash = hashToken(token);
  let known = senders.get(deps.db);
  if (!known) senders.set(deps.db, (known = new Map()));
  const hit = known.get(tokenHash);
  if (hit && hit.expiresAt > Date.now()) {
    try {
      return await send(hit.caller);
    } catch (e) {
      if (!isAccessDenied(e)) throw e;
    }
  }
  known.delete(tokenHash);
  const fresh = await byConnectionTokenHash(deps, tokenHash);
  let result: T;
  try {
    result = await send(fresh.caller);
  } catch (e) {
    // Refused since it was authorized (a leave in between): the authorization now says why.
    if (isAccessDenied(e)) await byConnectionTokenHash(deps, tokenHash);
    throw e;
  }
  if (known.size >= MAX_SENDERS) known.delete(known.keys().next().value!);
  known.set(tokenHash, fresh);
  return result;
}

const isAccessDenied = (e: unknown) => e instanceof DomainError && e.code === 'ACCESS_DENIED';

/**
 * A participant of a chat that is still going. A chat past its deadline is ended here at its
 * deadline, should the timer not have fired yet, so no call ever sees a chat outlive its duration.
 */
async function live(deps: Deps, p: ParticipantRow, known?: ChatRow): Promise<Caller> {
  let chat = known ?? (await requireChat(deps.db.kysely, p.chat_id));
  if (chat.ended_at === null && deps.clock.now() >= Number(chat.deadline_at)) {
    const seq = await deps.db.write((tx) => endChat(tx, deps, chat.id, DISCONNECT_REASONS.expired, Number(chat.deadline_at)));
    if (seq !== null) deps.bus.publish(chat.id, seq);
    chat = await requireChat(deps.db.kysely, p.chat_id);
  }
  if (chat.ended_at !== null) throw accessDenied('The chat has ended');
  if (p.left_at !== null) throw accessDenied('The participant has left the chat');
  return { participant: p, chat };
}
