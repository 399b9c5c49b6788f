import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './child.js';
import type { ProfileSummary } from './types.js';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

const TOP = 15;
const TOP_MODULES = 10;

/** Where a frame lives, short: a package name, a repo path, or the engine. */
function whereOf(url: string, line: number): string {
  if (!url) return '(engine)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url;
  const file = url.startsWith('file://') ? url.slice(7) : url;
  return `${path.relative(REPO_ROOT, file)}:${line + 1}`;
}

/**
 * Self time per function of a V8 CPU profile (--cpu-prof or the inspector), idle time left out:
 * the functions the CPU was actually in, most first. Also writes the summary beside the profile.
 */
export function summarizeProfile(label: string, file: string, profile?: CpuProfile): ProfileSummary {
  const p = profile ?? (JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
  const frameOf = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, { fn: string; where: string; us: number }>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const f = frameOf.get(p.samples[i]);
    const dt = p.timeDeltas[i] ?? 0;
    if (!f || f.functionName === '(idle)') continue;
    total += dt;
    const where = whereOf(f.url, f.lineNumber);
    const key = `${f.functionName}@${where}`;
    const e = self.get(key) ?? { fn: f.functionName || '(anonymous)', where, us: 0 };
    e.us += dt;
    self.set(key, e);
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  const pct = (us: number) => (total ? Math.round((1000 * us) / total) / 10 : 0);
  const top = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, TOP)
    .map((e) => ({ fn: e.fn, where: e.where, selfMs: ms(e.us), percent: pct(e.us) }));
  const modules = new Map<string, number>();
  for (const e of self.values()) {
    const m = e.where === '(engine)' ? `(engine) ${e.fn}` : e.where.replace(/:\d+$/, '');
    modules.set(m, (modules.get(m) ?? 0) + e.us);
  }
  const byModule = [...modules.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP_MODULES)
    .map(([where, us]) => ({ where, selfMs: ms(us), percent: pct(us) }));
  const summary: ProfileSummary = { label, file: path.relative(REPO_ROOT, file), totalMs: Math.round(total / 1000), top, byModule };
  fs.writeFileSync(`${file}.top.json`, JSON.stringify(summary, null, 2));
  return summary;
}

/** The summary as a few printable lines. */
export function formatProfile(s: ProfileSummary): string {
  const lines = s.top.map((t) => `    ${t.percent.toFixed(1).padStart(5)} %  ${t.fn}  (${t.where})`);
  const modules = s.byModule.map((m) => `    ${m.percent.toFixed(1).padStart(5)} %  ${m.where}`);
  return [
    `  profile ${s.label}: ${s.totalMs} ms of CPU (not idle) — ${s.file}`,
    '   top functions by self time:',
    ...lines,
    '   by package or file:',
    ...modules,
  ].join('\n');
}
