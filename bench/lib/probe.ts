import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, type Server } from './servers.js';
import type { ScenarioContext, StoreName } from './types.js';

export interface MemorySample {
  /** Resident set size as the server was running, bytes. */
  rssBeforeGc: number;
  /** Resident set size after a full garbage collection, bytes. */
  rss: number;
  heapUsed: number;
  /** Buffers and other memory outside the V8 heap (socket buffers, SQLite is not counted here). */
  external: number;
  /** The highest RSS the process ever had (VmHWM): setup bursts included. */
  peakRss: number;
  /** Open file descriptors of the process. */
  fds: number;
}

/** Garbage-collection pauses of 1 ms or more in a span of wall time (probe-entry.ts records them). */
export interface GcPauses {
  count: number;
  totalMs: number;
  maxMs: number;
  /** Of them, full (mark-compact) collections; the rest are mostly scavenges of the young generation. */
  major: { count: number; totalMs: number };
}

/** perf_hooks' NODE_PERFORMANCE_GC_MAJOR. */
const GC_MAJOR = 4;

const PROBE_ENTRY = 'bench/lib/probe-entry.ts';
const SAMPLE_TIMEOUT_MS = 20_000;

/** A server started through probe-entry.ts, whose memory, descriptors and limits the parent can read. */
export class ProbedServer {
  private constructor(
    readonly server: Server,
    private readonly file: string,
    readonly pid: number,
  ) {}

  static async start(ctx: ScenarioContext, label: string, inner: string, store: StoreName | null, env: Record<string, string> = {}): Promise<ProbedServer> {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-probe-')), 'memory.json');
    const server = await startServer(ctx, label, PROBE_ENTRY, store, { ...env, BENCH_PROBE_INNER: inner, BENCH_PROBE_FILE: file });
    const { pid } = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
    return new ProbedServer(server, file, pid);
  }

  get url(): string {
    return this.server.child.url;
  }

  /** The child's garbage-collection pauses of 1 ms or more between two wall times (Date.now()). */
  gcPauses(fromWall: number, toWall: number): GcPauses {
    let text = '';
    try {
      text = fs.readFileSync(`${this.file}.gc`, 'utf8');
    } catch {
      // No pause of 1 ms or more yet.
    }
    const out: GcPauses = { count: 0, totalMs: 0, maxMs: 0, major: { count: 0, totalMs: 0 } };
    for (const line of text.split('\n')) {
      const [at, ms, kind] = line.split(' ').map(Number);
      if (!(at >= fromWall && at <= toWall)) continue;
      out.count++;
      out.totalMs += ms;
      if (kind & GC_MAJOR) {
        out.major.count++;
        out.major.totalMs += ms;
      }
      out.maxMs = Math.max(out.maxMs, ms);
    }
    return out;
  }

  /** Collects garbage in the child, then reads its memory and open descriptors. */
  async sample(): Promise<MemorySample> {
    const before = this.read().seq ?? 0;
    process.kill(this.pid, 'SIGWINCH');
    const until = performance.now() + SAMPLE_TIMEOUT_MS;
    for (;;) {
      const m = this.read();
      if ((m.seq ?? 0) > before) return { rssBeforeGc: m.rssBeforeGc!, rss: m.rss!, heapUsed: m.heapUsed!, external: m.external!, peakRss: this.status('VmHWM'), fds: fdCount(this.pid) };
      if (performance.now() > until) throw new Error(`${this.server.child.label} did not answer the memory probe`);
      await sleep(20);
    }
  }

  /**
   * CPU time of all the child's threads so far (ms), from schedstat's nanoseconds: the 10 ms ticks
   * of /proc/<pid>/stat are too coarse for an idle server over a few seconds.
   */
  cpuMs(): number | null {
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${this.pid}/task`);
    } catch {
      return null;
    }
    let ns = 0;
    for (const task of tasks) {
      try {
        ns += Number(fs.readFileSync(`/proc/${this.pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended meanwhile.
      }
    }
    return ns / 1e6;
  }

  /** The child's soft limit on open files. */
  fdLimit(): number {
    return fdLimitOf(this.pid);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    fs.rmSync(path.dirname(this.file), { recursive: true, force: true });
  }

  private read(): { seq?: number; rssBeforeGc?: number; rss?: number; heapUsed?: number; external?: number } {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as { seq?: number };
    } catch {
      return {};
    }
  }

  private status(field: string): number {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  }
}

export const fdCount = (pid: number | 'self'): number => fs.readdirSync(`/proc/${pid}/fd`).length;

/** The soft and hard "Max open files" of a process, from /proc/<pid>/limits. */
export function fdLimits(pid: number | 'self'): { soft: number; hard: number } {
  const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(fs.readFileSync(`/proc/${pid}/limits`, 'utf8'));
  const n = (s: string | undefined) => (s === undefined || s === 'unlimited' ? Infinity : Number(s));
  return { soft: n(m?.[1]), hard: n(m?.[2]) };
}
const fdLimitOf = (pid: number) => fdLimits(pid).soft;
