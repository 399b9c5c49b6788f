/**
 * A flow's content (the Amazon Connect flow language, Version 2019-10-30) read as a graph: its
 * blocks (Actions) and the transitions between them (NextAction, Conditions, Errors). Reading
 * never throws: a content the console cannot draw gives a reason instead.
 */

export interface FlowNode {
  id: string;
  type: string;
  /** What a MessageParticipant block says (its Text), for the drawing. */
  text?: string;
  /** Where the flow designer placed the block (Metadata.ActionMetadata), when the content says. */
  saved?: { x: number; y: number };
}

export type EdgeKind = 'next' | 'condition' | 'error';

/** All transitions from one block to another, drawn as one arrow with their labels. */
export interface FlowEdge {
  from: string;
  to: string;
  labels: { kind: EdgeKind; text: string }[];
}

export interface FlowGraph {
  start: string | undefined;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Where the designer placed the entry point, when the content says. */
  entry?: { x: number; y: number };
  /** Transitions to blocks the content does not have (drawn nowhere, listed in the outline). */
  dangling: { from: string; to: string; label: string }[];
}

const OPERATORS: Record<string, string> = {
  NumberGreaterThan: '>',
  NumberGreaterOrEqualTo: '≥',
  NumberLessThan: '<',
  NumberLessOrEqualTo: '≤',
  TextContains: 'contains',
  TextStartsWith: 'starts with',
  TextEndsWith: 'ends with',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** A condition as a short label: `Equals ["1"]` → `1`, `NumberGreaterThan ["0"]` → `> 0`. */
export function conditionLabel(c: unknown): string {
  if (!isObject(c)) return '?';
  const operands = Array.isArray(c.Operands) ? c.Operands.map(String).join(', ') : '';
  const op = str(c.Operator) ?? '';
  if (op === 'Equals') return operands || '(empty)';
  return `${OPERATORS[op] ?? op} ${operands}`.trim();
}

function position(meta: unknown): { x: number; y: number } | undefined {
  const p = isObject(meta) ? meta.position : undefined;
  return isObject(p) && typeof p.x === 'number' && typeof p.y === 'number' ? { x: p.x, y: p.y } : undefined;
}

/** The graph of a flow's content (a JSON string), or why it cannot be drawn. */
export function readFlow(content: string): { graph: FlowGraph } | { error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    return { error: 'The content is not JSON.' };
  }
  if (!isObject(doc) || !Array.isArray(doc.Actions)) return { error: 'The content has no Actions list (is it an export of the old flow designer?).' };
  const meta = isObject(doc.Metadata) ? doc.Metadata : {};
  const actionMeta = isObject(meta.ActionMetadata) ? meta.ActionMetadata : {};
  const nodes: FlowNode[] = [];
  for (const a of doc.Actions) {
    if (!isObject(a) || !str(a.Identifier)) continue;
    const id = a.Identifier as string;
    const params = isObject(a.Parameters) ? a.Parameters : {};
    nodes.push({
      id,
      type: str(a.Type) ?? '?',
      ...(a.Type === 'MessageParticipant' && str(params.Text) ? { text: params.Text as string } : {}),
      ...(Object.prototype.hasOwnProperty.call(actionMeta, id) && position(actionMeta[id]) ? { saved: position(actionMeta[id]) } : {}),
    });
  }
  const known = new Set(nodes.map((n) => n.id));
  const edges = new Map<string, FlowEdge>();
  const dangling: FlowGraph['dangling'] = [];
  const add = (from: string, to: unknown, kind: EdgeKind, text: string) => {
    if (typeof to !== 'string' || !to) return;
    if (!known.has(to)) return void dangling.push({ from, to, label: text || 'next' });
    const key = `${from}\u0000${to}`;
    const e = edges.get(key) ?? { from, to, labels: [] };
    e.labels.push({ kind, text });
    edges.set(key, e);
  };
  for (const a of doc.Actions) {
    if (!isObject(a) || !str(a.Identifier) || !isObject(a.Transitions)) continue;
    const t = a.Transitions;
    const from = a.Identifier as string;
    add(from, t.NextAction, 'next', '');
    for (const c of Array.isArray(t.Conditions) ? t.Conditions : []) if (isObject(c)) add(from, c.NextAction, 'condition', conditionLabel(c.Condition));
    for (const e of Array.isArray(t.Errors) ? t.Errors : []) if (isObject(e)) add(from, e.NextAction, 'error', str(e.ErrorType) ?? 'error');
  }
  const start = str(doc.StartAction);
  return { graph: { start: start && known.has(start) ? start : undefined, nodes, edges: [...edges.values()], entry: position({ position: meta.entryPointPosition }), dangling } };
}

/** An arrow's label: its conditions and errors; a NextAction sharing the arrow shows as `next`. */
export function edgeLabel(e: FlowEdge): string {
  const named = e.labels.filter((l) => l.text);
  if (!named.length) return '';
  return [...(e.labels.some((l) => l.kind === 'next') ? ['next'] : []), ...named.map((l) => l.text)].join(', ');
}

/** An arrow taken only on errors is drawn apart from the normal path. */
export const isErrorOnly = (e: FlowEdge) => e.labels.every((l) => l.kind === 'error');
