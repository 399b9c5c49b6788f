import { sql } from 'kysely';
import { recordEvent } from '../contacts/events.js';
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
import { recordOf } from '../contacts/records.js';
import { apiChatMetrics, compact } from '../../core/metrics/present.js';

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

/**
 * DescribeContact: the segment's contact record as the API shows it (QueueInfo and AgentInfo in
 * their short API shapes, `ChatMetrics.ChatContactMetrics`, epoch seconds), read live from the
 * store, so a contact still going on is described as it is now.
 */
export async function describeContact(deps: Deps, instanceRef: string, contactId: string) {
  const db = deps.db.kysely;
  const instance = await requireInstance(db, instanceRef);
  const c = await requireContact(db, instance.id, contactId);
  const { record: r } = (await recordOf(db, deps.config, c.id))!;
  const a = arns(deps.config);
  const secs = (v: number | null | undefined) => (v === null || v === undefined ? undefined : epochSeconds(Number(v)));
  const agent = r.Agent;
  return {
    Contact: compact({
      Arn: a.contact(instance.id, c.id),
      Id: c.id,
      InitialContactId: r.InitialContactId,
      PreviousContactId: r.PreviousContactId,
      RelatedContactId: r.RelatedContactId,
      InitiationMethod: r.InitiationMethod,
      Channel: r.Channel,
      Name: r.Name,
      Description: r.Description,
      // A standard queue, or an agent's own queue (its id is the user's).
      QueueInfo: c.queue_id ? { Id: c.queue_id, EnqueueTimestamp: secs(r.Queue?.EnqueueTimestamp ?? c.enqueued_at) } : undefined,
      // Offered but not yet accepted: the agent it rings for, without a connection time.
      AgentInfo: agent
        ? {
            Id: agent.Id,
            ConnectedToAgentTimestamp: secs(agent.ConnectedToAgentTimestamp),
            AfterContactWorkStartTimestamp: secs(agent.AfterContactWorkStartTimestamp),
            AfterContactWorkEndTimestamp: secs(agent.AfterContactWorkEndTimestamp),
            AfterContactWorkDuration: agent.AfterContactWorkDuration,
            AgentInitiatedHoldDuration: 0,
          }
        : c.agent_id
          ? { Id: c.agent_id }
          : undefined,
      InitiationTimestamp: secs(r.InitiationTimestamp),
      ConnectedToSystemTimestamp: secs(r.ConnectedToSystemTimestamp),
      DisconnectTimestamp: secs(r.DisconnectTimestamp),
      LastUpdateTimestamp: secs(r.LastUpdateTimestamp),
      DisconnectReason: r.DisconnectReason,
      CustomerId: r.CustomerId,
      QueuePriority: c.queue_priority,
      QueueTimeAdjustmentSeconds: c.queue_time_adjust_seconds,
      SegmentAttributes: Object.keys(r.SegmentAttributes).length ? r.SegmentAttributes : undefined,
      ChatMetrics: r.ChatMetrics ? apiChatMetrics(r.ChatMetrics) : undefined,
      Attributes: r.Attributes,
    }),
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
    await recordEvent(tx, deps.clock.now(), { id: chat.current_contact_id, instance_id: instance.id }, { type: 'CONTACT_DATA_UPDATED' });
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
