import { sql } from 'kysely';
import { hashToken } from '../../adapters/ids.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import { idempotent } from '../../adapters/store/idempotency-repo.js';
import { checkAttributes, checkAttributesSize } from '../../core/chat/attributes.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import { DomainError, invalidParameter, invalidRequest } from '../../core/errors.js';
import { epochSeconds, isoTime } from '../../core/time.js';
import type { CreateParticipantInput } from '../../http/connect/schemas.js';
import { arns } from '../arn.js';
import { requireChat, requireContact } from '../chat/chat-records.js';
import { endChat } from '../chat/end-chat.js';
import { joinedItem } from '../chat/system-items.js';
import type { Deps } from '../deps.js';
import { requestHash } from '../request-hash.js';
import { derivedParticipantToken } from '../signing.js';
import { requireInstance } from './instances.js';

/** StopContact: ends the chat for everyone. A contact that already ended is CONTACT_ENDED (410). */
export async function stopContact(deps: Deps, instanceRef: string, contactId: string, reasonCode?: string): Promise<void> {
  const seq = await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const contact = await requireContact(tx, instance.id, contactId);
    if (contact.state === 'ENDED') throw new DomainError('CONTACT_ENDED', `Contact ${contactId} has already ended`);
    const seq = await endChat(tx, deps, contact.chat_id, reasonCode ?? DISCONNECT_REASONS.api, deps.clock.now());
    if (seq === null) throw new DomainError('CONTACT_ENDED', `Contact ${contactId} has already ended`);
    return { chatId: contact.chat_id, seq };
  });
  deps.bus.publish(seq.chatId, seq.seq);
}

/** DescribeContact: the members known to the chat core (routing and metrics add theirs later). */
export async function describeContact(deps: Deps, instanceRef: string, contactId: string) {
  const db = deps.db.kysely;
  const instance = await requireInstance(db, instanceRef);
  const c = await requireContact(db, instance.id, contactId);
  const chat = await requireChat(db, c.chat_id);
  const a = arns(deps.config);
  const secs = (v: number | null) => (v === null ? undefined : epochSeconds(Number(v)));
  const segment = JSON.parse(c.segment_attributes) as Record<string, unknown>;
  return {
    Contact: {
      Arn: a.contact(instance.id, c.id),
      Id: c.id,
      InitialContactId: c.chat_id,
      PreviousContactId: c.previous_contact_id ?? undefined,
      RelatedContactId: c.related_contact_id ?? undefined,
      InitiationMethod: c.initiation_method,
      Channel: c.channel,
      Name: c.name ?? undefined,
      Description: c.description ?? undefined,
      // A standard queue, or an agent's own queue (its id is the user's).
      QueueInfo: c.queue_id ? { Id: c.queue_id, EnqueueTimestamp: secs(c.enqueued_at) } : undefined,
      AgentInfo: c.agent_id ? { Id: c.agent_id, ...(c.connected_to_agent_at !== null ? { ConnectedToAgentTimestamp: secs(c.connected_to_agent_at) } : {}) } : undefined,
      InitiationTimestamp: secs(c.initiated_at),
      DisconnectTimestamp: secs(c.disconnected_at),
      LastUpdateTimestamp: secs(c.updated_at),
      DisconnectReason: c.disconnect_reason ?? undefined,
      CustomerId: chat.customer_id ?? undefined,
      SegmentAttributes: Object.keys(segment).length ? segment : undefined,
      Attributes: JSON.parse(chat.attributes) as Record<string, string>,
    },
  };
}

export async function getContactAttributes(deps: Deps, instanceRef: string, initialContactId: string) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const c = await requireContact(deps.db.kysely, instance.id, initialContactId);
  const chat = await requireChat(deps.db.kysely, c.chat_id);
  return { Attributes: JSON.parse(chat.attributes) as Record<string, string> };
}

