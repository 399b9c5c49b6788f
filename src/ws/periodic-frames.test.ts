import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestAgent } from '../../test/helpers/agent.js';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { startChat, type TestChat } from '../../test/helpers/chat.js';
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

/** A chat whose customer socket counts the pings it receives. */
async function counted(autoPong = true): Promise<{ s: TestSocket; chat: TestChat; pings: () => number }> {
  const chat = await startChat(p);
  const s = await TestSocket.open(chat.websocketUrl, true, { autoPong });
  let n = 0;
  s.ws.on('ping', () => n++);
  return { s, chat, pings: () => n };
}

let synced = 0;
/**
 * Every ping sent before now has reached the socket once a message sent now has (one ordered
 * stream). The customer's own message comes back on its socket, and the socket says nothing: what
 * the server hears from a socket decides whether it pings it.
 */
async function caughtUp({ s, chat }: { s: TestSocket; chat: TestChat }): Promise<void> {
  const text = `sync ${++synced}`;
  await p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: text }));
  await s.waitForItem((i) => i.Content === text);
}

/** chatjs's heartbeat, answered: the socket spoke. */
async function heartbeat(s: TestSocket): Promise<void> {
  const before = s.frames.filter((f) => f.topic === 'aws/heartbeat').length;
  s.send({ topic: 'aws/heartbeat' });
  await s.waitFor(() => s.frames.filter((f) => f.topic === 'aws/heartbeat').length > before);
}

describe('protocol pings on participant sockets', () => {
  it('go to sockets silent for a period, spread over the period, never all at once', async () => {
    const sockets = await Promise.all(Array.from({ length: 4 }, () => counted()));
    const pinged = () => sockets.map((c) => c.pings()).reduce((a, b) => a + b, 0);

    // Each socket's first visit: it spoke since it opened (its subscribe), so it is not pinged.
    vi.advanceTimersByTime(PING_PERIOD_MS);
    for (const c of sockets) await caughtUp(c);
    expect(pinged()).toBe(0);

    vi.advanceTimersByTime(TURN_MS);
    for (const c of sockets) await caughtUp(c);
    expect(pinged()).toBeLessThanOrEqual(1);

    vi.advanceTimersByTime(PING_PERIOD_MS - TURN_MS);
    for (const c of sockets) await caughtUp(c);
    expect(sockets.map((c) => c.pings())).toEqual([1, 1, 1, 1]);
    for (const c of sockets) c.s.close();
  });

  it('spare sockets that say chatjs heartbeats, keep sockets that answer, drop one that does not', async () => {
    const chatty = await counted();
    const answering = await counted();
    const silent = await counted(false);

    vi.advanceTimersByTime(PING_PERIOD_MS);
    await heartbeat(chatty.s);
    vi.advanceTimersByTime(PING_PERIOD_MS);
    for (const c of [chatty, answering, silent]) await caughtUp(c);
    expect([chatty.pings(), answering.pings(), silent.pings()]).toEqual([0, 1, 1]);

    await heartbeat(chatty.s);
    vi.advanceTimersByTime(PING_PERIOD_MS);
    expect(await silent.s.waitClosed()).toBe(1006);
    await heartbeat(chatty.s);
    // The answer to its ping was a sign of life: no ping this period, another the next.
    vi.advanceTimersByTime(PING_PERIOD_MS);
    for (const c of [chatty, answering]) await caughtUp(c);
    expect([chatty.pings(), answering.pings()]).toEqual([0, 2]);
    expect([chatty.s.closeCode, answering.s.closeCode]).toEqual([null, null]);
    for (const c of [chatty, answering]) c.s.close();
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
