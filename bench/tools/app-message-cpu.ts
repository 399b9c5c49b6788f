import { randomUUID } from 'node:crypto';
import { sendMessage } from '../../src/app/chat/messages.js';
import { asSender } from '../../src/app/chat/participant-auth.js';
import { startChat } from '../../test/helpers/chat.js';
import { startTestParley } from '../../test/helpers/parley.js';

/**
 * CPU per SendMessage of the app and the store alone (no HTTP, no sockets), on SQLite: CHATS
 * customers each send one message per turn, all at once, so group commit batches them as under
 * load. One process, its own CPU: steadier than the HTTP bench on a busy machine; run it
 * alternately in two checkouts to compare. Run: npx tsx bench/tools/app-message-cpu.ts [rounds]
 */
const CHATS = 30;
const TURNS = 400;
const rounds = Number(process.argv[2] ?? 5);
const p = await startTestParley();
const chats = await Promise.all(Array.from({ length: CHATS }, () => startChat(p)));
const deps = p.deps;
const turn = () =>
  Promise.all(chats.map((c) => asSender(deps, c.connectionToken, (caller) => sendMessage(deps, caller, { ContentType: 'text/plain', Content: `hello ${randomUUID()}`, ClientToken: randomUUID() }))));
for (let i = 0; i < 100; i++) await turn();
const out: number[] = [];
for (let r = 0; r < rounds; r++) {
  const c0 = process.cpuUsage();
  for (let i = 0; i < TURNS; i++) await turn();
  const c = process.cpuUsage(c0);
  out.push((c.user + c.system) / (TURNS * CHATS));
}
console.log(`µs per message: ${out.map((x) => x.toFixed(1)).join(' ')}; median ${[...out].sort((a, b) => a - b)[Math.floor(out.length / 2)].toFixed(1)}`);
await p.stop();
