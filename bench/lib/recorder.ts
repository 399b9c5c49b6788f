import { latencyOf, type Latency } from './stats.js';

export interface LoadResult {
  /** Messages counted in the measuring window, per second of the window. */
  rate: number;
  latency: Latency;
  /** Messages counted: sent in the window (open loop) or finished in it (closed loop). */
  sent: number;
  delivered: number;
  lost: number;
  errors: number;
  firstError: string | null;
  /** Open loop only: the backlog grew past its bound and sending stopped early. */
  overloaded: boolean;
  /** CPU the server used per delivered message in the window (µs), when its CPU can be read. */
  serverCpuUsPerMsg: number | null;
  generatorCpuUsPerMsg: number;
}

export type Outcome = { latency: number | null; error?: string };

/**
 * The measuring window of one load run and what happened in it: latencies, losses, errors, and
 * the CPU the server and this generator used between its opening and its end. The window opens
 * when the load says so (after its warm-up), so a slow server is not measured while still idle.
 */
export class Recorder {
  start = Infinity;
  end = Infinity;
  private readonly latencies: number[] = [];
  private sent = 0;
  private lost = 0;
  errors = 0;
  private firstError: string | null = null;
  private cpu0: number | null = null;
  private cpu1: number | null = null;
  private gen0 = process.cpuUsage();
  private gen: NodeJS.CpuUsage | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly measureMs: number, private readonly serverCpuMs: () => number | null) {}

  /** Opens the window at `at` (performance.now() time, now or later). */
  open(at: number): void {
    this.start = at;
    this.end = at + this.measureMs;
    this.timer = setTimeout(() => {
      this.cpu0 = this.serverCpuMs();
      this.gen0 = process.cpuUsage();
    }, Math.max(0, at - performance.now()));
  }

  /** Records one message, counted if `t` (its send or its finish) falls in the window. */
  add(t: number, o: Outcome): void {
    if (this.cpu1 === null && performance.now() >= this.end) {
      this.cpu1 = this.serverCpuMs();
      this.gen = process.cpuUsage(this.gen0);
    }
    if (t < this.start || t >= this.end) return;
    this.sent++;
    if (o.latency !== null) this.latencies.push(o.latency);
    else if (o.error === 'lost') this.lost++;
    else {
      this.errors++;
      this.firstError ??= o.error ?? 'unknown';
    }
  }

  result(overloaded: boolean): LoadResult {
    if (this.timer) clearTimeout(this.timer);
    const n = this.latencies.length;
    const cpu1 = this.cpu1 ?? this.serverCpuMs();
    const gen = this.gen ?? process.cpuUsage(this.gen0);
    return {
      rate: n / (this.measureMs / 1000),
      latency: latencyOf(this.latencies),
      sent: this.sent,
      delivered: n,
      lost: this.lost,
      errors: this.errors,
      firstError: this.firstError,
      overloaded,
      serverCpuUsPerMsg: this.cpu0 !== null && cpu1 !== null && n ? ((cpu1 - this.cpu0) * 1000) / n : null,
      generatorCpuUsPerMsg: n ? (gen.user + gen.system) / n : NaN,
    };
  }
}
