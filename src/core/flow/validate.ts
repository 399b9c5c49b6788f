import { ACTION_ALIASES, ACTIONS } from './actions/index.js';
import { CONDITION_OPERATORS } from './conditions.js';
import type { FlowDocument } from './flow-document.js';
import { findJsonSyntaxError } from './json-position.js';
import { isLegacyFlow } from './legacy.js';
import { checkParameters, flowTypeWarnings, type KnownRefs } from './validate-parameters.js';

export type { KnownRefs } from './validate-parameters.js';

/** One thing wrong with a flow: which action, which field, what is wrong. */
export interface FlowProblem {
  identifier?: string;
  field?: string;
  message: string;
}

export interface ValidateOptions {
  /** The flow type (spec §4): per-type restrictions become warnings. */
  type?: string;
  /** What exists in the instance: static references to anything else are problems. */
  knownRefs?: KnownRefs;
}

export interface FlowValidation {
  /** Reasons the flow cannot be stored or run; empty when it is valid. */
  problems: FlowProblem[];
  /** Things that run, but probably not as the author meant (spec §4, §8.14). */
  warnings: FlowProblem[];
  /** The parsed flow, when it is an object in the 2019-10-30 language (even with problems). */
  flow: FlowDocument | null;
}

/** Spec §1.1, §1.2. */
export const MAX_ACTIONS = 250;
export const MAX_IDENTIFIER_LENGTH = 50;
const FORBIDDEN_IN_IDENTIFIER = /[%:()\\/=$,;[\]{}]/;
const RESERVED_IDENTIFIERS = new Set([
  '__proto__', 'constructor', '__defineGetter__', '__defineSetter__', 'toString', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', 'toLocaleString', 'valueOf',
]);
const OPERATORS: ReadonlySet<string> = new Set(CONDITION_OPERATORS);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
/** An action type the engine knows (voice-only types included: they take their error branch on chat). */
export const isKnownActionType = (t: string): boolean => ACTIONS.has(ACTION_ALIASES.get(t) ?? t);

/** A problem as one line: `Action "x", Parameters.QueueId: …`. */
export function describeProblem(p: FlowProblem): string {
  const where = [p.identifier !== undefined ? `Action "${p.identifier}"` : '', p.field ?? ''].filter(Boolean).join(', ');
  return where ? `${where}: ${p.message}` : p.message;
}

/**
 * Checks a flow (its JSON text or the parsed value) against the flow language: what would stop it
 * from running is a problem, what only bends the documented rules is a warning. Pure.
 */
export function validateFlow(input: unknown, opts: ValidateOptions = {}): FlowValidation {
  const problems: FlowProblem[] = [];
  const warnings: FlowProblem[] = [];
  const done = (flow: FlowDocument | null = null): FlowValidation => ({ problems, warnings, flow });
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      problems.push({ message: malformed(input, e) });
      return done();
    }
  }
  if (!isObject(doc)) {
    problems.push({ message: 'The flow must be a JSON object with Version, StartAction and Actions' });
    return done();
  }
  if (isLegacyFlow(doc)) {
    problems.push({
      message: 'This is the legacy export format of the old flow designer (modules and branches), not the flow language: `parley flows import` converts it',
    });
    return done();
  }
  if (doc.Version === undefined) problems.push({ field: 'Version', message: 'missing: the flow language version "2019-10-30" is required' });
  else if (doc.Version !== '2019-10-30') problems.push({ field: 'Version', message: `${JSON.stringify(doc.Version)} is not supported: only "2019-10-30" is` });
  if (!Array.isArray(doc.Actions)) {
    problems.push({ field: 'Actions', message: doc.Actions === undefined ? 'missing: a flow needs a list of actions' : 'must be a list of actions' });
    return done();
  }
  const flow = doc as unknown as FlowDocument;
  warnings.push(...flowTypeWarnings(opts.type));
  if (doc.Actions.length > MAX_ACTIONS) problems.push({ field: 'Actions', message: `${doc.Actions.length} actions: a flow may have at most ${MAX_ACTIONS}` });
  const ids = checkIdentifiers(doc.Actions, problems);
  if (doc.StartAction === undefined) problems.push({ field: 'StartAction', message: 'missing: the Identifier of the first action is required' });
  else if (typeof doc.StartAction !== 'string' || !ids.has(doc.StartAction))
    problems.push({ field: 'StartAction', message: `${JSON.stringify(doc.StartAction)} is not the Identifier of an action in the flow` });
  doc.Actions.forEach((a, i) => {
    if (!isObject(a)) return;
    const identifier = typeof a.Identifier === 'string' ? a.Identifier : `Actions[${i}]`;
    if (typeof a.Type !== 'string' || !a.Type) {
      problems.push({ identifier, field: 'Type', message: 'missing: every action needs a Type' });
      return;
    }
    if (!isKnownActionType(a.Type)) {
      problems.push({ identifier, field: 'Type', message: `unknown action type "${a.Type}": Parley does not know this block, so the flow could not run it` });
      return;
    }
    if (a.Parameters !== undefined && !isObject(a.Parameters)) problems.push({ identifier, field: 'Parameters', message: 'must be an object' });
    checkTransitions(identifier, a.Transitions, ids, problems);
    checkParameters(flow, identifier, a.Type, isObject(a.Parameters) ? a.Parameters : {}, opts, problems, warnings);
  });
  if (!problems.length) warnUnreachable(flow, warnings);
  return done(flow);
}

