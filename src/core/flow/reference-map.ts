import type { FlowDocument } from './flow-document.js';
import { parseReference } from './references.js';

/**
 * The parameters of a flow that name other resources (queues, flows, functions, bots…), and the
 * `--map REFERENCE=LOCAL_NAME` rewriting that points an exported flow's references (ARNs of
 * another instance, template placeholders, the names the console shows) at local resources.
 */
export type RefKind = 'queue' | 'flow' | 'function' | 'bot' | 'prompt' | 'hours' | 'agent';

export interface RefSlot {
  identifier: string;
  type: string;
  /** Where the reference is, e.g. "Parameters.QueueId" or "Parameters.EventHooks.CustomerQueue". */
  field: string;
  kind: RefKind;
  value: string;
  /** The event hook, for Parameters.EventHooks entries. */
  hook?: string;
  /** The name the console shows for it (Metadata.ActionMetadata), when the export has one. */
  displayName?: string;
}

type Slot = { path: string[]; kind: RefKind };
const QUEUE_OR_AGENT: Slot[] = [
  { path: ['QueueId'], kind: 'queue' },
  { path: ['AgentId'], kind: 'agent' },
];
const PROMPT: Slot = { path: ['PromptId'], kind: 'prompt' };

/** Per action type, the parameters that hold a reference ('*' = every entry of a map). */
const SLOTS: ReadonlyMap<string, Slot[]> = new Map<string, Slot[]>([
  ['UpdateContactTargetQueue', QUEUE_OR_AGENT],
  ['DequeueContactAndTransferToQueue', QUEUE_OR_AGENT],
  ['CheckMetricData', QUEUE_OR_AGENT],
  ['GetMetricData', QUEUE_OR_AGENT],
  ['TransferToFlow', [{ path: ['ContactFlowId'], kind: 'flow' }]],
  ['CreateTask', [{ path: ['ContactFlowId'], kind: 'flow' }]],
  ['InvokeFlowModule', [{ path: ['FlowModuleId'], kind: 'flow' }]],
  ['UpdateContactEventHooks', [{ path: ['EventHooks', '*'], kind: 'flow' }]],
  ['InvokeLambdaFunction', [{ path: ['LambdaFunctionARN'], kind: 'function' }]],
  ['ConnectParticipantWithLexBot', [{ path: ['LexV2Bot', 'AliasArn'], kind: 'bot' }, PROMPT]],
  ['CheckHoursOfOperation', [{ path: ['HoursOfOperationId'], kind: 'hours' }]],
  ['MessageParticipant', [PROMPT]],
  ['GetParticipantInput', [PROMPT]],
]);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const own = (o: unknown, k: string): unknown => (isObject(o) && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

/** A value that is resolved at run time (a `$.` reference), which no import can check. */
export const isDynamic = (v: string): boolean => parseReference(v) !== null;

/** Template placeholders left in exported files: Terraform/CloudFormation `${…}`, Handlebars `{{…}}`. */
export const PLACEHOLDER = /\$\{[^}]*\}|\{\{[^}]*\}\}/g;

/** Every reference to another resource that a flow's actions hold, in action order. */
export function referenceSlots(doc: FlowDocument): RefSlot[] {
  const out: RefSlot[] = [];
  const meta = own(doc.Metadata, 'ActionMetadata');
  for (const action of Array.isArray(doc.Actions) ? doc.Actions : []) {
    if (!isObject(action) || typeof action.Identifier !== 'string') continue;
    const slots = SLOTS.get(action.Type);
    if (!slots || !isObject(action.Parameters)) continue;
    const ui = own(meta, action.Identifier);
    for (const slot of slots) {
      const [head, tail] = slot.path;
      const base = { identifier: action.Identifier, type: action.Type, kind: slot.kind };
      if (tail === '*') {
        const map = own(action.Parameters, head);
        if (!isObject(map)) continue;
        for (const [hook, v] of Object.entries(map)) {
          if (typeof v !== 'string' || v === '') continue;
          const displayName = nameIn(own(own(own(ui, 'parameters'), head), hook)) ?? legacyName(ui, slot.kind);
          out.push({ ...base, field: `Parameters.${head}.${hook}`, value: v, hook, ...(displayName ? { displayName } : {}) });
        }
        continue;
      }
      const v = tail ? own(own(action.Parameters, head), tail) : own(action.Parameters, head);
      if (typeof v !== 'string' || v === '') continue;
      const displayName = nameIn(own(own(ui, 'parameters'), head)) ?? legacyName(ui, slot.kind);
      out.push({ ...base, field: `Parameters.${slot.path.join('.')}`, value: v, ...(displayName ? { displayName } : {}) });
    }
  }
  return out;
}

