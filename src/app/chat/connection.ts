import { hashToken } from '../../adapters/ids.js';
import { precompiled } from '../../adapters/store/compiled.js';
import { recordEvent } from '../contacts/events.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import { isoTime } from '../../core/time.js';
import type { Deps } from '../deps.js';
import { systemOf } from './chat-records.js';
import type { Caller } from './participant-auth.js';
import { rehydratedItem } from './system-items.js';
import { connectAtOnce } from './connection-at-once.js';

// Built once per dialect (compiled.ts): every chat start's CreateParticipantConnection runs them.
const insertToken = precompiled((db, p: { tokenHash: string; participantId: string; chatId: string; expiresAt: number }) =>
  db.insertInto('connection_tokens').values({ token_hash: p.tokenHash, participant_id: p.participantId, chat_id: p.chatId, expires_at: p.expiresAt }),
);
const markConnected = precompiled((db, p: { participantId: string; now: number }) =>
  db.updateTable('participants').set({ connected_at: p.now }).where('id', '=', p.participantId).where('connected_at', 'is', null),
);
const insertTicket = precompiled((db, p: { ticketHash: string; participantId: string; chatId: string; expiresAt: number; fromSeq: number }) =>
  db.insertInto('socket_tickets').values({ ticket_hash: p.ticketHash, participant_id: p.participantId, chat_id: p.chatId, expires_at: p.expiresAt, from_seq: p.fromSeq }),
);

/** How long a socket URL may be used to open a socket (Connect: 100 s). */
export const SOCKET_URL_TTL_MS = 100_000;

export interface ConnectionResult {
  Websocket?: { Url: string; ConnectionExpiry: string };
  ConnectionCredentials?: { ConnectionToken: string; Expiry: string };
}

/**
 * CreateParticipantConnection: a new connection token and/or a socket URL for the caller.
 * Earlier tokens stay valid until their own expiry (chatjs may still have requests in flight).
 * `connectParticipant` marks the participant connected (the successor of connection.acknowledged).
 */
export async function createConnection(deps: Deps, caller: Caller, types: string[] | undefined, connectParticipant: boolean): Promise<ConnectionResult> {
  const wall = Date.now();
  const { participant, chat } = caller;
  const out: ConnectionResult = {};
  const wantSocket = types?.includes('WEBSOCKET') ?? false;
  const wantCredentials = types?.includes('CONNECTION_CREDENTIALS') ?? false;
  const connectionToken = deps.ids.token();
  const ticket = deps.ids.token();
  const expires = wall + deps.config.connectionTokenTtlSeconds * 1000;
  const firstMaybe = (wantSocket || connectParticipant) && participant.connected_at === null;
  // PostgreSQL: one statement; elsewhere (or for a persistent chat's customer) the transaction below.
  const atOnce = await connectAtOnce(deps.db, caller, {
    now: deps.clock.now(),
    markConnected: firstMaybe,
    token: wantCredentials ? { hash: hashToken(connectionToken), expiresAt: expires } : null,
    ticket: wantSocket ? { hash: hashToken(ticket), expiresAt: wall + SOCKET_URL_TTL_MS } : null,
  });
  const rehydratedSeq = atOnce ? null : await deps.db.write(async (tx) => {
    // Whether this is the participant's first connection is decided by the update itself, so of
    // two concurrent first connections only one counts as first.
    const first = firstMaybe ? Number((await markConnected.execute(tx, { participantId: participant.id, now: deps.clock.now() })).numAffectedRows ?? 0) > 0 : false;
    // After the update, which needs its answer: held back (PostgreSQL), the inserts go out together.
    if (wantCredentials)
      await insertToken.defer(tx, { tokenHash: hashToken(connectionToken), participantId: participant.id, chatId: chat.id, expiresAt: expires });
    // The current segment is the chat's, so it belongs to the chat's instance.
    if (first && participant.role === 'CUSTOMER')
      await recordEvent(tx, deps.clock.now(), { id: chat.current_contact_id, instance_id: chat.instance_id }, { type: 'CONNECTED_TO_SYSTEM' });
    if (wantSocket) {
      // The first socket carries the whole chat so far (the customer's participant.joined, the
      // InitialMessage, the flow's greeting, all written before any socket could exist); a later
      // one carries what is written from now on, and its client fills a gap from GetTranscript.
      const from = first ? 0 : Number((await tx.selectFrom('chats').select('last_seq').where('id', '=', chat.id).executeTakeFirstOrThrow()).last_seq);
      await insertTicket.defer(tx, { ticketHash: hashToken(ticket), participantId: participant.id, chatId: chat.id, expiresAt: wall + SOCKET_URL_TTL_MS, fromSeq: from });
    }
    // Persistent chat: chat.rehydrated is chatjs' cue to load the past (onChatRehydrated). Written
    // when the customer first opens a socket, after the ticket's start, so that socket receives it.
    if (!first || !wantSocket || participant.role !== 'CUSTOMER' || chat.past_chat_id === null) return null;
    const [item] = await appendItems(tx, chat.id, [rehydratedItem(deps.ids, chat.current_contact_id, await systemOf(tx, chat.id))], deps.clock.now());
    return item.seq;
  });
  if (rehydratedSeq !== null) deps.bus.publish(chat.id, rehydratedSeq);
  if (wantSocket) {
    const base = deps.config.publicUrl.replace(/^http/, 'ws');
    out.Websocket = { Url: `${base}/ws/v1/chat?ticket=${ticket}`, ConnectionExpiry: isoTime(wall + SOCKET_URL_TTL_MS) };
  }
  if (wantCredentials) out.ConnectionCredentials = { ConnectionToken: connectionToken, Expiry: isoTime(expires) };
  return out;
}
