import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestAgent } from '../helpers/agent.js';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

/*
 * Bursts of router wakes (a shift's status changes, chats arriving together): the router spaces
 * its passes out (router.ts), and a wake during a pass or its gap is still served by a later pass.
 */

let p: TestParley;
let agents: TestAgent[] = [];
beforeEach(async () => {
  p = await startTestParley();
  agents = [];
});
afterEach(async () => {
  for (const a of agents) a.close();
  await p.stop();
});
const login = async (name: string) => {
  const a = await TestAgent.login(p, name);
  agents.push(a);
  return a;
};
const offered = (a: TestAgent) => a.events.last.Contacts.filter((c) => c.State === 'CONNECTING').map((c) => c.ContactId);

describe('routing under bursts of wakes', () => {
  it('offers every queued chat a slot can take when the agents become available at once, amid many wakes', async () => {
    const [alice, bob] = [await login('alice'), await login('bob')];
    const chats = [];
    for (let i = 0; i < 8; i++) {
      p.clock.advance(1_000);
      chats.push((await startChat(p)).contactId);
    }
    await Promise.all([alice.setStatus('Available'), bob.setStatus('Available'), ...Array.from({ length: 50 }, async () => p.router.wake())]);
    await p.router.idle();
    await alice.events.waitFor((e) => e.CurrentAgentSnapshot.Contacts.length === 3);
    await bob.events.waitFor((e) => e.CurrentAgentSnapshot.Contacts.length === 3);
    // Three chat slots each (the seeded Agent profile): six offers, each chat to one agent, the oldest first.
    const all = [...offered(alice), ...offered(bob)];
    expect(new Set(all).size).toBe(6);
    expect(all.sort()).toEqual(chats.slice(0, 6).sort());
  });

  it('serves a wake that comes right after a pass, and idle() waits for that pass', async () => {
    const alice = await login('alice');
    await alice.setStatus('Available');
    const first = await startChat(p);
    const second = await startChat(p);
    await p.router.idle();
    await alice.nextOffer(first.contactId);
    await alice.nextOffer(second.contactId);
    // A chat queued while the last pass's gap may still run: offered by the time the router is idle.
    const third = await startChat(p);
    await p.router.idle();
    await alice.nextOffer(third.contactId);
    expect(offered(alice).sort()).toEqual([first.contactId, second.contactId, third.contactId].sort());
  });

  it('keeps the next-status rule for a status change in a burst: a busy agent going on Break keeps routing paused until cleared', async () => {
    const [alice, bob] = [await login('alice'), await login('bob')];
    const chat = await startChat(p);
    await alice.setStatus('Available');
    await alice.nextOffer(chat.contactId);
    const [snap] = await Promise.all([alice.setStatus('Break'), bob.setStatus('Available'), ...Array.from({ length: 20 }, async () => p.router.wake())]);
    expect(snap).toMatchObject({ AgentStatus: { Name: 'Available' }, NextAgentStatus: { Name: 'Break' } });
    const next = await startChat(p);
    await p.router.idle();
    // Routing is paused for alice: the new chat goes to bob.
    await bob.nextOffer(next.contactId);
    expect(offered(alice)).toEqual([chat.contactId]);
  });
});
