import { flags, maxKey, maxRows, measureMax, messageLoads, messagePlan } from '../lib/message-bench.js';
import { RELAY_ENTRY, startParleyServer, startServer, withServers } from '../lib/servers.js';
import { fmtLatency, ratioOf } from '../lib/stats.js';
import type { Scenario } from '../lib/types.js';

/** The latency target applies at half the baseline's maximum rate. */
const TARGET_SHARE = 0.5;
const MAX_P99_RATIO = 3;
const MIN_RATE_RATIO = 0.5;
/** Below this share of the offered rate delivered, a fixed-rate run did not keep up. */
const SUSTAINED = 0.95;
/** A fixed rate this far above Parley's measured maximum is not run on Parley (the maximum's own noise is smaller). */
const BEYOND_MAX = 1.2;

/**
 * Scenario 1: customers send with SendMessage over keep-alive HTTP; each chat's agent receives on
 * its participant socket. Maximum sustained rate (closed loop, a message counts once answered 200
 * and received), then send-to-receipt latency at fixed shares of the relay's maximum.
 */
export const messagePath: Scenario = {
  number: 1,
  id: 'message-path',
  title: 'Message path: SendMessage → agent socket',
  async run(ctx) {
    const plan = messagePlan(ctx.options.quick);
    const id = `1 ${this.id}`;
    for (const store of ctx.options.stores) {
      await withServers([startServer(ctx, `relay-${store}-run`, RELAY_ENTRY, null), startParleyServer(ctx, `parley-message-path-${store}`, store)], async ([relay, parley]) => {
        const loads = await messageLoads(relay, parley, plan);
        try {
          const max = await measureMax(loads.baseline, loads.parley, plan);
          ctx.shared.set(maxKey(store, 'process', plan.lanes), max);
          for (const r of maxRows(id, store, max, { min: MIN_RATE_RATIO })) ctx.row(r);
          const atRate = async (rate: number, label: string, targeted: boolean) => {
            const b = await loads.baseline.openLoop(rate, plan.fixed);
            // Above its own maximum Parley cannot keep up (at most `lanes` requests reach it in either
            // loop): latency would only measure how long the run lasted.
            const beyond = rate > max.parley.rate * BEYOND_MAX;
            const p = beyond ? null : await loads.parley.openLoop(rate, plan.fixed);
            const ratio = p ? ratioOf(p.latency.p99, b.latency.p99) : null;
            ctx.row({
              scenario: id,
              store,
              metric: `${label} = ${rate}/s p50/p99/max`,
              parley: p
                ? fmtLatency(p.latency) + flags(p) + (p.rate < rate * SUSTAINED ? ` (only ${Math.round(p.rate)}/s delivered)` : '')
                : `not sustainable (above its maximum of ${Math.round(max.parley.rate)}/s)`,
              baseline: fmtLatency(b.latency) + flags(b),
              ratio,
              target: targeted ? `p99 ≤ ${MAX_P99_RATIO}×` : '',
              met: targeted ? !!p && !p.errors && !p.lost && !p.overloaded && p.rate >= rate * SUSTAINED && ratio !== null && ratio <= MAX_P99_RATIO : null,
              data: { rate, parley: p, baseline: b },
            });
          };
          for (const share of plan.shares) await atRate(Math.round(max.baseline.rate * share), `latency @ ${share * 100}% of baseline max`, share === TARGET_SHARE);
          // Context: latency where Parley itself keeps up, at the same rate for both.
          for (const share of plan.ownShares) await atRate(Math.max(1, Math.round(max.parley.rate * share)), `  latency @ ${share * 100}% of Parley's max`, false);
        } finally {
          await loads.close();
        }
      });
    }
  },
};
