import { ACTION_ALIASES, ACTIONS } from './actions/index.js';
import type { ActionSpec, Outcome } from './actions/action-spec.js';
import type { FlowCommand, FlowEvent, FlowLogEntry } from './commands.js';
import { holds } from './conditions.js';
import type { FlowExecution } from './execution.js';
import type { FlowData } from './flow-data.js';
import type { FlowAction, FlowDocument } from './flow-document.js';
import { interpolate, resolveValue } from './references.js';

/** Blocks run in one step without a command before the flow is taken to loop forever. */
export const MAX_PURE_BLOCKS = 1000;

export interface StepResult {
  exec: FlowExecution;
  /** What the runner must do next. `end`, `disconnect` and `return-module` end this flow's run. */
  command: FlowCommand;
  /** One entry per block that finished in this step (written when logging is on). */
  logs: FlowLogEntry[];
}

const UNKNOWN: ActionSpec = { chat: 'error', run: () => ({ kind: 'error', type: 'NoMatchingError' }) };

/** The spec of an action type (aliases resolved); unknown types error at run time. */
export const specOf = (type: string): ActionSpec => ACTIONS.get(ACTION_ALIASES.get(type) ?? type) ?? UNKNOWN;

/**
 * One step of a flow. Pure: given the flow, its execution, what the last command produced and
 * the contact's data, runs blocks until one needs the runner (a command) or the flow ends.
 * `start` begins at `exec.at`; any other event is the outcome of the action at `exec.at`.
 */
export function step(flow: FlowDocument, current: FlowExecution, event: FlowEvent, data: FlowData): StepResult {
  const exec: FlowExecution = { ...current, parked: null };
  const logs: FlowLogEntry[] = [];
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  // An endsFlow action that succeeded (TransferContactToQueue) ends the whole flow, even inside a
  // module; a module that merely ran out of actions returns to its caller.
  let ended = false;
  if (event.kind !== 'start' && exec.at) {
    const action = byId.get(exec.at);
    if (action) {
      ended = event.kind === 'done' && specOf(action.Type).endsFlow === true;
      exec.at = follow(action, event, logs, exec);
    } else exec.at = null;
  }
  for (let i = 0; i < MAX_PURE_BLOCKS; i++) {
    if (!exec.at && ended) return { exec: { ...exec, stack: [] }, command: { kind: 'end' }, logs };
    if (!exec.at) return { exec, command: exec.stack.length ? { kind: 'return-module' } : { kind: 'end' }, logs };
    const action = byId.get(exec.at);
    if (!action) {
      logs.push(entry(exec, { Identifier: exec.at, Type: 'Unknown', Transitions: {} }, null, `No action ${exec.at} in flow`, null));
      exec.at = null;
      continue;
    }
    const outcome = specOf(action.Type).run({
      action,
      params: action.Parameters ?? {},
      exec,
      data,
      text: (v) => (typeof v === 'string' ? interpolate(v, exec, data) : v === undefined || v === null ? '' : String(v)),
      value: (v) => resolveValue(v, exec, data),
    });
    if (outcome.kind === 'command') {
      if (isTerminal(outcome.command)) {
        logs.push(entry(exec, action, null, null, null));
        exec.at = null;
      }
      return { exec, command: outcome.command, logs };
    }
    ended = outcome.kind === 'done' && specOf(action.Type).endsFlow === true;
    exec.at = follow(action, outcome, logs, exec);
  }
  logs.push(entry(exec, { Identifier: exec.at ?? '', Type: 'Loop', Transitions: {} }, null, `More than ${MAX_PURE_BLOCKS} blocks without waiting: the flow was stopped`, null));
  return { exec: { ...exec, at: null }, command: { kind: 'end' }, logs };
}

const isTerminal = (c: FlowCommand) => c.kind === 'disconnect' || c.kind === 'end' || c.kind === 'return-module';

/** Applies the transition for an action's outcome (spec §2.2), logs it, and returns the next action. */
function follow(action: FlowAction, outcome: Exclude<Outcome, { kind: 'command' }> | FlowEvent, logs: FlowLogEntry[], exec: FlowExecution): string | null {
  const t = action.Transitions ?? {};
  const errorTarget = (type: string) => t.Errors?.find((e) => e.ErrorType === type)?.NextAction;
  let next: string | null;
  let res: string | null = null;
  let err: string | null = null;
  let detail: string | undefined;
  if (outcome.kind === 'done' || outcome.kind === 'start') {
    next = specOf(action.Type).endsFlow ? null : (t.NextAction ?? null);
  } else if (outcome.kind === 'result') {
    res = outcome.value;
    const hit = t.Conditions?.find((c) => holds(c.Condition, outcome.value));
    next = hit?.NextAction ?? errorTarget('NoMatchingCondition') ?? t.NextAction ?? null;
  } else {
    err = outcome.type;
    detail = 'detail' in outcome ? outcome.detail : undefined;
    // An error with no handler follows NextAction (old exports have "Errors": []), else ends the flow.
    next = errorTarget(outcome.type) ?? errorTarget('NoMatchingError') ?? t.NextAction ?? null;
  }
  logs.push(entry(exec, action, res, err, next, detail));
  return next;
}

function entry(exec: FlowExecution, action: FlowAction, result: string | null, error: string | null, next: string | null, detail?: string): FlowLogEntry {
  return { flowId: exec.flowId, identifier: action.Identifier, type: action.Type, parameters: action.Parameters ?? {}, result, error, next, ...(detail ? { detail } : {}) };
}
