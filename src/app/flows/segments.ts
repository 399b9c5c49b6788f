import type { Tx } from '../../adapters/store/db.js';
import { completeIfDone, recordEvent } from '../contacts/events.js';
import type { ContactState } from '../../core/contact/contact-state.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import type { FlowExecution } from '../../core/flow/execution.js';
import type { Deps } from '../deps.js';
import { findFlow } from './flow-refs.js';
import { lockSegment } from './lock-segment.js';
import { FLOW_TIMER, startFlow, type ExternalCall } from './runner.js';
import { insertSegment } from '../chat/insert-segment.js';

/** Who leaving counts as "the non-customer side left" (CustomerRemaining, spec §5.6). A supervisor is not that side. */
const REMAINING_TRIGGERS = ['AGENT', 'CUSTOM_BOT'] as const;

/**
 * The DisconnectReason of a segment ended because this participant left while the customer stayed:
 * an agent is AGENT_DISCONNECT, as in Connect; a bot added with CreateParticipant is neither the
 * customer nor an agent, so THIRD_PARTY_DISCONNECT.
 */
const LEAVER_REASON: Record<(typeof REMAINING_TRIGGERS)[number], string> = {
  AGENT: DISCONNECT_REASONS.agent,
  CUSTOM_BOT: DISCONNECT_REASONS.thirdParty,
};

/**
 * Stops the flow running on a segment, whatever it is parked on: its execution ends (flow logging
 * is kept, later segments inherit it) and its flow timer goes. A Wait, function or bot resuming
 * afterwards finds nothing parked and is dropped. Routing calls this when an agent accepts (the
 * customer queue flow is abandoned, spec §6.2 step 3); ending a segment calls it too.
 */
export async function stopSegmentFlow(tx: Tx, contactId: string): Promise<void> {
  // Lock the segment first, as the runner does: a flow resuming at the same time waits, then sees nothing parked.
  await lockSegment(tx, contactId);
  const row = await tx.selectFrom('contacts').select('flow_state').where('id', '=', contactId).executeTakeFirst();
  await tx.deleteFrom('timers').where('kind', '=', FLOW_TIMER).where('target', '=', contactId).execute();
  if (!row?.flow_state) return;
  const exec = JSON.parse(row.flow_state) as FlowExecution;
  if (exec.at === null && exec.parked === null) return;
  const stopped: FlowExecution = { ...exec, at: null, parked: null, stack: [] };
  await tx.updateTable('contacts').set({ flow_state: JSON.stringify(stopped) }).where('id', '=', contactId).execute();
}

/** Ends one segment of a chat that goes on (the chat ends with endChat): its flow stops, it is ENDED with `reason`. */
export async function endSegment(tx: Tx, contactId: string, reason: string, at: number, transferred = false): Promise<void> {
  await stopSegmentFlow(tx, contactId);
  const before = await tx.selectFrom('contacts').select(['id', 'instance_id', 'state']).where('id', '=', contactId).executeTakeFirst();
  if (!before || before.state === 'ENDED') return;
  await tx
    .updateTable('contacts')
    .set({ state: 'ENDED', disconnected_at: at, disconnect_reason: reason, updated_at: at })
    .where('id', '=', contactId)
    .execute();
  await recordEvent(tx, at, before, { type: 'DISCONNECTED', reason, state: before.state as ContactState, transferred });
  await completeIfDone(tx, contactId, at);
}

export interface DisconnectSegment {
  contactId: string;
  /** The outside call the disconnect flow parked on, to make after commit. */
  external: ExternalCall | null;
}

/**
 * CustomerRemaining (spec §5.6, §6.2 step 6), called in the transaction where `leaver` left: when
 * that was the last agent or bot of a live chat, the customer is still there, and the current
 * segment has a disconnect flow (a CONTACT_FLOW named by id, ARN or name), the segment ends and a
 * new one (InitiationMethod DISCONNECT) runs that flow. Attributes stay on the chat; the working
 * queue, hooks, routing priority and criteria and flow logging carry over; the customer's tokens and sockets
 * belong to the chat and do not change. Returns null when no disconnect flow runs: the chat goes
 * on as it is.
 */
export async function customerRemaining(deps: Deps, tx: Tx, chatId: string, leaver: { role: string }, now: number): Promise<DisconnectSegment | null> {
  const reason = LEAVER_REASON[leaver.role as keyof typeof LEAVER_REASON];
  if (!reason) return null;
  const chat = await tx.selectFrom('chats').selectAll().where('id', '=', chatId).executeTakeFirst();
  if (!chat || chat.ended_at !== null) return null;
  const present = await tx.selectFrom('participants').select('role').where('chat_id', '=', chatId).where('left_at', 'is', null).execute();
  if (!present.some((p) => p.role === 'CUSTOMER')) return null;
  // Another agent or bot still there keeps the conversation going: nobody was left alone.
  if (present.some((p) => (REMAINING_TRIGGERS as readonly string[]).includes(p.role))) return null;
  const old = await tx.selectFrom('contacts').selectAll().where('id', '=', chat.current_contact_id).executeTakeFirst();
  if (!old || old.state === 'ENDED') return null;
  const ref = (JSON.parse(old.hooks ?? '{}') as Record<string, string>).CustomerRemaining;
  // A disconnect flow must be an inbound flow (spec §4); a hook that names none is as good as no hook.
  const flow = ref ? await findFlow(tx, old.instance_id, ref, ['CONTACT_FLOW']) : undefined;
  if (!flow) return null;
  const logging = old.flow_state ? (JSON.parse(old.flow_state) as FlowExecution).logging : false;

  await endSegment(tx, old.id, reason, now);
  const id = deps.ids.uuid();
  await insertSegment(
    tx,
    {
      id,
      instance_id: old.instance_id,
      chat_id: chatId,
      previous_contact_id: old.id,
      initiation_method: 'DISCONNECT',
      channel: old.channel,
      flow_id: flow.id,
      flow_version: flow.version,
      segment_attributes: old.segment_attributes,
      hooks: old.hooks,
      working_queue_id: old.working_queue_id,
      queue_priority: old.queue_priority,
      queue_time_adjust_seconds: old.queue_time_adjust_seconds,
      routing_criteria: old.routing_criteria,
    },
    now,
  );
  await tx.updateTable('contacts').set({ next_contact_id: id }).where('id', '=', old.id).execute();
  await tx.updateTable('chats').set({ current_contact_id: id }).where('id', '=', chatId).execute();
  const external = await startFlow(deps, tx, id, { id: flow.id, version: flow.version }, logging);
  return { contactId: id, external };
}
