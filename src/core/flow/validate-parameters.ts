import { ACTION_ALIASES, ACTIONS } from './actions/index.js';
import { asInt } from './actions/action-spec.js';
import type { FlowDocument } from './flow-document.js';
import { HOOK_FLOW_TYPES, VOICE_ONLY_FLOW_TYPES, type FlowType } from './flow-types.js';
import { NAMESPACES, referencesIn } from './references.js';
import { isDynamic, PLACEHOLDER, referenceSlots, type RefSlot } from './reference-map.js';
import type { FlowProblem, ValidateOptions } from './validate.js';

/**
 * What exists in the instance, for checking a flow's static references: every spelling that
 * resolves (id, ARN, name). Functions are the keys of the functions configuration.
 */
export interface KnownRefs {
  queues: ReadonlySet<string>;
  /** Flow id, ARN or name → its type. */
  flows: ReadonlyMap<string, string>;
  functions: ReadonlySet<string>;
}

export const WAIT_EVENTS = ['CustomerReturned', 'BotParticipantDisconnected'] as const;
export const MAX_WAIT_SECONDS = 604_800;
export const MAX_LOOP_COUNT = 100;
const ROOTS: ReadonlySet<string> = new Set(NAMESPACES);
/** Parameters that are a static value or exactly one reference (spec §3.1, restriction 2). */
const SINGLE_REFERENCE: ReadonlySet<string> = new Set([
  'ComparisonValue', 'LoopCount', 'TimeLimitSeconds', 'TimeoutSeconds', 'QueueId', 'AgentId', 'ContactFlowId', 'FlowModuleId', 'LambdaFunctionARN',
  'HoursOfOperationId', 'EventHooks', 'LexV2Bot', 'PromptId', 'QueuePriority', 'QueueTimeAdjustmentSeconds', 'CallbackNumber',
]);

/** Flow types the docs allow an action in (spec §4: checked as warnings, real flows bend them). */
const INBOUND_AND_TRANSFER: FlowType[] = ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'];
const ALLOWED_IN: Readonly<Record<string, FlowType[]>> = {
  TransferContactToQueue: INBOUND_AND_TRANSFER,
  TransferToFlow: INBOUND_AND_TRANSFER,
  UpdateContactTargetQueue: INBOUND_AND_TRANSFER,
  CheckHoursOfOperation: [...INBOUND_AND_TRANSFER, 'CUSTOMER_QUEUE'],
  ConnectParticipantWithLexBot: [...INBOUND_AND_TRANSFER, 'CUSTOMER_QUEUE'],
  UpdateRoutingCriteria: [...INBOUND_AND_TRANSFER, 'CUSTOMER_QUEUE'],
  DequeueContactAndTransferToQueue: ['CUSTOMER_QUEUE'],
  ShowView: ['CONTACT_FLOW', 'CUSTOMER_QUEUE'],
};

