import { afterCommit, type Tx } from '../../adapters/store/db.js';
import { completeIfDone, recordEvent, recordEventOf } from '../contacts/events.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import { hashToken } from '../../adapters/ids.js';
import { LAST_AGENT_ATTRIBUTE } from '../../core/flow/default-flows.js';
import { accessDenied, invalidRequest, notFound } from '../../core/errors.js';
import { joinedItem } from '../chat/system-items.js';
import type { Deps } from '../deps.js';
import { stopSegmentFlow } from '../flows/segments.js';
import { lockSegment } from '../flows/lock-segment.js';
import { derivedParticipantToken } from '../signing.js';
import { ACW_TIMER, OFFER_TIMER } from './after-contact.js';
import { applyNextStatus } from './status.js';
import { startParticipantTimers } from '../chat/participant-timers.js';

/** The states in which an agent may clear a contact (Connect's DismissUserContact allows the same). */
export const CLEARABLE = ['MISSED', 'REJECTED', 'ERROR', 'ENDED'] as const;

/** What an agent gets on accepting: the agent participant's credentials, used with the participant API like any participant's. */
export interface AcceptedContact {
  ContactId: string;
  ParticipantId: string;
  ParticipantToken: string;
}

/** The agent's row for a contact, or a refusal: unknown contact (404), another agent's contact (403). */
export async function myRow(tx: Tx, instanceId: string, userId: string, contactId: string) {
  const contact = await tx.selectFrom('contacts').select(['id', 'instance_id']).where('id', '=', contactId).where('instance_id', '=', instanceId).executeTakeFirst();
  if (!contact) throw notFound('Contact', contactId, 'CONTACT');
  const row = await tx.selectFrom('agent_contacts').selectAll().where('contact_id', '=', contactId).where('user_id', '=', userId).orderBy('offered_at', 'desc').executeTakeFirst();
  if (!row) throw accessDenied(`Contact ${contactId} is not offered to or handled by this agent`);
  return row;
}

/** The agent participant's token: derived, not stored, so that the agent's workspace can get it again after a reload. */
export const agentParticipantToken = (deps: Deps, agentContactId: string, participantId: string) => derivedParticipantToken(deps.secret, 'AgentContact', agentContactId, participantId);

/**
 * Accepts an offer: the customer queue flow stops, an AGENT participant joins the chat
 * (participant.joined, ConnectedToAgentTimestamp), the contact is CONNECTED and the chat's
 * `lastAgentId` attribute names the agent (the seed disconnect flow routes a returning customer
 * back with it). Accepting a contact already accepted answers the same credentials again.
 */
export async function acceptContact(deps: Deps, instanceId: string, userId: string, contactId: string): Promise<AcceptedContact> {
  const res = await deps.db.write(async (tx) => {
    await lockSegment(tx, contactId);
    const row = await myRow(tx, instanceId, userId, contactId);
    if (row.state === 'CONNECTED' && row.participant_id) return { answer: answer(deps, row.id, contactId, row.participant_id), seq: null };
    if (row.state !== 'CONNECTING') throw invalidRequest(`Contact ${contactId} cannot be accepted: it is ${row.state}`);
    const now = deps.clock.now();
    const contact = await tx.selectFrom('contacts').select(['state', 'agent_id', 'chat_id']).where('id', '=', contactId).executeTakeFirstOrThrow();
    if (contact.state !== 'OFFERED' || contact.agent_id !== userId) throw invalidRequest(`Contact ${contactId} is no longer offered to this agent`);
    await stopSegmentFlow(tx, contactId);
    const user = await tx.selectFrom('users').select(['username', 'identity', 'routing_profile_id']).where('id', '=', userId).executeTakeFirstOrThrow();
    const identity = JSON.parse(user.identity) as { FirstName?: string };
    const participantId = deps.ids.uuid();
    const displayName = identity.FirstName || user.username;
    await tx
      .insertInto('participants')
      .values({ id: participantId, chat_id: contact.chat_id, contact_id: contactId, role: 'AGENT', display_name: displayName, token_hash: hashToken(agentParticipantToken(deps, row.id, participantId)), created_at: now, connected_at: null, left_at: null })
      .execute();
    await tx.updateTable('contacts').set({ state: 'CONNECTED', connected_to_agent_at: now, updated_at: now }).where('id', '=', contactId).execute();
    await tx.updateTable('agent_contacts').set({ state: 'CONNECTED', state_since: now, connected_at: now, participant_id: participantId }).where('id', '=', row.id).execute();
    await tx.deleteFrom('timers').where('kind', '=', OFFER_TIMER).where('target', '=', row.id).execute();
    await recordEvent(tx, now, { id: contactId, instance_id: instanceId }, { type: 'CONNECTED_TO_AGENT', agentId: userId, routingProfileId: user.routing_profile_id });
    const chat = await tx.selectFrom('chats').select('attributes').where('id', '=', contact.chat_id).executeTakeFirstOrThrow();
    const attributes = { ...(JSON.parse(chat.attributes) as Record<string, string>), [LAST_AGENT_ATTRIBUTE]: userId };
    await tx.updateTable('chats').set({ attributes: JSON.stringify(attributes) }).where('id', '=', contact.chat_id).execute();
    const [item] = await appendItems(tx, contact.chat_id, [joinedItem(deps.ids, contactId, { id: participantId, role: 'AGENT', displayName })], now);
    await startParticipantTimers(deps, tx, contact.chat_id, now);
    afterCommit(tx, () => deps.bus.publishAgent(userId));
    return { answer: answer(deps, row.id, contactId, participantId), seq: { chatId: contact.chat_id, seq: item.seq } };
  });
  if (res.seq) deps.bus.publish(res.seq.chatId, res.seq.seq);
  return res.answer;
}

