import type { Tx } from '../../adapters/store/db.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import type { FlowCommand, FlowEvent, FlowLogEntry } from '../../core/flow/commands.js';
import { answers, newExecution, parkOnBot, pauseOf, type FlowExecution, type Parked, type PauseRef } from '../../core/flow/execution.js';
import { DEFAULT_CUSTOMER_QUEUE_FLOW_NAME } from '../../core/flow/default-flows.js';
import type { FlowDocument } from '../../core/flow/flow-document.js';
import { step } from '../../core/flow/step.js';
import { requireChat, systemOf } from '../chat/chat-records.js';
import { endChat } from '../chat/end-chat.js';
import type { Deps } from '../deps.js';
import { contactData, type ContactDataCache } from './contact-data.js';
import { findFlow, flowVersion } from './flow-refs.js';
import { lockSegment } from './lock-segment.js';
import { runStoreCommand, type Segment } from './run-command.js';

/** The durable timer that ends whatever a flow is parked on (Wait, function, bot, view). */
export const FLOW_TIMER = 'flow-timeout';

export type ExternalCommand = Extract<FlowCommand, { kind: 'invoke-lambda' | 'bot' | 'show-view' }>;

/** An outside call the flow is parked on, to make after the transaction commits. */
export interface ExternalCall {
  contactId: string;
  command: ExternalCommand;
  /** The pause its outcome answers (absent where the outcome is matched otherwise, as bot turns are). */
  pause?: PauseRef;
}

/** Flow runs per transaction before a flow is taken to be spinning (TransferToFlow cycles). */
const MAX_COMMANDS = 500;
/**
 * Work a flow may do between two signs of life from outside (a Wait completing, customer input,
 * a bot's turn; execution.ts Spins) before it is taken to loop across transactions, e.g. a
 * function answering HTTP 500 whose error branch calls it again.
 */
export const MAX_SPIN_CALLS = 100;
export const MAX_SPIN_BLOCKS = 1000;
/**
 * A function's flow timer falls due this long after its HTTP time limit: the call's own answer
 * (or its abort at the time limit) normally wins; the timer is for a process that died mid-call.
 */
export const FUNCTION_TIMER_GRACE_MS = 2000;

/** A patch for advanceFlow: the flow heard from outside, so its count of work starts again. */
export const heardFromOutside = (exec: FlowExecution): void => {
  exec.spins = { blocks: 0, calls: 0 };
};
const TRANSFER_TARGETS = ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'] as const;

/** Starts a flow on a segment: its execution is stored with the segment, then run. */
export async function startFlow(deps: Deps, tx: Tx, contactId: string, flow: { id: string; version: number }, logging = false): Promise<ExternalCall | null> {
  const doc = await flowVersion(tx, flow.id, flow.version);
  if (!doc) throw new Error(`flow ${flow.id} has no version ${flow.version}`);
  const exec = newExecution(flow.id, flow.version, doc.StartAction, logging);
  await tx.updateTable('contacts').set({ flow_id: flow.id, flow_version: flow.version, flow_state: JSON.stringify(exec), state: 'IN_FLOW' }).where('id', '=', contactId).execute();
  return advanceFlow(deps, tx, contactId, { kind: 'start' });
}

/**
 * Runs a segment's flow from `event` until it parks (Wait, an outside call), queues the contact,
 * or ends, inside the caller's transaction. `expect` guards a resumption: the event is dropped
 * unless the flow is still parked on that very pause (a Wait resumed by the customer and by its
 * timer at once resumes once; a function's late answer never resumes a later function call).
 * Returns the outside call to make after commit, if any.
 */