function malformed(text: string, e: unknown): string {
  const err = findJsonSyntaxError(text);
  if (!err) return `Malformed JSON: ${(e as Error).message}`;
  const hint = err.after && err.after.line < err.line ? ` (is a comma missing at line ${err.after.line}, column ${err.after.column}, after the value there?)` : '';
  return `Malformed JSON at line ${err.line}, column ${err.column}: ${err.message}${hint}`;
}

/** The Identifiers of the flow's actions; problems for missing, bad and duplicate ones. */
function checkIdentifiers(actions: unknown[], problems: FlowProblem[]): Set<string> {
  const ids = new Set<string>();
  actions.forEach((a, i) => {
    if (!isObject(a)) {
      problems.push({ field: `Actions[${i}]`, message: 'must be an action object' });
      return;
    }
    const id = a.Identifier;
    if (typeof id !== 'string' || id === '') {
      problems.push({ field: `Actions[${i}].Identifier`, message: 'missing: every action needs an Identifier' });
      return;
    }
    if ([...id].length > MAX_IDENTIFIER_LENGTH) problems.push({ identifier: id, field: 'Identifier', message: `longer than ${MAX_IDENTIFIER_LENGTH} characters` });
    const bad = FORBIDDEN_IN_IDENTIFIER.exec(id);
    if (bad) problems.push({ identifier: id, field: 'Identifier', message: `contains "${bad[0]}": the characters % : ( \\ / ) = $ , ; [ ] { } are not allowed` });
    if (RESERVED_IDENTIFIERS.has(id)) problems.push({ identifier: id, field: 'Identifier', message: `"${id}" is a reserved word` });
    if (ids.has(id)) problems.push({ identifier: id, field: 'Identifier', message: 'used by more than one action: Identifiers must be unique' });
    ids.add(id);
  });
  return ids;
}

function checkTransitions(identifier: string, t: unknown, ids: Set<string>, problems: FlowProblem[]): void {
  if (t === undefined) return;
  if (!isObject(t)) {
    problems.push({ identifier, field: 'Transitions', message: 'must be an object' });
    return;
  }
  const target = (field: string, v: unknown) => {
    if (typeof v !== 'string' || !v) problems.push({ identifier, field, message: 'must be the Identifier of an action' });
    else if (!ids.has(v)) problems.push({ identifier, field, message: `goes to "${v}", which is not an action in the flow` });
  };
  if (t.NextAction !== undefined) target('Transitions.NextAction', t.NextAction);
  const list = (name: 'Errors' | 'Conditions', each: (item: Record<string, unknown>, field: string) => void) => {
    const v = t[name];
    if (v === undefined) return;
    if (!Array.isArray(v)) return problems.push({ identifier, field: `Transitions.${name}`, message: 'must be a list' });
    v.forEach((item, i) => {
      const field = `Transitions.${name}[${i}]`;
      if (!isObject(item)) problems.push({ identifier, field, message: 'must be an object' });
      else each(item, field);
    });
  };
  list('Errors', (e, field) => {
    if (typeof e.ErrorType !== 'string' || !e.ErrorType) problems.push({ identifier, field: `${field}.ErrorType`, message: 'missing: which error this branch handles' });
    target(`${field}.NextAction`, e.NextAction);
  });
  list('Conditions', (c, field) => {
    target(`${field}.NextAction`, c.NextAction);
    const cond = c.Condition;
    if (!isObject(cond)) return problems.push({ identifier, field: `${field}.Condition`, message: 'missing: {Operator, Operands}' });
    if (typeof cond.Operator !== 'string' || !OPERATORS.has(cond.Operator))
      problems.push({ identifier, field: `${field}.Condition.Operator`, message: `${JSON.stringify(cond.Operator)} is not an operator (one of ${CONDITION_OPERATORS.join(', ')})` });
    if (!Array.isArray(cond.Operands) || cond.Operands.length === 0 || !cond.Operands.every((o) => typeof o === 'string' || typeof o === 'number'))
      problems.push({ identifier, field: `${field}.Condition.Operands`, message: 'must be a list of at least one string' });
  });
}

/** Actions no path reaches from StartAction: harmless, often left over in exports. */
function warnUnreachable(flow: FlowDocument, warnings: FlowProblem[]): void {
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const seen = new Set<string>();
  const todo = [flow.StartAction];
  while (todo.length) {
    const id = todo.pop()!;
    if (seen.has(id) || !byId.has(id)) continue;
    seen.add(id);
    const t = byId.get(id)!.Transitions ?? {};
    todo.push(...[t.NextAction, ...(t.Errors ?? []).map((e) => e.NextAction), ...(t.Conditions ?? []).map((c) => c.NextAction)].filter((x): x is string => !!x));
  }
  for (const a of flow.Actions) if (!seen.has(a.Identifier)) warnings.push({ identifier: a.Identifier, message: 'no path from StartAction reaches this action' });
}
