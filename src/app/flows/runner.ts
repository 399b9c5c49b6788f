import { afterCommit, type Tx } from '../../adapters/store/db.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import type { NewItem } from '../../core/chat/items.js';
import type { FlowCommand, FlowEvent } from '../../core/flow/commands.js';
import { answers, newExecution, parkOnBot, pauseOf, type FlowExecution, type Parked, type PauseRef } from '../../core/flow/execution.js';
import type { FlowDocument } from '../../core/flow/flow-document.js';
import { step } from '../../core/flow/step.js';
import { requireChat, systemOf, type ChatRow, type ContactRow } from '../chat/chat-records.js';
import type { Who } from '../chat/system-items.js';
import type { Deps } from '../deps.js';
import { contactData } from './contact-data.js';
import { FlowLogBuffer } from './flow-log-buffer.js';
import { findFlow } from './flow-refs.js';
import { flowVersion } from './flow-versions.js';
import { lockSegment } from './lock-segment.js';
import { PendingContact } from './pending-contact.js';
import { PendingEvents } from './pending-events.js';
import { PendingItems } from './pending-items.js';
import { PendingTimers, type Timer } from './pending-timers.js';
import { initiatedEvent } from '../chat/insert-segment.js';
import { runStoreCommand } from './run-command.js';
import { endRunChat, expired, halt, loggedEntries, queueFlowAfter, writePending, type Run } from './run-state.js';

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
  const doc = await flowVersion(deps.db, tx, flow.id, flow.version);
  if (!doc) throw new Error(`flow ${flow.id} has no version ${flow.version}`);
  const exec = newExecution(flow.id, flow.version, doc.StartAction, logging);
  await tx.updateTable('contacts').set({ flow_id: flow.id, flow_version: flow.version, flow_state: JSON.stringify(exec), state: 'IN_FLOW' }).where('id', '=', contactId).execute();
  return advanceFlow(deps, tx, contactId, { kind: 'start' });
}

/**
 * The first segment of a chat, both made in the caller's transaction and not written yet: the
 * segment with its flow execution (IN_FLOW), not yet run. The run writes the chat's row with its
 * first items and the flow's messages, the segment's row with what the flow sets, its INITIATED
 * with the flow's events, and the chat's timers with the flow's.
 */
export interface NewSegmentFlow {
  chat: ChatRow;
  contact: ContactRow;
  system: Who;
  first: NewItem[];
  timers: Timer[];
  /** The content of the chat's first customer message (its InitialMessage), or null. */
  firstMessage: string | null;
  /** The type of the flow the execution starts in, read with its row in this transaction. */
  flowType: string;
  doc: FlowDocument;
}

/**
 * Runs the flow of a segment that this transaction created (StartChatContact), as advanceFlow
 * would with a start event, without reading back what the caller just wrote: no other
 * transaction can see, let alone lock, rows that are not committed yet.
 */
export async function runNewSegmentFlow(deps: Deps, tx: Tx, s: NewSegmentFlow): Promise<ExternalCall | null> {
  const exec = JSON.parse(s.contact.flow_state!) as FlowExecution;
  const run: Run = {
    seg: {
      chat: s.chat,
      contact: s.contact,
      system: s.system,
      pending: new PendingContact(s.contact.id, { ...s.contact }),
      said: new PendingItems(s.chat, s.first, true),
      logged: new PendingEvents(),
      timers: new PendingTimers(s.timers),
    },
    cache: { first: { content: s.firstMessage } },
    logs: new FlowLogBuffer(s.contact.id, true),
    flowTypes: new Map([[exec.flowId, s.flowType]]),
  };
  run.seg.logged.add(s.contact, initiatedEvent(s.contact), Number(s.contact.initiated_at));
  if (await expired(deps, tx, s.chat, run.seg)) return null;
  const out = await runFrom(deps, tx, run, exec, s.doc, { kind: 'start' });
  await writePending(tx, run.seg, deps.clock.now());
  await run.logs.write(tx);
  return out;
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
  // Lock the segment first (chat, then contact): one runner at a time per contact (a single-writer
  // store holds everything for the transaction already).
  await lockSegment(tx, contactId, deps.db.capabilities);
  const contact = await tx.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
  if (!contact?.flow_state || contact.state === 'ENDED') return null;
  const exec = JSON.parse(contact.flow_state) as FlowExecution;
  if (expect && !answers(exec.parked, expect)) return null;
  patch?.(exec);
  if (exec.parked) await tx.deleteFrom('timers').where('kind', '=', FLOW_TIMER).where('target', '=', contactId).execute();
  const chat = await requireChat(tx, contact.chat_id);
  if (chat.ended_at !== null || (await expired(deps, tx, chat))) return null;
  const seg = { chat, contact, system: await systemOf(tx, chat.id), pending: new PendingContact(contactId), said: new PendingItems(chat), logged: new PendingEvents(), timers: new PendingTimers() };
  const run: Run = { seg, cache: {}, logs: new FlowLogBuffer(contactId), flowTypes: new Map() };
  const out = await runFrom(deps, tx, run, exec, await flowVersion(deps.db, tx, exec.flowId, exec.version), event);
  await writePending(tx, seg, deps.clock.now());
  await run.logs.write(tx);
  return out;
}

