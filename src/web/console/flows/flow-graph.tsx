import { useId } from 'react';
import { edgeKey, type Box, type Layout } from './flow-layout';
import { edgeLabel, isErrorOnly, type FlowEdge, type FlowGraph, type FlowNode } from './flow-model';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Up to two lines of about `n` characters, cut at a space where possible; the rest is elided. */
function lines(text: string, n: number): string[] {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= n) return [t];
  const space = t.lastIndexOf(' ', n);
  const cut = space > 0 ? space : n;
  return [t.slice(0, cut), clip(t.slice(cut).trim(), n)];
}

/** The colour family of a block, by what it does. */
function category(type: string): string {
  if (/^(MessageParticipant|GetParticipantInput|ShowView)/.test(type)) return 'message';
  if (/^(DisconnectParticipant|EndFlowExecution)/.test(type)) return 'end';
  if (/^Transfer|Queue/.test(type)) return 'transfer';
  if (/^(Compare|Check|DistributeByPercentage)/.test(type)) return 'branch';
  return 'other';
}

interface Port {
  x: number;
  y: number;
}

const mid = (b: Box) => b.y + b.h / 2;
/** An arrow that goes forward (to a block starting right of its source's start) is drawn as curves; any other is a loop. */
const isForward = (from: Box, to: Box, same: boolean) => !same && to.x >= from.x + 20;

/**
 * Where each arrow leaves its block's right side and reaches its target's left side: spread
 * over the side in the order of where the arrows go, loops (which turn down) last.
 */
function ports(edges: FlowEdge[], layout: Layout) {
  const out = new Map<FlowEdge, Port>();
  const inn = new Map<FlowEdge, Port>();
  const box = (id: string) => layout.boxes.get(id)!;
  const toward = (e: FlowEdge, side: 'out' | 'in') => {
    if (!isForward(box(e.from), box(e.to), e.from === e.to)) return Number.POSITIVE_INFINITY;
    const bends = layout.bends.get(edgeKey(e.from, e.to));
    if (bends?.length) return mid(side === 'out' ? bends[0] : bends[bends.length - 1]);
    return mid(box(side === 'out' ? e.to : e.from));
  };
  for (const [id, b] of layout.boxes) {
    for (const side of ['out', 'in'] as const) {
      const list = edges.filter((e) => (side === 'out' ? e.from : e.to) === id).sort((x, y) => toward(x, side) - toward(y, side));
      list.forEach((e, i) => (side === 'out' ? out : inn).set(e, { x: side === 'out' ? b.x + b.w : b.x, y: b.y + (b.h * (i + 1)) / (list.length + 1) }));
    }
  }
  return { out, inn };
}

const curve = (a: Port, b: Port) => {
  const c = Math.max(30, Math.abs(b.x - a.x) / 2);
  return `C${a.x + c},${a.y} ${b.x - c},${b.y} ${b.x},${b.y}`;
};

/** A forward arrow: curves between columns, straight through the slots it has in the columns it crosses. Its label sits on its first curve. */
function forward(a: Port, b: Port, bends: Box[]): { d: string; label: Port } {
  const pts = [a, ...bends.flatMap((s) => [{ x: s.x, y: mid(s) }, { x: s.x + s.w, y: mid(s) }]), b];
  let d = `M${a.x},${a.y}`;
  for (let j = 0; j + 1 < pts.length; j += 2) {
    d += ` ${curve(pts[j], pts[j + 1])}`;
    if (j + 2 < pts.length) d += ` L${pts[j + 2].x},${pts[j + 2].y}`;
  }
  return { d, label: { x: (pts[0].x + pts[1].x) / 2, y: (pts[0].y + pts[1].y) / 2 } };
}

/** An arrow back (a loop) turns down and runs left at `low`, below the blocks it passes. */
function loop(a: Port, b: Port, low: number): { d: string; label: Port } {
  const m = (a.x + b.x) / 2;
  return { d: `M${a.x},${a.y} C${a.x + 60},${a.y} ${a.x + 60},${low} ${a.x},${low} L${b.x},${low} C${b.x - 60},${low} ${b.x - 60},${b.y} ${b.x},${b.y}`, label: { x: m, y: low } };
}

