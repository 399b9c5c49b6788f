import { BenchChild } from '../lib/child.js';
import { MessageLoad } from '../lib/message-load.js';
import { chatsWithAgents } from '../lib/parley-chats.js';
import type { LoadResult } from '../lib/recorder.js';
import { median } from '../lib/stats.js';
import { abArgs } from './ab-args.js';

/**
 * Interleaved A/B of the message path on SQLite: each variant is a Parley server (an entry script,
 * possibly another checkout's, and env), measured in closed loops that take turns, so that both
 * see the same machine. Prints server CPU per message and rate per round, and the medians.
 * With AB_PROFILE_DIR set, each server is CPU-profiled over the rounds (after its warm-up) and
 * its profile written under that directory when it stops.
 *   npx tsx bench/tools/ab-message.ts [rounds] name=script[,KEY=value…] …
 */
const { rounds, variants } = abArgs(process.argv.slice(2));
const profileDir = process.env.AB_PROFILE_DIR ?? null;
const LANES = 30;
const running = await Promise.all(
  variants.map(async (v) => {
    const child = await BenchChild.start(v.script, v.name, { PARLEY_DURABILITY: 'process', ...v.env }, profileDir && `${profileDir}/${v.name}`);
    const lanes = await chatsWithAgents(child, LANES);
    const load = new MessageLoad({ origin: child.url, ...lanes }, () => child.cpuMs());
    await load.warmUp(2000);
    child.beginProfile();
    return { ...v, child, lanes, load, runs: [] as LoadResult[] };
  }),
);
for (let r = 0; r < rounds; r++) {
  const line: string[] = [];
  for (const v of r % 2 ? [...running].reverse() : running) {
    const res = await v.load.closedLoop({ warmupMs: 500, measureMs: 3000 });
    v.runs.push(res);
    line.push(`${v.name} ${res.serverCpuUsPerMsg?.toFixed(0)} µs ${res.rate.toFixed(0)}/s p99 ${res.latency.p99.toFixed(1)}${res.errors ? ` ${res.errors} errors` : ''}${res.lost ? ` ${res.lost} lost` : ''}`);
  }
  console.log(`round ${r + 1}: ${line.join(' | ')}`);
}
for (const v of running)
  console.log(`${v.name}: median ${median(v.runs.map((x) => x.serverCpuUsPerMsg ?? NaN)).toFixed(1)} µs/msg, ${median(v.runs.map((x) => x.rate)).toFixed(0)}/s, p99 ${median(v.runs.map((x) => x.latency.p99)).toFixed(2)} ms`);
for (const v of running) {
  await v.load.close();
  v.lanes.close();
  const profile = await v.child.stop();
  if (profile) console.log(`${v.name}: profile ${profile}`);
}
