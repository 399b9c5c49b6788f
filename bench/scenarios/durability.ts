import { maxKey, maxRows, measureMax, messageLoads, messagePlan } from '../lib/message-bench.js';
import type { LoadResult } from '../lib/message-load.js';
import { RELAY_ENTRY, startParleyServer, startServer, withServers } from '../lib/servers.js';
import type { Scenario, StoreName } from '../lib/types.js';

const MIN_RATE_RATIO = 0.5;

interface Setting {
  store: StoreName;
  durability: 'process' | 'power';
  label: string;
  /** What a user gives up with it (or gains), for the report. */
  tradeOff: string;
}

const SETTINGS: Setting[] = [
  {
    store: 'sqlite',
    durability: 'process',
    label: 'default (survives a process crash)',
    tradeOff:
      'default, SQLite WAL with synchronous=NORMAL: an acknowledged message survives a crash or kill of Parley, but a power loss or OS crash can lose the last commits before the next WAL sync (the database stays consistent); one node only',
  },
  {
    store: 'sqlite',
    durability: 'power',
    label: 'PARLEY_DURABILITY=power',
    tradeOff:
      'PARLEY_DURABILITY=power, synchronous=FULL: every commit is fsynced before the 200, so nothing acknowledged is lost even to a power cut; each commit waits for the disk, and group commit shares one fsync among all the messages that arrived meanwhile',
  },
  {
    store: 'postgres',
    durability: 'process',
    label: 'PostgreSQL',
    tradeOff:
      'PostgreSQL (its default synchronous_commit=on): fsync per commit, PostgreSQL grouping concurrent WAL flushes; survives power loss and lets several Parley nodes share the store, at the price of a network hop and a client round trip per statement',
  },
];

/**
 * Scenario 6: what durability costs on the message path. The maximum sustained rate with the
 * default setting, with PARLEY_DURABILITY=power and on PostgreSQL, each against the relay measured
 * right beside it; and the power setting with a single sender, where no other write can share
 * its commit: the difference is what group commit buys. A sustained rate the message path
 * scenario measured in the same run (same plan, its own adjacent baseline) is reused, not measured again.
 */
export const durability: Scenario = {
  number: 6,
  id: 'durability',
  title: 'Durability cost on the message path',
  async run(ctx) {
    const plan = messagePlan(ctx.options.quick);
    const id = `6 ${this.id}`;
    const settings = SETTINGS.filter((s) => ctx.options.stores.includes(s.store));
    for (const s of settings) ctx.note(s.tradeOff);
    type Max = { baseline: LoadResult; parley: LoadResult };
    const reused = (s: Setting) => ctx.shared.get(maxKey(s.store, s.durability, plan.lanes)) as Max | undefined;
    const report = (s: Setting, max: Max, again: boolean) => {
      for (const r of maxRows(id, s.store, max, { min: MIN_RATE_RATIO }, `${s.label}: sustained msg/s${again ? '' : ' (from scenario 1)'}`)) ctx.row(r);
    };
    const toMeasure = settings.filter((s) => !reused(s));
    for (const s of settings) if (reused(s)) report(s, reused(s)!, false);
    if (!toMeasure.length) return;
    const servers = [startServer(ctx, 'relay-durability', RELAY_ENTRY, null), ...toMeasure.map((s) => startParleyServer(ctx, `parley-durability-${s.store}-${s.durability}`, s.store, s.durability))];
    await withServers(servers, async ([relay, ...parleys]) => {
      for (const [i, s] of toMeasure.entries()) {
        const loads = await messageLoads(relay, parleys[i], plan);
        try {
          report(s, await measureMax(loads.baseline, loads.parley, plan), true);
          if (s.durability === 'power') {
            const single = await measureMax(loads.baseline, loads.parley, { ...plan, repeats: 1 }, 1);
            for (const r of maxRows(id, s.store, single, null, '  power, 1 sender (no group commit possible): msg/s')) ctx.row(r);
          }
        } finally {
          await loads.close();
        }
      }
    });
  },
};