export async function advanceFlow(
  deps: Deps,
  tx: Tx,
  contactId: string,
  event: FlowEvent,
  expect?: PauseRef,
  patch?: (exec: FlowExecution) => void,
): Promise<ExternalCall | null> {
  // Lock the segment first (chat, then contact): one runner at a time per contact, on every store.
  await lockSegment(tx, contactId);
  const contact = await tx.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
  if (!contact?.flow_state || contact.state === 'ENDED') return null;
  let exec = JSON.parse(contact.flow_state) as FlowExecution;
  if (expect && !answers(exec.parked, expect)) return null;
  patch?.(exec);
  if (exec.parked) await tx.deleteFrom('timers').where('kind', '=', FLOW_TIMER).where('target', '=', contactId).execute();
  const chat = await requireChat(tx, contact.chat_id);
  if (chat.ended_at !== null) return null;
  // The chat's duration always wins: no block runs at or past the deadline (a Wait due then, a
  // customer message racing the deadline timer); the chat ends EXPIRED at its deadline instead.
  if (deps.clock.now() >= Number(chat.deadline_at)) {
    await endChat(tx, deps, chat.id, DISCONNECT_REASONS.expired, Number(chat.deadline_at));
    return null;
  }
  const seg: Segment = { chat, contact, system: await systemOf(tx, chat.id) };
  let doc = await flowVersion(tx, exec.flowId, exec.version);
  let ev = event;
  const save = async (e: FlowExecution) => {
    await tx.updateTable('contacts').set({ flow_state: JSON.stringify(e), flow_id: e.flowId, flow_version: e.version }).where('id', '=', contactId).execute();
  };
  // What the flow reads is loaded once per run; commands update the rows it is built from (run-command.ts).
  const cache: ContactDataCache = {};
  for (let i = 0; i < MAX_COMMANDS && doc; i++) {
    const r = step(doc, exec, ev, await contactData(deps, tx, seg.chat, seg.contact, cache));
    await writeLogs(deps, tx, contactId, loggedEntries(r.logs, exec.logging));
    const spins = r.exec.spins ?? { blocks: 0, calls: 0 };
    exec = { ...r.exec, spins: { ...spins, blocks: spins.blocks + r.logs.length } };
    const c = r.command;
    if (exec.spins!.blocks > MAX_SPIN_BLOCKS)
      return halt(deps, tx, seg, exec, doc, `More than ${MAX_SPIN_BLOCKS} blocks without a Wait completing, customer input or a bot's turn: the flow was stopped`);
    const stored = await runStoreCommand(deps, tx, seg, exec, c);
    if (stored && 'continue' in stored) {
      ev = stored.continue;
      continue;
    }
    const now = deps.clock.now();
    switch (c.kind) {
      case 'wait':
      case 'invoke-lambda':
      case 'bot':
      case 'show-view': {
        if (c.kind !== 'wait') {
          const calls = exec.spins!.calls + 1;
          if (calls > MAX_SPIN_CALLS)
            return halt(deps, tx, seg, exec, doc, `More than ${MAX_SPIN_CALLS} outside calls without a Wait completing, customer input or a bot's turn: the flow was stopped`);
          exec.spins = { ...exec.spins!, calls };
        }
        const until = now + c.timeoutSeconds * 1000 + (c.kind === 'invoke-lambda' ? FUNCTION_TIMER_GRACE_MS : 0);
        const parked: Parked =
          c.kind === 'wait'
            ? { kind: 'wait', events: c.events, until }
            : c.kind === 'bot'
              ? parkOnBot(c, until, contactId)
              : c.kind === 'invoke-lambda'
                ? { kind: 'lambda', until }
                : { kind: 'view', until };
        const seq = (exec.pauses ?? 0) + 1;
        exec.pauses = seq;
        exec.parked = { ...parked, seq };
        await save(exec);
        // A Wait longer than the chat's life never completes: the chat deadline ends the chat first.
        await tx
          .insertInto('timers')
          .values({ kind: FLOW_TIMER, target: contactId, due_at: until, lease_until: 0 })
          .onConflict((oc) => oc.columns(['kind', 'target']).doUpdateSet({ due_at: until, lease_until: 0 }))
          .execute();
        deps.timers.wake();
        return c.kind === 'wait' ? null : { contactId, command: c, pause: pauseOf(exec.parked) };
      }
      case 'transfer-to-flow': {
        const target = await findFlow(tx, contact.instance_id, c.flowRef, TRANSFER_TARGETS);
        const next = target ? await flowVersion(tx, target.id, target.version) : null;
        if (!target || !next) {
          ev = { kind: 'error', type: 'NoMatchingError' };
          continue;
        }
        // Attributes, working queue and hooks stay; flow attributes belong to the flow left behind.
        exec = { ...exec, flowId: target.id, version: target.version, at: next.StartAction, flowAttributes: {}, stack: [] };
        doc = next;
        ev = { kind: 'start' };
        continue;
      }
      case 'invoke-module': {
        const target = await findFlow(tx, contact.instance_id, c.moduleRef);
        const next = target ? await flowVersion(tx, target.id, target.version) : null;
        if (!target || !next) {
          ev = { kind: 'error', type: 'NoMatchingError' };
          continue;
        }
        exec = {
          ...exec,
          stack: [...exec.stack, { flowId: exec.flowId, version: exec.version, returnTo: exec.at!, flowAttributes: exec.flowAttributes }],
          flowId: target.id,
          version: target.version,
          at: next.StartAction,
          flowAttributes: {},
        };
        doc = next;
        ev = { kind: 'start' };
        continue;
      }
      case 'return-module': {
        const frame = exec.stack.at(-1);
        if (!frame) break;
        exec = { ...exec, stack: exec.stack.slice(0, -1), flowId: frame.flowId, version: frame.version, at: frame.returnTo, flowAttributes: frame.flowAttributes };
        doc = await flowVersion(tx, frame.flowId, frame.version);
        ev = { kind: 'done' };
        continue;
      }
      case 'disconnect':
        await save(exec);
        await endChat(tx, deps, seg.chat.id, DISCONNECT_REASONS.flow, now);
        return null;
      case 'end': {
        await save(exec);
        if (seg.contact.state !== 'QUEUED') {
          // A main flow that ends before queueing the contact ends the chat, as in Connect.
          await endChat(tx, deps, seg.chat.id, DISCONNECT_REASONS.flow, now);
          return null;
        }
        return startQueueFlow(deps, tx, seg, exec);
      }
    }
  }
  if (!doc) {
    await save({ ...exec, at: null, parked: null });
    await endChat(tx, deps, seg.chat.id, DISCONNECT_REASONS.flow, deps.clock.now());
    return null;
  }
  return halt(deps, tx, seg, exec, doc, `More than ${MAX_COMMANDS} commands in one run without waiting: the flow was stopped`);
}

