import { hashToken } from '../../adapters/ids.js';
import { idempotent, type IdempotencyKey } from '../../adapters/store/idempotency-repo.js';
import type { Tx } from '../../adapters/store/db.js';
import { notFound } from '../../core/errors.js';
import { MINUTE_MS } from '../../core/time.js';
import type { StartChatContactInput } from '../../http/connect/schemas.js';
import { idFromRef, instanceIdFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { requestHash } from '../request-hash.js';
import { derivedParticipantToken } from '../signing.js';
import { checkStartChatInput } from './check-chat-input.js';
import { segmentRow } from './insert-segment.js';
import { joinedItem, messageItem, SYSTEM_DISPLAY_NAME, type Who } from './system-items.js';
import { runNewSegmentFlow, type ExternalCall } from '../flows/runner.js';
import { flowVersion } from '../flows/flow-versions.js';
import { newExecution } from '../../core/flow/execution.js';
import { countActiveChat } from './chat-quota.js';
import { resolvePersistentChat } from './persistent-chat.js';
import { CHAT_DEADLINE, insertParticipants, instanceWithFlow } from './start-statements.js';
import type { ChatRow } from './chat-records.js';
import { performExternal } from '../flows/external.js';
import { learnLookups, readAhead, type Lookup } from '../flows/read-ahead.js';
import { claimAtCommit, isClaimRace, readStart } from './start-at-once.js';

export interface StartChatResult {
  ContactId: string;
  ParticipantId: string;
  ParticipantToken: string;
  ContinuedFromContactId?: string;
}

export const DEFAULT_CHAT_DURATION_MINUTES = 1500;

/** A start's answer, and for a chat made now (not a replay) what to announce once committed. */
interface Started {
  response: StartChatResult;
  external: ExternalCall | null;
  made?: { deadline: number; lastSeq: number };
}

/**
 * StartChatContact: creates the chat, its first contact, the customer, runs the inbound flow.
 * A ClientToken seen before returns the first response (checked before any quota, since the SDK
 * retries a 429 with the same token); the same token with other parameters is INVALID_REQUEST.
 */
export async function startChat(deps: Deps, input: StartChatContactInput): Promise<StartChatResult> {
  const supported = checkStartChatInput(input);
  // Where BEGIN and COMMIT cost round trips (PostgreSQL), a start that continues no past chat
  // claims its ClientToken with its other writes, which then go out as one autocommitted
  // statement (start-at-once.ts claimAtCommit, lazy-begin.ts). If another request claimed the
  // token meanwhile, the start is undone and made again on the general path, which answers that
  // request's response (or INVALID_REQUEST) as it would have.
  const atCommit = deps.db.autocommit !== undefined && !input.PersistentChat;
  let result: Started & { fresh: boolean };
  try {
    result = await deps.db.write((tx) => startIn(deps, tx, input, supported, atCommit ? 'at-commit' : 'now'), { beginLazily: atCommit });
  } catch (e) {
    if (!atCommit || !isClaimRace(e)) throw e;
    result = await deps.db.write((tx) => startIn(deps, tx, input, supported, 'now'));
  }
  if (result.fresh && result.made) {
    deps.timers.wake(result.made.deadline);
    deps.bus.publish(result.response.ContactId, result.made.lastSeq);
    if (result.external) performExternal(deps, result.external);
  }
  return result.response;
}

async function startIn(deps: Deps, tx: Tx, input: StartChatContactInput, supported: string[], claim: 'now' | 'at-commit'): Promise<Started & { fresh: boolean }> {
  const { ClientToken, ...request } = input;
  const instanceId = instanceIdFromRef(input.InstanceId);
  const scope = `StartChatContact:${instanceId}`;
  const key = { scope, token: ClientToken, requestHash: requestHash(request), now: deps.clock.now() };
  // The participant token is not recorded: a retry gets it derived again (signing.ts).
  const token = (participantId: string) => (ClientToken ? derivedParticipantToken(deps.secret, scope, ClientToken, participantId) : deps.ids.token());
  const ids = { contactId: deps.ids.uuid(), customerId: deps.ids.uuid() };
  // Known before the chat is made unless it continues a past one: recorded with the claim, one write.
  const early = input.PersistentChat ? undefined : { ContactId: ids.contactId, ParticipantId: ids.customerId };
  const { instance, flow, claimed, lookups } = await instanceAndFlow(deps, tx, input, key, early, claim);
  // Not claimed yet: claimed with the start's writes, and the claim is then as good as made.
  if (claim === 'at-commit' && claimed && key.token) await claimAtCommit(tx, { ...key, token: key.token }, early);
  const { result, fresh } = await idempotent(
    tx,
    key,
    {
      run: () => createChat(deps, tx, instance.id, flow, input, supported, token, ids),
      early,
      record: ({ response: { ParticipantToken: _secret, ...recorded } }) => recorded,
      // A record written before tokens were derived still holds its token: answer that one.
      replay: (recorded: Omit<StartChatResult, 'ParticipantToken'> & { ParticipantToken?: string }) => ({
        response: { ...recorded, ParticipantToken: recorded.ParticipantToken ?? token(recorded.ParticipantId) },
        external: null,
      }),
    },
    claimed,
  );
  if (fresh && flow && lookups) learnLookups(flow.id, lookups);
  return { ...result, fresh };
}

type StartFlow = { id: string; version: number; type: string };

/**
 * The instance a start names (NOT_FOUND first if there is none) and its flow named by
 * ContactFlowId, null when the instance has no such flow, in one read. Where a round trip costs
 * (PostgreSQL), that read also claims the ClientToken and reads ahead the flow's lookups
 * (start-at-once.ts readStart, `claimed` as it says), and reads ahead the flow's lookups: `lookups`
 * collects the run's lookups for the next start of the flow.
 */
async function instanceAndFlow(
  deps: Deps,
  tx: Tx,
  input: StartChatContactInput,
  key: IdempotencyKey,
  early: unknown,
  claim: 'now' | 'at-commit',
): Promise<{ instance: { id: string }; flow: StartFlow | null; claimed?: boolean; lookups?: Lookup[] }> {
  const params = { instanceId: instanceIdFromRef(input.InstanceId), flowId: idFromRef(input.ContactFlowId) };
  const ahead = deps.db.autocommit ? await readStart(tx, { ...params, key, early, claim }) : null;
  const row = ahead ? ahead.row : await instanceWithFlow.first(tx, params);
  if (!row) throw notFound('Instance', input.InstanceId, 'INSTANCE');
  const flow = row.flow_id === null ? null : { id: row.flow_id, version: Number(row.flow_version), type: row.flow_type! };
  if (!ahead) return { instance: { id: row.id }, flow };
  return { instance: { id: row.id }, flow, claimed: ahead.claimed, lookups: readAhead(tx, ahead.ahead) };
}

async function createChat(
  deps: Deps,
  tx: Tx,
  instanceId: string,
  flow: StartFlow | null,
  input: StartChatContactInput,
  supported: string[],
  participantToken: (participantId: string) => string,
  made: { contactId: string; customerId: string },
): Promise<Started> {
  const now = deps.clock.now();
  if (!flow) throw notFound('Contact flow', input.ContactFlowId, 'CONTACT_FLOW');
  const past = await resolvePersistentChat(tx, instanceId, input);
  if (input.RelatedContactId) {
    const related = await tx.selectFrom('contacts').select('id').where('id', '=', input.RelatedContactId).where('instance_id', '=', instanceId).executeTakeFirst();
    if (!related) throw notFound('Contact', input.RelatedContactId, 'CONTACT');
  }
  const ids = deps.ids;
  const contactId = made.contactId;
  const customer: Who = { id: made.customerId, role: 'CUSTOMER', displayName: input.ParticipantDetails.DisplayName };
  const customerToken = participantToken(customer.id);
  const system: Who = { id: ids.uuid(), role: 'SYSTEM', displayName: SYSTEM_DISPLAY_NAME };
  const deadline = now + (input.ChatDurationInMinutes ?? DEFAULT_CHAT_DURATION_MINUTES) * MINUTE_MS;

  const doc = await flowVersion(deps.db, tx, flow.id, flow.version);
  if (!doc) throw new Error(`flow ${flow.id} has no version ${flow.version}`);
  // Written by the flow's run with the first items (pending-items.ts).
  const chat: ChatRow = {
    id: contactId,
    instance_id: instanceId,
    started_at: now,
    deadline_at: deadline,
    ended_at: null,
    last_seq: 0,
    last_at: 0,
    attributes: JSON.stringify(input.Attributes ?? {}),
    customer_id: input.CustomerId ?? null,
    supported_types: JSON.stringify(supported),
    disconnect_on_customer_exit: JSON.stringify(input.DisconnectOnCustomerExit ?? []),
    participant_config: input.ParticipantConfiguration ? JSON.stringify(input.ParticipantConfiguration) : null,
    participant_timers: null,
    attachment_count: 0,
    past_chat_id: past?.chatId ?? null,
    past_until_seq: past?.untilSeq ?? null,
    current_contact_id: contactId,
  };
  // The segment is made with its flow execution, IN_FLOW, and the flow runs on the rows in hand:
  // the run inserts the segment's row with what the flow set, and appends the first items with the
  // flow's own messages (runner.ts runNewSegmentFlow).
  const contact = segmentRow(
    {
      id: contactId,
      instance_id: instanceId,
      chat_id: contactId,
      related_contact_id: past?.continuedFrom ?? input.RelatedContactId ?? null,
      continued_from_contact_id: past?.continuedFrom ?? null,
      initiation_method: 'API',
      channel: 'CHAT',
      flow_id: flow.id,
      flow_version: flow.version,
      flow_state: JSON.stringify(newExecution(flow.id, flow.version, doc.StartAction)),
      segment_attributes: JSON.stringify(input.SegmentAttributes ?? {}),
    },
    now,
  );
  await insertParticipants.defer(tx, {
    chatId: contactId,
    now,
    customerId: customer.id,
    customerName: customer.displayName,
    customerTokenHash: hashToken(customerToken),
    systemId: system.id,
    systemName: system.displayName,
    // The system participant never authenticates: its column holds no hash of any token (a hash
    // is base64url, without ':'), unique through the participant's id.
    systemTokenHash: `none:${system.id}`,
  });

  const first = [joinedItem(ids, contactId, customer)];
  // chat.rehydrated is written when the customer first connects (connection.ts), so it reaches a socket.
  if (input.InitialMessage) first.push(messageItem(ids, contactId, customer, input.InitialMessage.ContentType, input.InitialMessage.Content));
  const timers = [{ kind: CHAT_DEADLINE, target: contactId, dueAt: deadline }];
  const external = await runNewSegmentFlow(deps, tx, { chat, contact, system, first, timers, firstMessage: input.InitialMessage?.Content ?? null, flowType: flow.type, doc });
  await countActiveChat(deps, tx, instanceId, chat);
  const response = {
    ContactId: contactId,
    ParticipantId: customer.id,
    ParticipantToken: customerToken,
    ...(past ? { ContinuedFromContactId: past.continuedFrom } : {}),
  };
  return { response, external, made: { deadline, lastSeq: chat.last_seq } };
}
