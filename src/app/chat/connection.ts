import { hashToken } from '../../adapters/ids.js';
import { recordEventOf } from '../contacts/events.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import { isoTime } from '../../core/time.js';
import type { Deps } from '../deps.js';
import { systemOf } from './chat-records.js';
import type { Caller } from './participant-auth.js';
import { rehydratedItem } from './system-items.js';

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
  const rehydratedSeq = await deps.db.write(async (tx) => {
    if (wantCredentials)
      await tx.insertInto('connection_tokens').values({ token_hash: hashToken(connectionToken), participant_id: participant.id, chat_id: chat.id, expires_at: expires }).execute();
    // Whether this is the participant's first connection is decided by the update itself, so of
    // two concurrent first connections only one counts as first.
    const first =
      (wantSocket || connectParticipant) && participant.connected_at === null
        ? Number((await tx.updateTable('participants').set({ connected_at: deps.clock.now() }).where('id', '=', participant.id).where('connected_at', 'is', null).executeTakeFirst()).numUpdatedRows) > 0
        : false;
    if (first && participant.role === 'CUSTOMER') await recordEventOf(tx, deps.clock.now(), chat.current_contact_id, { type: 'CONNECTED_TO_SYSTEM' });
    if (wantSocket) {
      // The first socket carries the whole chat so far (the customer's participant.joined, the
      // InitialMessage, the flow's greeting, all written before any socket could exist); a later
      // one carries what is written from now on, and its client fills a gap from GetTranscript.
      const c = await tx.selectFrom('chats').select('last_seq').where('id', '=', chat.id).executeTakeFirstOrThrow();
      await tx
        .insertInto('socket_tickets')
        .values({ ticket_hash: hashToken(ticket), participant_id: participant.id, chat_id: chat.id, expires_at: wall + SOCKET_URL_TTL_MS, from_seq: first ? 0 : Number(c.last_seq) })
        .execute();
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
