import SqliteDatabase from 'better-sqlite3';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { connectAgent } from '../../test/helpers/agent.js';
import { startChat } from '../../test/helpers/chat.js';
import { startTestParley } from '../../test/helpers/parley.js';

/**
 * Where the store time of one operation goes: the SQL statements Parley prepares (on SQLite, in
 * process) for one SendMessage until the agent's socket has it, and for one chat start
 * (StartChatContact + CreateParticipantConnection on the seeded inbound flow), with the
 * background passes they trigger (routing, contact records, timers). Run:
 *   npx tsx bench/tools/statements.ts
 */
const N = 20;
const SETTLE_MS = 100;
const proto = (SqliteDatabase as unknown as { prototype: { prepare: (sql: string) => unknown } }).prototype;
const prepare = proto.prepare;
let counts: Map<string, number> | null = null;
proto.prepare = function (this: unknown, sql: string) {
  if (counts) counts.set(sql, (counts.get(sql) ?? 0) + 1);
  return prepare.call(this, sql);
};

async function measure(what: string, op: (i: number) => Promise<void>): Promise<void> {
  counts = new Map();
  for (let i = 0; i < N; i++) await op(i);
  // Work triggered after the answer (routing, records, socket delivery) runs within this.
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const seen = counts;
  counts = null;
  const total = [...seen.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${what}: ${(total / N).toFixed(1)} statements each (${((seen.get('begin') ?? 0) / N).toFixed(1)} transactions)`);
  for (const [sql, n] of [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(n / N).toFixed(2).padStart(6)}  ${sql.slice(0, 140)}`);
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const p = await startTestParley();
try {
  const chat = await startChat(p);
  const agent = await connectAgent(p, chat);
  await measure('SendMessage (customer → agent socket)', async (i) => {
    await p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: `hello ${i}` }));
    await agent.socket.waitForItem((it) => it.Content === `hello ${i}`);
  });
  await measure('chat start (StartChatContact + CreateParticipantConnection, inbound flow into BasicQueue)', async () => void (await startChat(p)));
  agent.agent.close();
  agent.socket.close();
} finally {
  await p.stop();
}
process.exit(0);