/**
 * Stops a flow taken to loop forever, with a flow log entry on the block it was at saying why.
 * A contact not yet queued has nobody left to talk to: its chat ends, as when a main flow ends.
 */
async function halt(deps: Deps, tx: Tx, seg: Segment, exec: FlowExecution, doc: FlowDocument, why: string): Promise<null> {
  const action = exec.at ? doc.Actions.find((a) => a.Identifier === exec.at) : undefined;
  const entry: FlowLogEntry = { flowId: exec.flowId, identifier: exec.at ?? '', type: action?.Type ?? 'Unknown', parameters: action?.Parameters ?? {}, result: null, error: 'FlowStopped', detail: why, next: null };
  await writeLogs(deps, tx, seg.contact.id, loggedEntries([entry], exec.logging));
  const stopped = { ...exec, at: null, parked: null, stack: [] };
  await tx.updateTable('contacts').set({ flow_state: JSON.stringify(stopped), flow_id: exec.flowId, flow_version: exec.version }).where('id', '=', seg.contact.id).execute();
  if (seg.contact.state !== 'QUEUED') await endChat(tx, deps, seg.chat.id, DISCONNECT_REASONS.flow, deps.clock.now());
  return null;
}

/**
 * Once queued, the customer queue flow keeps the customer company until an agent accepts (routing
 * then stops it with stopSegmentFlow): the CustomerQueue hook's flow, else the instance's default
 * customer queue flow (the CUSTOMER_QUEUE flow named DEFAULT_CUSTOMER_QUEUE_FLOW_NAME, as Connect
 * names it).
 */
async function startQueueFlow(deps: Deps, tx: Tx, seg: Segment, ended: FlowExecution): Promise<ExternalCall | null> {
  const current = await tx.selectFrom('flows').select('type').where('id', '=', ended.flowId).executeTakeFirst();
  if (current?.type === 'CUSTOMER_QUEUE') return null;
  const hooks = JSON.parse(seg.contact.hooks ?? '{}') as Record<string, string>;
  const ref = hooks.CustomerQueue ?? DEFAULT_CUSTOMER_QUEUE_FLOW_NAME;
  const flow = await findFlow(tx, seg.contact.instance_id, ref, ['CUSTOMER_QUEUE']);
  if (!flow) return null;
  const doc = (await flowVersion(tx, flow.id, flow.version)) as FlowDocument;
  const exec = newExecution(flow.id, flow.version, doc.StartAction, ended.logging);
  await tx.updateTable('contacts').set({ flow_state: JSON.stringify(exec) }).where('id', '=', seg.contact.id).execute();
  return advanceFlow(deps, tx, seg.contact.id, { kind: 'start' });
}

/**
 * The entries of the blocks that finished while flow logging was on. One step may run several
 * blocks, and UpdateFlowLoggingBehavior switches logging from its own block on, so the switch is
 * followed entry by entry rather than read once after the step.
 */
function loggedEntries(logs: FlowLogEntry[], on: boolean): FlowLogEntry[] {
  const out: FlowLogEntry[] = [];
  for (const l of logs) {
    if (l.type === 'UpdateFlowLoggingBehavior') on = String(l.parameters.FlowLoggingBehavior) === 'Enabled';
    if (on) out.push(l);
  }
  return out;
}

async function writeLogs(deps: Deps, tx: Tx, contactId: string, logs: FlowLogEntry[]): Promise<void> {
  if (!logs.length) return;
  const last = await tx.selectFrom('flow_logs').select((eb) => eb.fn.max('n').as('n')).where('contact_id', '=', contactId).executeTakeFirst();
  let n = Number(last?.n ?? 0);
  const at = deps.clock.now();
  await tx
    .insertInto('flow_logs')
    .values(
      logs.map((l) => ({
        contact_id: contactId,
        n: ++n,
        at,
        flow_id: l.flowId,
        identifier: l.identifier,
        type: l.type,
        parameters: JSON.stringify(l.parameters),
        result: l.result,
        error: l.error,
        detail: l.detail ?? null,
        next: l.next,
      })),
    )
    .execute();
}
