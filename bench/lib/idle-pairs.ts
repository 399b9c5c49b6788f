import type WebSocket from 'ws';
import { openSocket } from './loopback-sockets.js';
import type { Lane } from './message-load.js';
import { mapLimit } from './setup-api.js';

/** Socket opens in flight: the relay answers each at once, so a few hundred keep it busy. */
const OPENS_IN_FLIGHT = 200;

/**
 * The concurrent-chats baseline's chats: pairs of idle sockets on the bare relay
 * (bench/baselines/relay.ts), a "customer" peer and an "agent" peer each, grown in steps. A
 * message POSTed to /send/<i>a reaches the agent socket of pair i, as a customer's message
 * reaches the chat's agent in Parley.
 */
export class IdlePairs {
  readonly lanes: Lane[] = [];
  readonly customers: WebSocket[] = [];
  readonly agents: WebSocket[] = [];

  constructor(private readonly origin: string) {}

  sockets(): WebSocket[] {
    return [...this.customers, ...this.agents];
  }

  async grow(total: number): Promise<void> {
    const base = this.origin.replace(/^http/, 'ws');
    const from = this.lanes.length;
    const fresh = await mapLimit(Array.from({ length: Math.max(0, total - from) }, (_, k) => from + k), OPENS_IN_FLIGHT, async (i) => ({
      i,
      customer: await openSocket(`${base}/peer/${i}c`),
      agent: await openSocket(`${base}/peer/${i}a`),
    }));
    for (const p of fresh) {
      this.customers.push(p.customer);
      this.agents.push(p.agent);
      this.lanes.push({ path: `/send/${p.i}a`, headers: { 'content-type': 'application/json' } });
    }
  }

  close(): void {
    for (const ws of this.sockets()) ws.terminate();
  }
}
