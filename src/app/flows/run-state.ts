import type { Tx } from '../../adapters/store/db.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import type { FlowLogEntry } from '../../core/flow/commands.js';
import { DEFAULT_CUSTOMER_QUEUE_FLOW_NAME } from '../../core/flow/default-flows.js';
import { newExecution, type FlowExecution } from '../../core/flow/execution.js';
import type { FlowDocument } from '../../core/flow/flow-document.js';
import type { ChatRow } from '../chat/chat-records.js';
import { endChat } from '../chat/end-chat.js';
import type { Deps } from '../deps.js';
import type { ContactDataCache } from './contact-data.js';
import type { FlowLogBuffer } from './flow-log-buffer.js';
import { findFlow } from './flow-refs.js';
import { flowVersion } from './flow-versions.js';
import type { Segment } from './run-command.js';

/**
 * What one run of a segment's flow holds between its steps, and hands on to the customer queue
 * flow it starts: the rows it works on (kept up to date by the commands), what the flow reads,
 * the flow log entries to write at its end, and the types of the flows whose rows it has read.
 */
export interface Run {
  seg: Segment;
  cache: ContactDataCache;
  logs: FlowLogBuffer;
  flowTypes: Map<string, string>;
}

/**
 * The entries of the blocks that finished while flow logging was on. One step may run several
 * blocks, and UpdateFlowLoggingBehavior switches logging from its own block on, so the switch is
 * followed entry by entry rather than read once after the step.
 */
export function loggedEntries(logs: FlowLogEntry[], on: boolean): FlowLogEntry[] {
  const out: FlowLogEntry[] = [];
  for (const l of logs) {
    if (l.type === 'UpdateFlowLoggingBehavior') on = String(l.parameters.FlowLoggingBehavior) === 'Enabled';
    if (on) out.push(l);
  }
  return out;
}

/**
 * Stops a flow taken to loop forever, with a flow log entry on the block it was at saying why.
 * A contact not yet queued has nobody left to talk to: its chat ends, as when a main flow ends.
 */
export async function halt(deps: Deps, tx: Tx, run: Run, exec: FlowExecution, doc: FlowDocument, why: string): Promise<null> {
  const { seg } = run;
  const action = exec.at ? doc.Actions.find((a) => a.Identifier === exec.at) : undefined;
  const entry: FlowLogEntry = { flowId: exec.flowId, identifier: exec.at ?? '', type: action?.Type ?? 'Unknown', parameters: action?.Parameters ?? {}, result: null, error: 'FlowStopped', detail: why, next: null };
  run.logs.add(loggedEntries([entry], exec.logging), deps.clock.now());
  const stopped = { ...exec, at: null, parked: null, stack: [] };
  await seg.pending.write(tx, { flow_state: JSON.stringify(stopped), flow_id: exec.flowId, flow_version: exec.version });
  if (seg.contact.state !== 'QUEUED') await endRunChat(deps, tx, run, DISCONNECT_REASONS.flow, deps.clock.now());
  return null;
}

/**
 * The chat's duration always wins: no block runs at or past the deadline (a Wait due then, a
 * customer message racing the deadline timer); the chat ends EXPIRED at its deadline instead.
 * `seg`: a run's segment, whose pending writes go first.
 */
export async function expired(deps: Deps, tx: Tx, chat: ChatRow, seg?: Segment): Promise<boolean> {
  if (deps.clock.now() < Number(chat.deadline_at)) return false;
  if (seg) await writePending(tx, seg, deps.clock.now());
  await endChat(tx, deps, chat.id, DISCONNECT_REASONS.expired, Number(chat.deadline_at));
  return true;
}

/** Writes what a run has set on its contact row, said, logged and timed, before something reads or changes them in SQL. */
export async function writePending(tx: Tx, seg: Segment, now: number): Promise<void> {
  await seg.pending.write(tx);
  await seg.said.write(tx, now);
  await seg.logged.write(tx);
  await seg.timers.write(tx);
}

/** Ends the run's chat; its row in memory learns the last sequence number written (chat.ended). */
export async function endRunChat(deps: Deps, tx: Tx, run: Run, reason: string, at: number): Promise<void> {
  await writePending(tx, run.seg, deps.clock.now());
  const seq = await endChat(tx, deps, run.seg.chat.id, reason, at);
  if (seq !== null) run.seg.chat.last_seq = seq;
}

/**
 * Once queued, the customer queue flow keeps the customer company until an agent accepts (routing
 * then stops it with stopSegmentFlow): the CustomerQueue hook's flow, else the instance's default
 * customer queue flow (the CUSTOMER_QUEUE flow named DEFAULT_CUSTOMER_QUEUE_FLOW_NAME, as Connect
 * names it). Null when the flow that ended was a customer queue flow itself, or there is none.
 */
export async function queueFlowAfter(deps: Deps, tx: Tx, run: Run, ended: FlowExecution): Promise<{ exec: FlowExecution; doc: FlowDocument } | null> {
  const type = run.flowTypes.has(ended.flowId)
    ? run.flowTypes.get(ended.flowId)
    : (await tx.selectFrom('flows').select('type').where('id', '=', ended.flowId).executeTakeFirst())?.type;
  if (type === 'CUSTOMER_QUEUE') return null;
  const { contact } = run.seg;
  const hooks = JSON.parse(contact.hooks ?? '{}') as Record<string, string>;
  const flow = await findFlow(tx, contact.instance_id, hooks.CustomerQueue ?? DEFAULT_CUSTOMER_QUEUE_FLOW_NAME, ['CUSTOMER_QUEUE']);
  if (!flow) return null;
  run.flowTypes.set(flow.id, flow.type);
  const doc = (await flowVersion(deps.db, tx, flow.id, flow.version)) as FlowDocument;
  return { exec: newExecution(flow.id, flow.version, doc.StartAction, ended.logging), doc };
}