const answer = (deps: Deps, agentContactId: string, contactId: string, participantId: string): AcceptedContact => ({
  ContactId: contactId,
  ParticipantId: participantId,
  ParticipantToken: agentParticipantToken(deps, agentContactId, participantId),
});

/**
 * Rejects an offer (state REJECTED), or misses it when its 20 s pass (MISSED): the contact goes
 * back to its queue where it was (its time in queue is kept, so it is served first among equals)
 * and is not offered to this agent again until the agent clears it; the slot stays taken until then.
 */
export async function declineOffer(deps: Deps, instanceId: string, userId: string, contactId: string, outcome: 'REJECTED' | 'MISSED'): Promise<void> {
  await deps.db.write(async (tx) => {
    await lockSegment(tx, contactId);
    const row = await myRow(tx, instanceId, userId, contactId);
    if (row.state !== 'CONNECTING') throw invalidRequest(`Contact ${contactId} cannot be rejected: it is ${row.state}`);
    await requeue(deps, tx, row.id, row.contact_id, userId, outcome);
  });
}

async function requeue(deps: Deps, tx: Tx, rowId: string, contactId: string, userId: string, outcome: 'REJECTED' | 'MISSED'): Promise<void> {
  const now = deps.clock.now();
  await tx.updateTable('agent_contacts').set({ state: outcome, state_since: now }).where('id', '=', rowId).execute();
  await tx.deleteFrom('timers').where('kind', '=', OFFER_TIMER).where('target', '=', rowId).execute();
  await tx.updateTable('contacts').set({ state: 'QUEUED', agent_id: null, updated_at: now }).where('id', '=', contactId).where('state', '=', 'OFFERED').where('agent_id', '=', userId).execute();
  await recordEventOf(tx, now, contactId, { type: 'OFFER_ENDED', agentId: userId, outcome });
  afterCommit(tx, () => {
    deps.bus.publishAgent(userId);
    deps.routing.wake();
  });
}

/** The offer timer: an offer still unanswered when it falls due is missed. */
export async function onOfferTimeout(deps: Deps, rowId: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const row = await tx.selectFrom('agent_contacts').selectAll().where('id', '=', rowId).executeTakeFirst();
    if (!row || row.state !== 'CONNECTING') return;
    await lockSegment(tx, row.contact_id);
    const again = await tx.selectFrom('agent_contacts').select('state').where('id', '=', rowId).executeTakeFirst();
    if (again?.state !== 'CONNECTING') return;
    await requeue(deps, tx, row.id, row.contact_id, row.user_id, 'MISSED');
  });
}

/**
 * Clears a contact from an agent (the agent's "Clear contact", DismissUserContact, or the
 * after-contact work limit): its slot frees, a pending next status applies when it was the last,
 * and the agent counts as active now (longest-idle selection).
 */
export async function clearContact(deps: Deps, instanceId: string, userId: string, contactId: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const row = await myRow(tx, instanceId, userId, contactId);
    if (!(CLEARABLE as readonly string[]).includes(row.state)) throw invalidRequest(`Contact ${contactId} cannot be cleared while it is ${row.state}`);
    await clearRow(deps, tx, row.id, userId);
  });
}

async function clearRow(deps: Deps, tx: Tx, rowId: string, userId: string): Promise<void> {
  const now = deps.clock.now();
  const gone = await tx.deleteFrom('agent_contacts').where('id', '=', rowId).returning(['contact_id', 'instance_id', 'state']).executeTakeFirst();
  if (gone?.state === 'ENDED') await recordEvent(tx, now, { id: gone.contact_id, instance_id: gone.instance_id }, { type: 'AFTER_CONTACT_WORK_ENDED', agentId: userId });
  if (gone) await completeIfDone(tx, gone.contact_id, now);
  await tx.deleteFrom('timers').where('kind', '=', ACW_TIMER).where('target', '=', rowId).execute();
  await tx.updateTable('agents').set({ idle_since: now }).where('user_id', '=', userId).execute();
  await applyNextStatus(tx, userId, now);
  afterCommit(tx, () => {
    deps.bus.publishAgent(userId);
    deps.routing.wake();
  });
}

/** The after-contact work limit: the contact is cleared for the agent. */
export async function onAcwLimit(deps: Deps, rowId: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const row = await tx.selectFrom('agent_contacts').select(['state', 'user_id']).where('id', '=', rowId).executeTakeFirst();
    if (row?.state === 'ENDED') await clearRow(deps, tx, rowId, row.user_id);
  });
}
