import type { FlowCommand } from '../commands.js';
import type { FlowExecution } from '../execution.js';
import type { FlowData } from '../flow-data.js';
import type { FlowAction } from '../flow-document.js';

/** What running an action produced, before transitions are applied. */
export type Outcome =
  | { kind: 'done' }
  /** A branching value; null when the value is not set (conditions.ts says what that matches). */
  | { kind: 'result'; value: string | null }
  /** `detail` says why, for the flow log (an ErrorType alone rarely does). */
  | { kind: 'error'; type: string; detail?: string }
  /** The runner must act; its outcome comes back as the next event. */
  | { kind: 'command'; command: FlowCommand };

export interface ActionContext {
  action: FlowAction;
  /** The action's parameters ({} when the export has none). */
  params: Record<string, unknown>;
  /** A copy the action may change (flow attributes, loop counters, logging). */
  exec: FlowExecution;
  data: FlowData;
  /** A text parameter with every reference inside it replaced. */
  text(value: unknown): string;
  /** A static value or one reference; undefined when the reference has no value. */
  value(value: unknown): string | undefined;
}

/** How the engine treats one action type. */
export interface ActionSpec {
  run(ctx: ActionContext): Outcome;
  /** Success ends the flow (TransferContactToQueue, TransferToFlow): NextAction is not a success edge. */
  endsFlow?: boolean;
  /** On chat: supported, or takes its error branch (voice-only blocks). */
  chat: 'supported' | 'error';
  /** Parameters a flow must give for the action to run (validation). */
  required?: readonly string[];
  /** Exactly one of these parameter groups must be given (validation). */
  oneOf?: readonly string[];
}

export const done: Outcome = { kind: 'done' };
export const result = (value: string | null): Outcome => ({ kind: 'result', value });
export const error = (type = 'NoMatchingError', detail?: string): Outcome => ({ kind: 'error', type, ...(detail ? { detail } : {}) });
/** An action Parley does not run (yet) on chat: its error branch, with the reason in the flow log. */
export const unsupported = (detail: string): Outcome => error('NoMatchingError', detail);
export const command = (c: FlowCommand): Outcome => ({ kind: 'command', command: c });

/** Numbers and booleans arrive as strings in exports ("8", "True"); hand-written flows use JSON types. */
export const asInt = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) ? n : null;
};
export const asBool = (v: unknown): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