/** UpdateContactAttributes: merges keys into the chat's attributes, on live and ended contacts. */
export async function updateContactAttributes(deps: Deps, instanceRef: string, initialContactId: string, attrs: Record<string, string>): Promise<void> {
  checkAttributes(attrs);
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const c = await requireContact(tx, instance.id, initialContactId);
    // Read-merge-write: lock the chat row first (a no-op update, portable to SQLite) so that on
    // PostgreSQL a concurrent update's keys are read here after it commits instead of being lost.
    await tx.updateTable('chats').set({ attributes: sql`attributes` }).where('id', '=', c.chat_id).execute();
    const chat = await requireChat(tx, c.chat_id);
    const merged = { ...(JSON.parse(chat.attributes) as Record<string, string>), ...attrs };
    checkAttributesSize(merged);
    await tx.updateTable('chats').set({ attributes: JSON.stringify(merged) }).where('id', '=', chat.id).execute();
  });
}

/**
 * CreateParticipant: adds a participant to a live chat (a CUSTOM_BOT until agents exist), who
 * joins at once (participant.joined) and connects with the returned participant token.
 */
export async function createParticipant(deps: Deps, input: CreateParticipantInput): Promise<CreatedParticipant> {
  const role = input.ParticipantDetails.ParticipantRole;
  if (role !== 'CUSTOM_BOT') throw invalidParameter(`ParticipantRole ${role} cannot be added with CreateParticipant; use CUSTOM_BOT`);
  const participantId = deps.ids.uuid();
  const { ClientToken, ...request } = input;
  const res = await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, input.InstanceId);
    const contact = await requireContact(tx, instance.id, input.ContactId);
    const chat = await requireChat(tx, contact.chat_id);
    if (chat.ended_at !== null) throw invalidRequest(`Contact ${input.ContactId} has ended`);
    const scope = `CreateParticipant:${chat.id}`;
    // The participant token is not recorded: a retry gets it derived again (signing.ts).
    const token = (id: string) => (ClientToken ? derivedParticipantToken(deps.secret, scope, ClientToken, id) : deps.ids.token());
    // The participant token lives as long as the participant is in the chat: its expiry is the chat's deadline.
    const recorded: Recorded = { ParticipantId: participantId, Expiry: isoTime(Number(chat.deadline_at)) };
    const { result } = await idempotent(tx, { scope, token: ClientToken, requestHash: requestHash(request), now: deps.clock.now() }, {
      early: recorded,
      run: async () => {
        const now = deps.clock.now();
        const displayName = input.ParticipantDetails.DisplayName ?? 'BOT';
        const participantToken = token(participantId);
        await tx
          .insertInto('participants')
          .values({ id: participantId, chat_id: chat.id, contact_id: chat.current_contact_id, role, display_name: displayName, token_hash: hashToken(participantToken), created_at: now, connected_at: null, left_at: null })
          .execute();
        const [item] = await appendItems(tx, chat.id, [joinedItem(deps.ids, chat.current_contact_id, { id: participantId, role, displayName })], now);
        return { body: answer(recorded, participantToken), seq: { chatId: chat.id, seq: item.seq } as Published | null };
      },
      // A record written before tokens were derived holds the whole answer, token included.
      replay: (r: Recorded | CreatedParticipant) => ({ body: 'ParticipantCredentials' in r ? r : answer(r, token(r.ParticipantId)), seq: null as Published | null }),
    });
    return result;
  });
  if (res.seq) deps.bus.publish(res.seq.chatId, res.seq.seq);
  return res.body;
}

export interface CreatedParticipant {
  ParticipantCredentials: { ParticipantToken: string; Expiry: string };
  ParticipantId: string;
}

type Published = { chatId: string; seq: number };

/** What a repeat of CreateParticipant is answered from: everything but the token. */
interface Recorded {
  ParticipantId: string;
  Expiry: string;
}

const answer = (r: Recorded, token: string): CreatedParticipant => ({ ParticipantCredentials: { ParticipantToken: token, Expiry: r.Expiry }, ParticipantId: r.ParticipantId });
