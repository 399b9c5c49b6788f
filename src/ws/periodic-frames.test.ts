import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestAgent } from '../../test/helpers/agent.js';
import { startChat } from '../../test/helpers/chat.js';
import { startTestParley, type TestParley } from '../../test/helpers/parley.js';
import { TestSocket } from '../../test/helpers/socket.js';
import { PING_PERIOD_MS, PING_TURNS } from './ping-sweep.js';

/*
 * The frames sockets get without asking (protocol pings on participant sockets, HEART_BEAT events
 * on agent event sockets), through a real Parley and real sockets. Only setInterval
 * is faked, so that the test decides when each turn of pings runs.
 */

let p: TestParley;
beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
  vi.useRealTimers();
});

const TURN_MS = PING_PERIOD_MS / PING_TURNS;

/** Opens a socket that counts the pings it receives. */
async function counted(url: string, autoPong = true): Promise<{ s: TestSocket; pings: () => number }> {
  const s = await TestSocket.open(url, true, { autoPong });
  let n = 0;
  s.ws.on('ping', () => n++);
  return { s, pings: () => n };
}

/** Every ping sent before now has reached `s` once the answer to a heartbeat sent now has (one ordered stream). */
async function caughtUp(s: TestSocket): Promise<void> {
  const before = s.frames.filter((f) => f.topic === 'aws/heartbeat').length;
  s.send({ topic: 'aws/heartbeat' });
  await s.waitFor(() => s.frames.filter((f) => f.topic === 'aws/heartbeat').length > before);
}

describe('protocol pings on participant sockets', () => {
  it('are spread over the period, each socket pinged once per period, never all at once', async () => {
    const sockets = await Promise.all(Array.from({ length: 4 }, async () => counted((await startChat(p)).websocketUrl)));
    const pinged = () => sockets.map((c) => c.pings()).reduce((a, b) => a + b, 0);

    vi.advanceTimersByTime(TURN_MS);
    for (const c of sockets) await caughtUp(c.s);
    expect(pinged()).toBeLessThanOrEqual(1);

    vi.advanceTimersByTime(PING_PERIOD_MS - TURN_MS);
    for (const c of sockets) await caughtUp(c.s);
    expect(sockets.map((c) => c.pings())).toEqual([1, 1, 1, 1]);
    for (const c of sockets) c.s.close();
  });

  it('drop a socket that did not answer its last ping, and keep one that did', async () => {
    const answering = await counted((await startChat(p)).websocketUrl);
    const silent = await counted((await startChat(p)).websocketUrl, false);

    vi.advanceTimersByTime(PING_PERIOD_MS);
    await caughtUp(answering.s);
    // The heartbeat counts as a sign of life: only pongs and messages do, so the silent one stays silent now.
    await silent.s.waitFor(() => true);
    expect([answering.pings(), silent.pings()]).toEqual([1, 1]);

    vi.advanceTimersByTime(PING_PERIOD_MS);
    expect(await silent.s.waitClosed()).toBe(1006);
    await caughtUp(answering.s);
    expect(answering.s.closeCode).toBeNull();
    answering.s.close();
  });
});

describe('HEART_BEAT events on agent event sockets', () => {
  it('reach every agent with its socket open once a minute', async () => {
    const agents = await Promise.all(['alice', 'bob'].map((u) => TestAgent.login(p, u)));
    vi.advanceTimersByTime(60_000);
    const beats = await Promise.all(agents.map((a) => a.events.waitFor((e) => e.EventType === 'HEART_BEAT')));
    expect(beats.map((b) => b.CurrentAgentSnapshot.User.Username)).toEqual(['alice', 'bob']);
    for (const a of agents) a.events.close();
  });
});
