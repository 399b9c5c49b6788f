/**
 * The event loop's long busy spans in a V8 CPU profile (a bench run's `--profile` output): every
 * stretch of samples with no idle gap of IDLE_GAP_MS or more that lasts at least --min-ms, with when
 * it began (seconds into the profile), how long it lasted, and where its time went, both as the
 * functions the CPU was in and as the nearest Parley (src/) frame above them. A latency
 * percentile says that messages waited; this says what the server was doing meanwhile.
 *
 *   npx tsx bench/tools/stalls.ts <file.cpuprofile> [--min-ms 5] [--from-s 0] [--to-s 1e9]
 */
import fs from 'node:fs';

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface Node {
  id: number;
  callFrame: Frame;
  children?: number[];
}
interface CpuProfile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE_GAP_MS = 0.5;
const TOP = 4;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const file = process.argv[2];
if (!file) throw new Error('usage: stalls.ts <file.cpuprofile> [--min-ms 5] [--from-s 0] [--to-s 1e9]');
const [minMs, fromS, toS] = [arg('min-ms', 5), arg('from-s', 0), arg('to-s', 1e9)];
const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (f: Frame) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*?\/(src|node_modules|bench)\//, '$1/').replace(/^node:/, 'node:')}:${f.lineNumber + 1}`;
/** The nearest frame from Parley's own source above (or at) a sample: what the time was spent for. */
function ownerOf(id: number): string {
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const f = byId.get(n)!.callFrame;
    if (f.url.includes('/src/')) return short(f);
  }
  return short(byId.get(id)!.callFrame);
}

interface Span {
  startMs: number;
  ms: number;
  self: Map<string, number>;
  owner: Map<string, number>;
}
const spans: Span[] = [];
let now = 0;
let idleRun = 0;
let cur: Span | null = null;
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
for (let i = 0; i < p.samples.length; i++) {
  const dt = (p.timeDeltas[i] ?? 0) / 1000;
  now += dt;
  const node = byId.get(p.samples[i])!;
  if (node.callFrame.functionName === '(idle)') {
    idleRun += dt;
    if (cur && idleRun >= IDLE_GAP_MS) {
      spans.push(cur);
      cur = null;
    }
    continue;
  }
  idleRun = 0;
  cur ??= { startMs: now - dt, ms: 0, self: new Map(), owner: new Map() };
  cur.ms = now - cur.startMs;
  add(cur.self, short(node.callFrame), dt);
  add(cur.owner, ownerOf(node.id), dt);
}
if (cur) spans.push(cur);

const top = (m: Map<string, number>) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([k, v]) => `${v.toFixed(1)} ms ${k}`)
    .join('; ');
const long = spans.filter((s) => s.ms >= minMs && s.startMs / 1000 >= fromS && s.startMs / 1000 <= toS);
console.log(`${long.length} busy spans of ${minMs} ms or more (of ${spans.length}) in ${(now / 1000).toFixed(1)} s`);
for (const s of long) {
  console.log(`\n${(s.startMs / 1000).toFixed(3)} s  ${s.ms.toFixed(1)} ms`);
  console.log(`  in:  ${top(s.self)}`);
  console.log(`  for: ${top(s.owner)}`);
}
