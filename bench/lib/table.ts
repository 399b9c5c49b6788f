import type { Row } from './types.js';

/** Two decimals, or two significant digits below 0.1 (a ratio of 0.004 is not 0.00). */
export const fmtRatio = (r: number): string => (Math.abs(r) >= 0.1 || r === 0 ? r.toFixed(2) : r.toPrecision(2));

const HEAD = ['scenario', 'store', 'metric', 'Parley', 'baseline', 'ratio', 'target', 'met?'];

const cells = (r: Row): string[] => [r.scenario, r.store, r.metric, r.parley, r.baseline, r.ratio === null ? '—' : fmtRatio(r.ratio), r.target, r.met === null ? '' : r.met ? 'yes' : 'NO'];

/** The results as a plain-text table for the terminal. */
export function textTable(rows: Row[]): string {
  const all = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(cells(r)))].join('\n');
}

/** The same table in Markdown, ratio first, for BENCHMARKS.md. */
export function markdownTable(rows: Row[]): string {
  const head = ['scenario', 'store', 'metric', 'ratio', 'target', 'met?', 'Parley', 'baseline'];
  const md = (r: Row) => {
    const c = cells(r);
    return [c[0], c[1], c[2].trim(), c[5], c[6], c[7], c[3], c[4]].map((x) => x.replace(/\|/g, '\\|'));
  };
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${md(r).join(' | ')} |`)].join('\n');
}
