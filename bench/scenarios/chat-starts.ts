import { startParleyServer, startServer, withServers } from '../lib/servers.js';
import { StartLoad, type StartResult } from '../lib/start-load.js';
import { fmt, fmtLatency, median, ratioOf } from '../lib/stats.js';
import type { Scenario } from '../lib/types.js';

const TARGET_PER_S = 1000;
const START_ENTRY = 'bench/baselines/start-server.ts';

const plan = (quick: boolean) =>
  quick ? { clients: 32, repeats: 1, w: { warmupMs: 500, measureMs: 1200 } } : { clients: 32, repeats: 3, w: { warmupMs: 2000, measureMs: 6000 } };

const errorsOf = (r: StartResult) => (r.errors ? ` (${r.errors} errors: ${r.firstError})` : '');
const medianRun = (runs: StartResult[]) => {
  const m = median(runs.map((r) => r.rate));
  return runs.reduce((best, r) => (Math.abs(r.rate - m) < Math.abs(best.rate - m) ? r : best));
};

/**
 * Scenario 3: StartChatContact + CreateParticipantConnection, each chat running the seeded inbound
 * flow (greeting, hooks, working queue) into BasicQueue inside its start, then the default
 * customer queue flow up to its first Wait. No agent is logged in: the chats stay queued.
 */
export const chatStarts: Scenario = {
  number: 3,
  id: 'chat-starts',
  title: 'Chat starts: StartChatContact + CreateParticipantConnection into a queue',
  async run(ctx) {
    const p = plan(ctx.options.quick);
    const id = `3 ${this.id}`;
    for (const store of ctx.options.stores) {
      await withServers([startServer(ctx, `start-baseline-${store}`, START_ENTRY, store, { PARLEY_DURABILITY: 'process' }), startParleyServer(ctx, `parley-chat-starts-${store}`, store)], async ([base, parley]) => {
        const r = parley.child.ready as unknown as { instanceId: string; inboundFlowId: string };
        const flow = { instanceId: r.instanceId, flowId: r.inboundFlowId };
        const bLoad = new StartLoad(base.child.url, flow, () => base.child.cpuMs(), p.clients);
        const pLoad = new StartLoad(parley.child.url, flow, () => parley.child.cpuMs(), p.clients);
        try {
          // One chat each first: a wrong signature or flow fails here, not as 100 errors under load.
          await pLoad.startOne();
          base.child.beginProfile();
          parley.child.beginProfile();
          const b: StartResult[] = [];
          const pr: StartResult[] = [];
          for (let i = 0; i < p.repeats; i++) {
            b.push(await bLoad.closedLoop(p.clients, p.w));
            pr.push(await pLoad.closedLoop(p.clients, p.w));
          }
          const [bm, pm] = [medianRun(b), medianRun(pr)];
          const common = { scenario: id, store };
          ctx.row({
            ...common,
            metric: 'chats started per second',
            parley: fmt(pm.rate) + errorsOf(pm),
            baseline: fmt(bm.rate) + errorsOf(bm),
            ratio: ratioOf(pm.rate, bm.rate),
            target: `≥ ${TARGET_PER_S}/s`,
            met: !pm.errors && pm.rate >= TARGET_PER_S,
            data: { parley: pm, baseline: bm, runs: { parley: pr, baseline: b } },
          });
          ctx.row({ ...common, metric: '  server CPU per chat start (µs)', parley: fmt(pm.serverCpuUsPerChat), baseline: fmt(bm.serverCpuUsPerChat), ratio: ratioOf(pm.serverCpuUsPerChat ?? NaN, bm.serverCpuUsPerChat ?? NaN), target: '', met: null });
          ctx.row({ ...common, metric: `  start latency p50/p99/max (${p.clients} clients)`, parley: fmtLatency(pm.latency), baseline: fmtLatency(bm.latency), ratio: ratioOf(pm.latency.p99, bm.latency.p99), target: '', met: null });
        } finally {
          await bLoad.close();
          await pLoad.close();
        }
      });
    }
  },
};
