import { BenchChild } from '../lib/child.js';
import { StartLoad } from '../lib/start-load.js';
import { median } from '../lib/stats.js';
import { abArgs } from './ab-args.js';

/**
 * Interleaved A/B of chat starts (scenario 3's load: StartChatContact + CreateParticipantConnection
 * from 32 clients) against several Parley servers, as ab-message.ts does for messages: server
 * CPU per chat start and rate per round, then the medians.
 *   npx tsx bench/tools/ab-start.ts [rounds] name=script[,KEY=value…] …
 */
const { rounds, variants } = abArgs(process.argv.slice(2));
const CLIENTS = 32;
const running = await Promise.all(
  variants.map(async (v) => {
    const child = await BenchChild.start(v.script, v.name, { PARLEY_DURABILITY: 'process', ...v.env });
    const ready = child.ready as unknown as { instanceId: string; inboundFlowId: string };
    const load = new StartLoad(child.url, { instanceId: ready.instanceId, flowId: ready.inboundFlowId }, () => child.cpuMs(), CLIENTS);
    await load.startOne();
    return { ...v, child, load, cpu: [] as number[], rate: [] as number[] };
  }),
);
for (let r = 0; r < rounds; r++) {
  const line: string[] = [];
  for (const v of r % 2 ? [...running].reverse() : running) {
    const res = await v.load.closedLoop(CLIENTS, { warmupMs: 1500, measureMs: 5000 });
    v.cpu.push(res.serverCpuUsPerChat ?? NaN);
    v.rate.push(res.rate);
    line.push(`${v.name} ${res.serverCpuUsPerChat?.toFixed(0)} µs ${res.rate.toFixed(0)}/s${res.errors ? ` ${res.errors} errors: ${res.firstError}` : ''}`);
  }
  console.log(`round ${r + 1}: ${line.join(' | ')}`);
}
for (const v of running) console.log(`${v.name}: median ${median(v.cpu).toFixed(0)} µs per chat start, ${median(v.rate).toFixed(0)}/s`);
for (const v of running) {
  await v.load.close();
  await v.child.stop();
}