const nameIn = (o: unknown): string | undefined => {
  const n = own(o, 'displayName');
  return typeof n === 'string' && n ? n : undefined;
};

/** Older console metadata: `queue: {id, text}`, `ContactFlow: {id, text}`. */
function legacyName(ui: unknown, kind: RefKind): string | undefined {
  const keys = kind === 'queue' ? ['queue'] : kind === 'flow' ? ['ContactFlow', 'contactFlow'] : [];
  for (const k of keys) {
    const t = own(own(ui, k), 'text');
    if (typeof t === 'string' && t) return t;
  }
  return undefined;
}

/** Resolves a local name a reference is mapped to (to an id or ARN); undefined keeps the name. */
export type LocalResolver = (kind: RefKind | null, localName: string) => string | undefined;

/**
 * Applies `--map` entries (reference → local name) to a copy of a flow. A reference matches a
 * parameter that is exactly it, a placeholder inside a text, or the name the console shows for
 * the parameter (ActionMetadata). Returns the rewritten flow and the entries that matched.
 */
export function applyReferenceMap(doc: FlowDocument, map: ReadonlyMap<string, string>, resolve: LocalResolver = () => undefined) {
  const out = JSON.parse(JSON.stringify(doc)) as FlowDocument;
  const matched = new Set<string>();
  const local = (kind: RefKind | null, name: string) => resolve(kind, name) ?? name;
  // Slots first: there the kind of resource is known, so a local name can become an id or ARN.
  const slotted = new Set<string>();
  for (const slot of referenceSlots(out)) {
    const key = map.has(slot.value) ? slot.value : slot.displayName !== undefined && map.has(slot.displayName) ? slot.displayName : undefined;
    if (key === undefined) continue;
    matched.add(key);
    setSlot(out, slot, local(slot.kind, map.get(key)!));
    slotted.add(`${slot.identifier}\u0000${slot.field}`);
  }
  const rewrite = (v: string): string => {
    if (map.has(v)) {
      matched.add(v);
      return local(null, map.get(v)!);
    }
    return v.replace(PLACEHOLDER, (p) => {
      if (!map.has(p)) return p;
      matched.add(p);
      return local(null, map.get(p)!);
    });
  };
  for (const action of out.Actions ?? []) {
    if (!isObject(action) || !isObject(action.Parameters)) continue;
    action.Parameters = walk(action.Parameters, rewrite, (path) => slotted.has(`${action.Identifier}\u0000Parameters.${path}`)) as Record<string, unknown>;
  }
  if (isObject(out.Metadata)) out.Metadata = walk(out.Metadata, rewrite, () => false) as Record<string, unknown>;
  return { flow: out, matched };
}

function setSlot(doc: FlowDocument, slot: RefSlot, value: string): void {
  const action = doc.Actions.find((a) => a.Identifier === slot.identifier && a.Type === slot.type);
  const path = slot.field.split('.').slice(1);
  let o = action?.Parameters as Record<string, unknown> | undefined;
  for (const k of path.slice(0, -1)) o = isObject(o) ? (own(o, k) as Record<string, unknown>) : undefined;
  if (isObject(o)) o[path.at(-1)!] = value;
}

function walk(v: unknown, f: (s: string) => string, skip: (path: string) => boolean, path = ''): unknown {
  if (typeof v === 'string') return skip(path) ? v : f(v);
  if (Array.isArray(v)) return v.map((x, i) => walk(x, f, skip, path ? `${path}.${i}` : String(i)));
  if (isObject(v)) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(o, k, { value: walk(x, f, skip, path ? `${path}.${k}` : k), enumerable: true, writable: true, configurable: true });
    return o;
  }
  return v;
}
