import type { FlowGraph } from './flow-model';

export const NODE_W = 220;
export const NODE_H = 78;
export const START_W = 70;
export const START_H = 34;
const GAP_X = 150;
const GAP_Y = 40;
const MARGIN = 30;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where each block goes (by identifier), where the entry point goes, and the drawing's size. */
export interface Layout {
  boxes: Map<string, Box>;
  entry: Box | undefined;
  /** For an arrow that spans several columns (key `from\u0000to`): the slot it passes through in each column between. */
  bends: Map<string, Box[]>;
  width: number;
  height: number;
}

const DUMMY_H = 22;
const key = (from: string, to: string) => `${from}\u0000${to}`;
export const edgeKey = key;

/** Whether every block has a position saved by the flow designer (then `saved` can place them). */
export const hasSavedPositions = (g: FlowGraph) => g.nodes.length > 0 && g.nodes.every((n) => n.saved);

/** Ranks by longest path from the start (then from blocks it does not reach), and the arrows that close loops. */
function rank(g: FlowGraph): { rank: Map<string, number>; order: string[]; back: Set<string> } {
  const succ = new Map<string, string[]>(g.nodes.map((n) => [n.id, []]));
  for (const e of g.edges) if (e.from !== e.to) succ.get(e.from)!.push(e.to);
  // Depth-first: an arrow back into the current path closes a loop and is left out of the ranking.
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<string>();
  const post: string[] = [];
  const visit = (v: string) => {
    state.set(v, 'open');
    for (const w of succ.get(v)!) {
      if (state.get(w) === 'open') back.add(key(v, w));
      else if (!state.has(w)) visit(w);
    }
    state.set(v, 'done');
    post.push(v);
  };
  for (const r of [...(g.start ? [g.start] : []), ...g.nodes.map((n) => n.id)]) if (!state.has(r)) visit(r);
  const order = post.reverse();
  const ranks = new Map<string, number>(order.map((v) => [v, 0]));
  for (const v of order) for (const w of succ.get(v)!) if (!back.has(key(v, w))) ranks.set(w, Math.max(ranks.get(w)!, ranks.get(v)! + 1));
  return { rank: ranks, order, back };
}

/**
 * A layered drawing, left to right: the entry point, then each block one column after the
 * furthest block that leads to it (longest path), loops left out, so that most arrows point
 * right. An arrow that spans several columns takes a slot in each column between, so it runs
 * between blocks rather than through them. Within a column, blocks and slots are ordered near
 * what they connect to (barycenters, a few sweeps each way).
 */
export function layered(g: FlowGraph): Layout {
  const { rank: ranks, order, back } = rank(g);
  const shift = g.start ? 1 : 0;
  const preds = new Map<string, string[]>(order.map((v) => [v, []]));
  const succs = new Map<string, string[]>(order.map((v) => [v, []]));
  const link = (a: string, b: string) => {
    succs.get(a)!.push(b);
    preds.get(b)!.push(a);
  };
  const chains = new Map<string, string[]>();
  const column = new Map<string, number>(order.map((v) => [v, ranks.get(v)! + shift]));
  for (const e of g.edges) {
    if (e.from === e.to || back.has(key(e.from, e.to))) continue;
    const dummies: string[] = [];
    for (let c = column.get(e.from)! + 1; c < column.get(e.to)!; c++) {
      const d = `\u0001${key(e.from, e.to)}\u0001${c}`;
      column.set(d, c);
      preds.set(d, []);
      succs.set(d, []);
      dummies.push(d);
    }
    const path = [e.from, ...dummies, e.to];
    for (let i = 1; i < path.length; i++) link(path[i - 1], path[i]);
    if (dummies.length) chains.set(key(e.from, e.to), dummies);
  }
  const columns: string[][] = [];
  for (const [v, c] of column) (columns[c] ??= []).push(v);
  const index = new Map<string, number>();
  const reindex = () => columns.forEach((col) => col?.forEach((v, i) => index.set(v, i)));
  const sweep = (cols: string[][], near: Map<string, string[]>) => {
    for (const col of cols) {
      if (!col) continue;
      const k = new Map(
        col.map((v) => {
          const n = near.get(v)!;
          return [v, n.length ? n.reduce((s, u) => s + index.get(u)!, 0) / n.length : index.get(v)!];
        }),
      );
      col.sort((a, b) => k.get(a)! - k.get(b)!);
      col.forEach((v, i) => index.set(v, i));
    }
  };
  reindex();
  for (let pass = 0; pass < 3; pass++) {
    sweep(columns, preds);
    sweep([...columns].reverse(), succs);
  }
  sweep(columns, preds);

  const h = (v: string) => (v.startsWith('\u0001') ? DUMMY_H : NODE_H);
  const span = (col: string[]) => col.reduce((s, v) => s + h(v), 0) + (col.length - 1) * GAP_Y;
  // Array.from, not map: columns is sparse (the entry's column has no block) and map keeps holes.
  const height = MARGIN * 2 + Math.max(NODE_H, ...Array.from(columns, (c) => (c ? span(c) : 0)));
  const boxes = new Map<string, Box>();
  const slots = new Map<string, Box>();
  // The entry point's column is only as wide as the entry point.
  const left = (c: number) => MARGIN + (shift ? START_W + GAP_X / 2 : 0) + (c - shift) * (NODE_W + GAP_X);
  columns.forEach((col, c) => {
    if (!col) return;
    let y = (height - span(col)) / 2;
    for (const v of col) {
      const box = { x: left(c), y, w: NODE_W, h: h(v) };
      (v.startsWith('\u0001') ? slots : boxes).set(v, box);
      y += box.h + GAP_Y;
    }
  });
  const bends = new Map([...chains].map(([k, ds]) => [k, ds.map((d) => slots.get(d)!)]));
  const first = g.start ? boxes.get(g.start) : undefined;
  const entry = first ? { x: MARGIN, y: first.y + (NODE_H - START_H) / 2, w: START_W, h: START_H } : undefined;
  return { boxes, entry, bends, width: Math.max(left(columns.length) - GAP_X, MARGIN) + MARGIN, height };
}

/** The flow designer's own placement (Metadata.ActionMetadata), moved to the drawing's corner. */
export function saved(g: FlowGraph): Layout {
  const at = g.nodes.map((n) => n.saved!);
  const entry = g.entry ?? (g.start ? { x: g.nodes.find((n) => n.id === g.start)!.saved!.x - START_W - GAP_X / 2, y: g.nodes.find((n) => n.id === g.start)!.saved!.y } : undefined);
  const xs = [...at.map((p) => p.x), ...(entry ? [entry.x] : [])];
  const ys = [...at.map((p) => p.y), ...(entry ? [entry.y] : [])];
  const dx = MARGIN - Math.min(...xs);
  const dy = MARGIN - Math.min(...ys);
  const boxes = new Map<string, Box>(g.nodes.map((n) => [n.id, { x: n.saved!.x + dx, y: n.saved!.y + dy, w: NODE_W, h: NODE_H }]));
  return {
    boxes,
    bends: new Map(),
    entry: entry && g.start ? { x: entry.x + dx, y: entry.y + dy, w: START_W, h: START_H } : undefined,
    width: Math.max(...xs) + dx + NODE_W + MARGIN,
    height: Math.max(...ys) + dy + NODE_H + MARGIN,
  };
}
