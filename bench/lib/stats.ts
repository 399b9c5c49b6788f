/** Latency figures in ms (nearest-rank percentiles). */
export interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function latencyOf(samples: number[]): Latency {
  if (!samples.length) return { count: 0, p50: NaN, p99: NaN, max: NaN };
  const s = Float64Array.from(samples).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { count: s.length, p50: at(0.5), p99: at(0.99), max: s[s.length - 1] };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** A number for the table: 3 significant digits, thousands without separators. */
export function fmt(n: number | null | undefined, unit = ''): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return `${n.toFixed(digits)}${unit}`;
}

export const fmtLatency = (l: Latency): string => `${fmt(l.p50)} / ${fmt(l.p99)} / ${fmt(l.max)} ms`;

export const ratioOf = (parley: number, baseline: number): number | null =>
  Number.isFinite(parley) && Number.isFinite(baseline) && baseline > 0 ? Math.round((parley / baseline) * 1000) / 1000 : null;
