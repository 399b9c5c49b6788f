import type { FlowEvent } from '../commands.js';
import { newExecution, type FlowExecution } from '../execution.js';
import type { FlowData } from '../flow-data.js';
import type { FlowAction, FlowDocument, FlowTransitions } from '../flow-document.js';
import { step, type StepResult } from '../step.js';

/*
 * Helpers for the unit tests of `step` (imported by *.test.ts only). Every transition target a
 * test names but does not define becomes a MessageParticipant saying "at <target>", so a step's
 * command shows which branch was taken.
 */

/** A chat contact's data, as the runner would assemble it, with overrides. */
export function chatData(over: Partial<FlowData> = {}): FlowData {
  return {
    contactId: 'contact-2',
    initialContactId: 'contact-1',
    previousContactId: 'contact-1',
    channel: 'CHAT',
    initiationMethod: 'API',
    instanceArn: 'arn:aws:connect:us-east-1:000000000000:instance/inst-1',
    region: 'us-east-1',
    customerId: null,
    name: null,
    description: null,
    languageCode: null,
    attributes: {},
    segmentAttributes: {},
    queue: null,
    agent: null,
    initialMessage: null,
    random: 0.5,
    now: Date.UTC(2026, 0, 1),
    ...over,
  };
}

/** One action; `Parameters` left out when not given, as exports do. */
export function action(Identifier: string, Type: string, Parameters?: Record<string, unknown>, Transitions: FlowTransitions = {}): FlowAction {
  return { Identifier, Type, ...(Parameters ? { Parameters } : {}), Transitions };
}

/** The console's wiring: conditions, error handlers, and NextAction. */
export function wired(opts: { next?: string; errors?: Record<string, string>; conditions?: [string, string, string][] }): FlowTransitions {
  return {
    ...(opts.next ? { NextAction: opts.next } : {}),
    Errors: Object.entries(opts.errors ?? {}).map(([ErrorType, NextAction]) => ({ ErrorType, NextAction })),
    Conditions: (opts.conditions ?? []).map(([Operator, operand, NextAction]) => ({ NextAction, Condition: { Operator, Operands: [operand] } })),
  };
}

/** A flow starting at the first action, with a message block for every target not defined. */
export function flowOf(actions: FlowAction[]): FlowDocument {
  const ids = new Set(actions.map((a) => a.Identifier));
  const targets = actions.flatMap((a) => [
    a.Transitions.NextAction,
    ...(a.Transitions.Errors ?? []).map((e) => e.NextAction),
    ...(a.Transitions.Conditions ?? []).map((c) => c.NextAction),
  ]);
  const extra = [...new Set(targets)]
    .filter((t): t is string => !!t && !ids.has(t))
    .map((t) => action(t, 'MessageParticipant', { Text: `at ${t}` }));
  return { Version: '2019-10-30', StartAction: actions[0].Identifier, Actions: [...actions, ...extra] };
}

export const freshExec = (doc: FlowDocument, over: Partial<FlowExecution> = {}): FlowExecution => ({ ...newExecution('flow-1', 1, doc.StartAction), ...over });

/** Starts the flow. */
export const start = (doc: FlowDocument, data = chatData(), exec = freshExec(doc)): StepResult => step(doc, exec, { kind: 'start' }, data);

/** Feeds the outcome of the last command back. */
export const feed = (doc: FlowDocument, r: StepResult, event: FlowEvent, data = chatData()): StepResult => step(doc, r.exec, event, data);

/** Which branch a step reached: the target of a generated message block, or the command kind. */
export const reached = (r: StepResult): string => (r.command.kind === 'message' && r.command.text.startsWith('at ') ? r.command.text.slice(3) : r.command.kind);