/** Every arrow's path and label position, and how tall the drawing must be for the loops below the blocks. */
function routes(graph: FlowGraph, layout: Layout) {
  const { out, inn } = ports(graph.edges, layout);
  const result = new Map<FlowEdge, { d: string; label: Port }>();
  let bottom = layout.height;
  let loops = 0;
  for (const e of graph.edges) {
    const from = layout.boxes.get(e.from)!;
    const to = layout.boxes.get(e.to)!;
    if (isForward(from, to, e.from === e.to)) {
      result.set(e, forward(out.get(e)!, inn.get(e)!, layout.bends.get(edgeKey(e.from, e.to)) ?? []));
      continue;
    }
    const left = Math.min(from.x, to.x);
    const right = Math.max(from.x + from.w, to.x + to.w);
    const under = [...layout.boxes.values()].filter((b) => b.x < right && b.x + b.w > left).reduce((m, b) => Math.max(m, b.y + b.h), 0);
    const low = under + 24 + 14 * loops++;
    bottom = Math.max(bottom, low + 24);
    result.set(e, loop(out.get(e)!, inn.get(e)!, low));
  }
  return { routes: result, height: bottom };
}

function Node({ node, box, isStart }: { node: FlowNode; box: Box; isStart: boolean }) {
  return (
    <g className={`flow-node kind-${category(node.type)}${isStart ? ' start' : ''}`} data-id={node.id} transform={`translate(${box.x},${box.y})`}>
      <title>{`${node.type} ${node.id}${node.text ? `: ${node.text}` : ''}`}</title>
      <rect width={box.w} height={box.h} rx={6} />
      <text x={10} y={19} className="node-type">
        {clip(node.type, 27)}
      </text>
      <text x={10} y={36} className="node-id">
        {clip(node.id, 34)}
      </text>
      {node.text &&
        lines(node.text, 32).map((l, i, arr) => (
          <text key={i} x={10} y={55 + i * 15} className="node-text">
            {i === 0 ? `“${l}` : l}
            {i === arr.length - 1 && !l.endsWith('…') ? '”' : ''}
          </text>
        ))}
    </g>
  );
}

/**
 * A flow drawn as SVG: a box per block (its type, identifier and, for a message, its text) and an
 * arrow per pair of blocks a transition links, labelled with its conditions and error types;
 * arrows taken only on an error are dashed. The drawing is an image to assistive technology: the
 * outline beside it says the same in text.
 */
export function FlowGraphView({ graph, layout, fit }: { graph: FlowGraph; layout: Layout; fit: boolean }) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const drawn = routes(graph, layout);
  const height = drawn.height;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const first = graph.start ? layout.boxes.get(graph.start) : undefined;
  return (
    <div className="graph-scroll" tabIndex={0} role="region" aria-label="Flow graph (scrolls)">
      <svg
        className="flow-graph"
        width={fit ? undefined : layout.width}
        height={fit ? undefined : height}
        style={fit ? { width: '100%', height: 'auto', maxWidth: layout.width } : undefined}
        viewBox={`0 0 ${layout.width} ${height}`}
        role="img"
        aria-label={`Flow graph: ${graph.nodes.length} blocks, ${graph.edges.length} arrows`}
      >
        <defs>
          {['normal', 'error'].map((k) => (
            <marker key={k} id={`${uid}-${k}`} viewBox="0 0 10 10" refX={9} refY={5} markerWidth={8} markerHeight={8} orient="auto-start-reverse" className={`arrow-head ${k}`}>
              <path d="M0,0 L10,5 L0,10 z" />
            </marker>
          ))}
        </defs>
        {layout.entry && first && (
          <g className="flow-entry">
            <rect x={layout.entry.x} y={layout.entry.y} width={layout.entry.w} height={layout.entry.h} rx={layout.entry.h / 2} />
            <text x={layout.entry.x + layout.entry.w / 2} y={layout.entry.y + layout.entry.h / 2 + 4} textAnchor="middle">
              Start
            </text>
            <path className="edge-line" d={forward({ x: layout.entry.x + layout.entry.w, y: mid(layout.entry) }, { x: first.x, y: mid(first) }, []).d} markerEnd={`url(#${uid}-normal)`} />
          </g>
        )}
        {graph.edges.map((e) => {
          const err = isErrorOnly(e);
          return (
            <g key={`${e.from}>${e.to}`} className={`flow-edge${err ? ' error' : ''}`} data-from={e.from} data-to={e.to}>
              <path className="edge-line" d={drawn.routes.get(e)!.d} markerEnd={`url(#${uid}-${err ? 'error' : 'normal'})`} />
            </g>
          );
        })}
        {[...layout.boxes].map(([id, box]) => (
          <Node key={id} node={byId.get(id)!} box={box} isStart={id === graph.start} />
        ))}
        {/* Labels last, so that no block or line covers them. */}
        {graph.edges.map((e) => {
          const label = edgeLabel(e);
          const at = drawn.routes.get(e)!.label;
          return (
            label && (
              <text key={`${e.from}>${e.to}`} className={`edge-label${isErrorOnly(e) ? ' error' : ''}`} data-from={e.from} data-to={e.to} x={at.x} y={at.y - 4} textAnchor="middle">
                {clip(label, 40)}
              </text>
            )
          );
        })}
      </svg>
    </div>
  );
}
