import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { connectAgent } from '../../test/helpers/agent.js';
import { startChat } from '../../test/helpers/chat.js';
import type { TestParley } from '../../test/helpers/parley.js';
import { eachStore, onEveryStatement } from './kit.js';

/**
 * Where the store time of one operation goes: the SQL statements Parley executes for one
 * SendMessage until the agent's socket has it, and for one chat start (StartChatContact +
 * CreateParticipantConnection on the seeded inbound flow), with the background passes they
 * trigger (routing, contact records, timers), on SQLite and PostgreSQL. Counts executions, not
 * preparations: the SQLite adapter prepares each distinct statement once. Run:
 *   npx tsx bench/tools/statements.ts [sqlite|postgres]
 */
const N = 20;
const SETTLE_MS = 150;
let counts: Map<string, number> | null = null;
const count = (sql: string) => {
  if (counts) counts.set(sql, (counts.get(sql) ?? 0) + 1);
};

onEveryStatement(count);

async function measure(what: string, op: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < 3; i++) await op(-1 - i); // warm-up: seeded rows, caches
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  counts = new Map();
  for (let i = 0; i < N; i++) await op(i);
  // Work triggered after the answer (routing, records, socket delivery) runs within this.
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const seen = counts;
  counts = null;
  const total = [...seen.values()].reduce((a, b) => a + b, 0);
  const begins = [...seen.entries()].filter(([s]) => /^begin/i.test(s)).reduce((a, [, n]) => a + n, 0);
  console.log(`\n${what}: ${(total / N).toFixed(1)} statements each (${(begins / N).toFixed(1)} transactions)`);
  for (const [sql, n] of [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(n / N).toFixed(2).padStart(6)}  ${sql.replace(/\s+/g, ' ').trim().slice(0, 140)}`);
}

async function measureStore(p: TestParley, store: string): Promise<void> {
  const chat = await startChat(p);
  const agent = await connectAgent(p, chat);
  await measure(`${store}, SendMessage (customer → agent socket)`, async (i) => {
    await p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: `hello ${i}` }));
    await agent.socket.waitForItem((it) => it.Content === `hello ${i}`);
  });
  await measure(`${store}, chat start (StartChatContact + CreateParticipantConnection, inbound flow into BasicQueue)`, async () => void (await startChat(p)));
  agent.agent.close();
  agent.socket.close();
}

await eachStore(measureStore);
process.exit(0);
