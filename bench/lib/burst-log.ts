/**
 * When the server's periodic pushes arrive, grouped into bursts: a pass over every socket or
 * every agent (the protocol ping sweep, the agent event stream's HEART_BEAT) shows as thousands of
 * frames arriving over its duration, which tells whether a latency spike is one of them.
 */
export class BurstLog {
  private readonly times = new Map<string, number[]>();

  mark(kind: string): void {
    let list = this.times.get(kind);
    if (!list) this.times.set(kind, (list = []));
    list.push(performance.now());
  }

  /** The largest burst of each kind between `from` and `to` (arrivals at most `gapMs` apart belong together). */
  largest(from: number, to: number, gapMs = 1000): Record<string, { frames: number; spanMs: number }> {
    const out: Record<string, { frames: number; spanMs: number }> = {};
    for (const [kind, all] of this.times) {
      const ts = all.filter((t) => t >= from && t <= to).sort((a, b) => a - b);
      let best = { frames: 0, spanMs: 0 };
      for (let i = 0, start = 0; i < ts.length; i++) {
        if (i > start && ts[i] - ts[i - 1] > gapMs) start = i;
        if (i - start + 1 > best.frames) best = { frames: i - start + 1, spanMs: ts[i] - ts[start] };
      }
      if (best.frames) out[kind] = best;
    }
    return out;
  }
}
