import { TestAgent } from '../../test/helpers/agent.js';
import type { TestParley } from '../../test/helpers/parley.js';
import { eachStore, onEveryStatement } from './kit.js';

/**
 * The SQL statements of one agent status change (PUT /agent/v1/status, alternating Available and
 * Break with the agent's event socket open, until the socket has the new status), with the router
 * pass it wakes (nothing queued), on SQLite and PostgreSQL; and this process's CPU per change
 * (client included: compare runs, not stores). Run: npx tsx bench/tools/status-statements.ts [sqlite|postgres]
 */
const N = 200;
let counts: Map<string, number> | null = null;
onEveryStatement((sql) => {
  if (counts) counts.set(sql, (counts.get(sql) ?? 0) + 1);
});

async function measureStore(p: TestParley, store: string): Promise<void> {
  const agent = await TestAgent.login(p, 'alice');
  const change = async (i: number) => {
    const name = i % 2 ? 'Break' : 'Available';
    await agent.setStatus(name);
    await agent.events.waitFor((e) => e.CurrentAgentSnapshot.AgentStatus.Name === name);
  };
  for (let i = 0; i < 10; i++) await change(i);
  await p.router.idle();
  counts = new Map();
  const cpu = process.cpuUsage();
  for (let i = 0; i < N; i++) await change(i);
  await p.router.idle();
  const used = process.cpuUsage(cpu);
  const seen = counts;
  counts = null;
  const total = [...seen.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${store}, status change: ${(total / N).toFixed(1)} statements each, ${((used.user + used.system) / N).toFixed(0)} µs of CPU each (this process)`);
  for (const [sql, n] of [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${(n / N).toFixed(2).padStart(6)}  ${sql.replace(/\s+/g, ' ').trim().slice(0, 140)}`);
  agent.close();
}

await eachStore(measureStore);
process.exit(0);