const KIND_NAMES: Record<RefSlot['kind'], string> = { queue: 'queue', flow: 'flow', function: 'function', bot: 'bot', prompt: 'prompt', hours: 'hours', agent: 'agent' };
const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/** Checks one action's parameters (required ones, ranges, references, placeholders). */
export function checkParameters(
  flow: FlowDocument,
  identifier: string,
  type: string,
  params: Record<string, unknown>,
  opts: ValidateOptions,
  problems: FlowProblem[],
  warnings: FlowProblem[],
): void {
  const spec = ACTIONS.get(ACTION_ALIASES.get(type) ?? type)!;
  const problem = (field: string | undefined, message: string) => problems.push({ identifier, ...(field ? { field } : {}), message });
  for (const name of spec.required ?? []) if (!present(params[name])) problem(`Parameters.${name}`, `missing: ${type} needs ${name}`);
  if (spec.oneOf) {
    const given = spec.oneOf.filter((n) => present(params[n]));
    if (given.length === 0) problem('Parameters', `${type} needs one of ${spec.oneOf.join(', ')}`);
    else if (given.length > 1) problem('Parameters', `${type} takes only one of ${spec.oneOf.join(', ')}, not ${given.join(' and ')}`);
  }
  if (type === 'Wait') checkWait(params, problem);
  if (type === 'Loop') checkRange('Parameters.LoopCount', params.LoopCount, 0, MAX_LOOP_COUNT, problem);
  if (depthOf(params) > MAX_PARAMETER_DEPTH) {
    // Nothing real nests this deep, and walking it (here, or storing it) would exhaust the stack.
    problem('Parameters', `nested more than ${MAX_PARAMETER_DEPTH} levels deep`);
    return;
  }
  scanTexts(params, 'Parameters', (text, field) => {
    for (const m of text.match(PLACEHOLDER) ?? [])
      problem(field, `unresolved template placeholder ${m}: give it a value before importing (parley flows import --map '${m}=LOCAL_NAME')`);
    for (const path of referencesIn(text)) {
      if (ROOTS.has(path[0])) continue;
      const what = `"$.${path.join('.')}" reads an unknown namespace "${path[0]}" (known: ${NAMESPACES.join(', ')})`;
      // A parameter that is one reference cannot run without it; free text only renders it empty
      // (real exports carry such text, e.g. a callback number passed to a function).
      if (SINGLE_REFERENCE.has(field.split(/[.[]/)[1])) problem(field, what);
      else warnings.push({ identifier, field, message: `${what}: it will be empty at run time` });
    }
  });
  if (spec.chat === 'error') warnings.push({ identifier, message: `${type} is voice-only: on a chat it takes its error branch` });
  if (opts.type) {
    const allowed = ALLOWED_IN[ACTION_ALIASES.get(type) ?? type];
    if (allowed && !allowed.includes(opts.type as FlowType)) warnings.push({ identifier, message: `${type} is documented for ${allowed.join(', ')} flows, not ${opts.type}` });
  }
  if (type === 'UpdateContactEventHooks' && params.EventHooks && typeof params.EventHooks === 'object')
    for (const hook of Object.keys(params.EventHooks))
      if (!Object.prototype.hasOwnProperty.call(HOOK_FLOW_TYPES, hook)) problem(`Parameters.EventHooks.${hook}`, `"${hook}" is not an event hook (one of ${Object.keys(HOOK_FLOW_TYPES).join(', ')})`);
  if (opts.knownRefs) for (const slot of referenceSlots(flow)) if (slot.identifier === identifier && slot.type === type) checkReference(slot, opts.knownRefs, problems, warnings);
}

/** A flow-level warning, once per flow: hold flows never run on chats. */
export function flowTypeWarnings(type: string | undefined): FlowProblem[] {
  return type && VOICE_ONLY_FLOW_TYPES.includes(type as FlowType) ? [{ message: `${type} flows are voice-only: chats never run them` }] : [];
}

function checkWait(params: Record<string, unknown>, problem: (field: string | undefined, message: string) => void): void {
  // Exports spell it TimeLimitSeconds, the docs (and the legacy format) TimeoutSeconds.
  const field = params.TimeLimitSeconds !== undefined ? 'TimeLimitSeconds' : 'TimeoutSeconds';
  if (!present(params[field])) problem('Parameters.TimeLimitSeconds', 'missing: Wait needs TimeLimitSeconds (how long to wait, 1 to 604800 seconds)');
  else checkRange(`Parameters.${field}`, params[field], 1, MAX_WAIT_SECONDS, problem);
  const events = params.Events;
  if (events === undefined) return;
  if (!Array.isArray(events)) return problem('Parameters.Events', 'must be a list of events');
  for (const e of events)
    if (!(WAIT_EVENTS as readonly unknown[]).includes(e)) problem('Parameters.Events', `${JSON.stringify(e)} is not a Wait event (one of ${WAIT_EVENTS.join(', ')})`);
}

/** A whole number within bounds, unless it is a `$.` reference (then it is checked when it runs). */
function checkRange(field: string, v: unknown, min: number, max: number, problem: (field: string, message: string) => void): void {
  if (v === undefined || (typeof v === 'string' && isDynamic(v))) return;
  const n = asInt(v);
  if (n === null || n < min || n > max) problem(field, `${JSON.stringify(v)} is out of range: a whole number from ${min} to ${max}`);
}

const MAX_PARAMETER_DEPTH = 32;

/** How deep a JSON value nests, found without recursion (it stops counting past the limit). */
function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    deepest = Math.max(deepest, d);
    if (d > MAX_PARAMETER_DEPTH) return d;
    if (v && typeof v === 'object') for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  return deepest;
}

/** Every string (and object key) inside a parameter value, with where it is. */
function scanTexts(v: unknown, field: string, f: (text: string, field: string) => void): void {
  if (typeof v === 'string') f(v, field);
  else if (Array.isArray(v)) v.forEach((x, i) => scanTexts(x, `${field}[${i}]`, f));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      f(k, `${field}.${k}`);
      scanTexts(x, `${field}.${k}`, f);
    }
}

/** The resource id at the end of a Connect ARN (…/queue/<id>), or the value itself. */
const trailingId = (v: string) => (v.startsWith('arn:') ? v.slice(v.lastIndexOf('/') + 1) : v);
/** A Lambda ARN's function name (with its alias or version, if any), as the function configuration is keyed. */
export const functionNameOf = (arn: string) => arn.replace(/^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:/, '');

function checkReference(slot: RefSlot, known: KnownRefs, problems: FlowProblem[], warnings: FlowProblem[]): void {
  const v = slot.value;
  if (isDynamic(v) || v.match(PLACEHOLDER)) return;
  const named = slot.displayName && slot.displayName !== v ? ` (called "${slot.displayName}" in the file)` : '';
  const missing = (what: string) =>
    problems.push({ identifier: slot.identifier, field: slot.field, message: `${what}${named}: create it, or import with --map '${v}=LOCAL_${KIND_NAMES[slot.kind].toUpperCase()}_NAME'` });
  if (slot.kind === 'queue' && !known.queues.has(v) && !known.queues.has(trailingId(v))) missing(`no queue ${v} in this instance`);
  if (slot.kind === 'function' && !known.functions.has(v) && !known.functions.has(functionNameOf(v)))
    missing(`no function ${v} is configured (PARLEY_FUNCTIONS maps function ARNs or names to URLs)`);
  if (slot.kind === 'flow') {
    const type = known.flows.get(v) ?? known.flows.get(trailingId(v));
    if (type === undefined) {
      missing(`no flow ${v} in this instance`);
      return;
    }
    const hookType = slot.hook && Object.prototype.hasOwnProperty.call(HOOK_FLOW_TYPES, slot.hook) ? HOOK_FLOW_TYPES[slot.hook] : undefined;
    const want: readonly string[] | undefined = hookType ? [hookType] : slot.hook ? undefined : slot.type === 'TransferToFlow' ? INBOUND_AND_TRANSFER : undefined;
    if (want && !want.includes(type))
      warnings.push({ identifier: slot.identifier, field: slot.field, message: `flow ${v} is a ${type} flow, where a ${want.join(' or ')} flow is expected: at run time this takes the error branch` });
  }
}
