import { CreateContactFlowCommand, DescribeContactFlowCommand } from '@aws-sdk/client-connect';
import type { FlowCommand, FlowEvent } from '../../src/core/flow/commands.js';
import type { FlowDocument } from '../../src/core/flow/flow-document.js';
import { newExecution } from '../../src/core/flow/execution.js';
import { step } from '../../src/core/flow/step.js';
import { interpret } from '../baselines/flow-interpreter.js';
import { BENCH_DATA, benchActions, benchFlow, TRIPLE } from '../lib/bench-flow.js';
import { profileInProcess } from '../lib/in-process-profile.js';
import { connectClient } from '../lib/parley-chats.js';
import { startParleyServer, withServers } from '../lib/servers.js';
import { StartLoad } from '../lib/start-load.js';
import { fmt, median, ratioOf } from '../lib/stats.js';
import type { Scenario, ScenarioContext, StoreName } from '../lib/types.js';

const TARGET_BLOCKS_PER_S = 50_000;
/** 10 passes: 31 blocks per run of the flow, as a long inbound flow has. */
const TRIPLES = 10;
const DONE: FlowEvent = { kind: 'done' };

/**
 * Runs the flow once through Parley's pure step function, doing for each command what the runner
 * does to the flow's view of the contact (attributes merged; a message needs nothing back), and
 * nothing that touches a store. Returns the blocks run (one flow log entry each).
 */
function runParley(doc: FlowDocument): number {
  let exec = newExecution('bench-flow', 1, doc.StartAction);
  const data = { ...BENCH_DATA, attributes: { ...BENCH_DATA.attributes } };
  let ev: FlowEvent = { kind: 'start' };
  let blocks = 0;
  for (;;) {
    const r = step(doc, exec, ev, data);
    blocks += r.logs.length;
    exec = r.exec;
    const c: FlowCommand = r.command;
    if (c.kind === 'set-attributes') data.attributes = { ...data.attributes, ...c.attributes };
    else if (c.kind !== 'message') return blocks;
    ev = DONE;
  }
}

/** Blocks per second of `once`, run back to back for `ms` after a warm-up. */
function rate(ms: number, once: () => number): number {
  const until = (t: number) => {
    const end = performance.now() + t;
    let blocks = 0;
    const t0 = performance.now();
    while (performance.now() < end) for (let i = 0; i < 20; i++) blocks += once();
    return blocks / ((performance.now() - t0) / 1000);
  };
  until(Math.min(300, ms / 3));
  return until(ms);
}

/** End to end: the seeded inbound flow with the passes inserted after its first block, started as chats; CPU per block is the difference per chat over the plain flow. */
async function endToEnd(ctx: ScenarioContext, store: StoreName, quick: boolean): Promise<{ cpuUsPerBlock: number; plain: number; long: number }> {
  return withServers([startParleyServer(ctx, `parley-flow-runner-${store}`, store)], async ([parley]) => {
    const r = parley.child.ready as unknown as { instanceId: string; inboundFlowId: string };
    const connect = connectClient(parley.child.url);
    const described = await connect.send(new DescribeContactFlowCommand({ InstanceId: r.instanceId, ContactFlowId: r.inboundFlowId }));
    const doc = JSON.parse(described.ContactFlow!.Content!) as FlowDocument;
    const first = doc.Actions.find((a) => a.Identifier === doc.StartAction)!;
    const long: FlowDocument = { ...doc, Actions: [{ ...first, Transitions: { NextAction: 'compare-0' } }, ...benchActions(TRIPLES, first.Transitions.NextAction!), ...doc.Actions.filter((a) => a !== first)] };
    const created = await connect.send(new CreateContactFlowCommand({ InstanceId: r.instanceId, Name: 'Bench long inbound', Type: 'CONTACT_FLOW', Content: JSON.stringify(long) }));
    connect.destroy();
    const w = quick ? { warmupMs: 400, measureMs: 1000 } : { warmupMs: 1500, measureMs: 5000 };
    const loads = [r.inboundFlowId, created.ContactFlowId!].map((flowId) => new StartLoad(parley.child.url, { instanceId: r.instanceId, flowId }, () => parley.child.cpuMs(), 16));
    parley.child.beginProfile();
    const cpu: number[][] = [[], []];
    for (let i = 0; i < (quick ? 1 : 3); i++)
      for (const k of [0, 1]) {
        const res = await loads[k].closedLoop(16, w);
        if (res.errors) throw new Error(`end-to-end chat starts failed: ${res.firstError}`);
        cpu[k].push(res.serverCpuUsPerChat ?? NaN);
      }
    await Promise.all(loads.map((l) => l.close()));
    const [plain, longer] = cpu.map(median);
    return { cpuUsPerBlock: (longer - plain) / (TRIPLES * TRIPLE), plain, long: longer };
  });
}

/**
 * Scenario 5: blocks per second on a flow of Compare, UpdateContactAttributes and
 * MessageParticipant blocks: Parley's pure step function in this process against a trivial
 * interpreter of the same blocks; then the same blocks end to end through the runner and store.
 */
export const flowEngine: Scenario = {
  number: 5,
  id: 'flow-engine',
  title: 'Flow engine: Compare, UpdateContactAttributes, MessageParticipant blocks',
  async run(ctx) {
    const id = `5 ${this.id}`;
    const doc = benchFlow(TRIPLES);
    const messages: string[] = [];
    const trivial = () => {
      messages.length = 0;
      return interpret(doc, BENCH_DATA.attributes, messages);
    };
    if (runParley(doc) !== trivial()) throw new Error('Parley and the baseline ran different numbers of blocks');
    const ms = ctx.options.quick ? 800 : 3000;
    const b: number[] = [];
    const p: number[] = [];
    for (let i = 0; i < (ctx.options.quick ? 1 : 3); i++) {
      b.push(rate(ms, trivial));
      p.push(rate(ms, () => runParley(doc)));
    }
    const [bm, pm] = [median(b), median(p)];
    ctx.row({ scenario: id, store: '—', metric: 'pure step function (blocks/s)', parley: fmt(pm), baseline: fmt(bm), ratio: ratioOf(pm, bm), target: `≥ ${TARGET_BLOCKS_PER_S}/s`, met: pm >= TARGET_BLOCKS_PER_S, data: { parley: p, baseline: b, blocksPerRun: TRIPLES * TRIPLE + 1 } });
    if (ctx.options.profile) ctx.profile(await profileInProcess('flow-engine-pure-step', ctx.options.profileDir, () => rate(ms, () => runParley(doc))));
    // The quick smoke run takes the end-to-end path on one store only.
    for (const store of ctx.options.quick ? ctx.options.stores.slice(0, 1) : ctx.options.stores) {
      const e = await endToEnd(ctx, store, ctx.options.quick);
      const perS = 1e6 / e.cpuUsPerBlock;
      ctx.row({
        scenario: id,
        store,
        metric: '  end to end in the runner (blocks/s per server core)',
        parley: fmt(perS),
        baseline: fmt(bm),
        ratio: ratioOf(perS, bm),
        target: '',
        met: null,
        data: { cpuUsPerBlock: e.cpuUsPerBlock, cpuUsPerChatPlain: e.plain, cpuUsPerChatLong: e.long, extraBlocksPerChat: TRIPLES * TRIPLE },
      });
    }
  },
};
