import WebSocket from 'ws';
import type { BenchChild } from './child.js';
import type { ChatLanes } from './parley-chats.js';

/** `n` sender/receiver pairs on the baseline relay (bench/baselines/relay.ts), shaped like Parley's chats. */
export async function relayLanes(relay: BenchChild, n: number): Promise<ChatLanes> {
  const base = relay.url.replace(/^http/, 'ws');
  const receivers = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${base}/peer/${i}`);
        ws.once('open', () => resolve(ws)).once('error', reject);
      }),
    ),
  );
  return {
    lanes: receivers.map((_, i) => ({ path: `/send/${i}`, headers: { 'content-type': 'application/json' } })),
    receivers,
    close: () => receivers.forEach((ws) => ws.terminate()),
  };
}
