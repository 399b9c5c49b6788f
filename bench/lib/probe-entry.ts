import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A bench child with a memory probe: runs the server script BENCH_PROBE_INNER (Parley's
 * bench/server-entry.ts or a baseline) unchanged, and on SIGWINCH notes its RSS, collects garbage
 * and writes process.memoryUsage() to BENCH_PROBE_FILE, so that the parent reads heap figures no
 * /proc file has. SIGWINCH because nothing else in a child without a terminal uses it (SIGUSR1
 * starts the inspector, SIGUSR2 the profiler). The file first holds the pid, which the parent signals.
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const file = process.env.BENCH_PROBE_FILE;
const inner = process.env.BENCH_PROBE_INNER;
if (!file || !inner) throw new Error('BENCH_PROBE_FILE and BENCH_PROBE_INNER are required');
const write = (data: object) => {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ pid: process.pid, ...data }));
  fs.renameSync(`${file}.tmp`, file);
};
// Every garbage-collection pause of 1 ms or more, as "<wall ms> <duration ms> <kind>" lines in
// BENCH_PROBE_FILE.gc (kind: perf_hooks' NODE_PERFORMANCE_GC_* flags, 1 a scavenge of the young
// generation, 4 a full mark-compact): the parent tells whether a latency window held long pauses.
new PerformanceObserver((list) => {
  const lines = list
    .getEntries()
    .filter((e) => e.duration >= 1)
    .map((e) => `${Math.round(performance.timeOrigin + e.startTime)} ${e.duration.toFixed(2)} ${((e as { detail?: { kind?: number } }).detail?.kind ?? 0)}\n`)
    .join('');
  if (lines) fs.appendFileSync(`${file}.gc`, lines);
}).observe({ entryTypes: ['gc'] });
let seq = 0;
process.on('SIGWINCH', () => {
  const before = process.memoryUsage.rss();
  gc();
  write({ seq: ++seq, rssBeforeGc: before, ...process.memoryUsage() });
});
write({ seq });
await import(pathToFileURL(path.resolve(inner)).href);