/**
 * The run loop: steps the flow from `event`, carrying out its commands, until it parks, ends or
 * leaves for outside. Every way out stores the execution; the caller writes the run's flow logs.
 */
async function runFrom(deps: Deps, tx: Tx, run: Run, exec: FlowExecution, doc: FlowDocument | null, event: FlowEvent): Promise<ExternalCall | null> {
  const { seg, cache } = run;
  const contactId = seg.contact.id;
  const contact = seg.contact;
  let ev = event;
  // With whatever the run's commands set on the contact row (pending-contact.ts).
  const save = (e: FlowExecution) => seg.pending.write(tx, { flow_state: JSON.stringify(e), flow_id: e.flowId, flow_version: e.version });
  for (let i = 0; i < MAX_COMMANDS && doc; i++) {
    const r = step(doc, exec, ev, await contactData(deps, tx, seg.chat, seg.contact, cache));
    run.logs.add(loggedEntries(r.logs, exec.logging), deps.clock.now());
    const spins = r.exec.spins ?? { blocks: 0, calls: 0 };
    exec = { ...r.exec, spins: { ...spins, blocks: spins.blocks + r.logs.length } };
    const c = r.command;
    if (exec.spins!.blocks > MAX_SPIN_BLOCKS)
      return halt(deps, tx, run, exec, doc, `More than ${MAX_SPIN_BLOCKS} blocks without a Wait completing, customer input or a bot's turn: the flow was stopped`);
    const stored = await runStoreCommand(deps, tx, seg, exec, c, cache);
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
            return halt(deps, tx, run, exec, doc, `More than ${MAX_SPIN_CALLS} outside calls without a Wait completing, customer input or a bot's turn: the flow was stopped`);
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
        seg.timers.set({ kind: FLOW_TIMER, target: contactId, dueAt: until });
        afterCommit(tx, () => deps.timers.wake(until));
        return c.kind === 'wait' ? null : { contactId, command: c, pause: pauseOf(exec.parked) };
      }
      case 'transfer-to-flow': {
        const target = await findFlow(tx, contact.instance_id, c.flowRef, TRANSFER_TARGETS);
        if (target) run.flowTypes.set(target.id, target.type);
        const next = target ? await flowVersion(deps.db, tx, target.id, target.version) : null;
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
        if (target) run.flowTypes.set(target.id, target.type);
        const next = target ? await flowVersion(deps.db, tx, target.id, target.version) : null;
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
        doc = await flowVersion(deps.db, tx, frame.flowId, frame.version);
        ev = { kind: 'done' };
        continue;
      }
      case 'disconnect':
        await save(exec);
        await endRunChat(deps, tx, run, DISCONNECT_REASONS.flow, now);
        return null;
      case 'end': {
        const queueFlow = seg.contact.state === 'QUEUED' ? await queueFlowAfter(deps, tx, run, exec) : null;
        // The customer queue flow's run stores its own execution in place of this one.
        if (queueFlow) return runFrom(deps, tx, run, queueFlow.exec, queueFlow.doc, { kind: 'start' });
        await save(exec);
        // A main flow that ends before queueing the contact ends the chat, as in Connect.
        if (seg.contact.state !== 'QUEUED') await endRunChat(deps, tx, run, DISCONNECT_REASONS.flow, now);
        return null;
      }
    }
  }
  if (!doc) {
    await save({ ...exec, at: null, parked: null });
    await endRunChat(deps, tx, run, DISCONNECT_REASONS.flow, deps.clock.now());
    return null;
  }
  return halt(deps, tx, run, exec, doc, `More than ${MAX_COMMANDS} commands in one run without waiting: the flow was stopped`);
}

