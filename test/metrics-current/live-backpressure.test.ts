import http from 'node:http';
import type net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { latestOnly } from '../../src/http/common/latest-only.js';

/*
 * The live board stream (GET /metrics/live) pushes whole boards through latestOnly: a client that
 * reads slower than the board changes must get the latest board once it catches up, not every
 * stale one buffered in the server's memory. Real HTTP on 127.0.0.1: the server writes an SSE
 * stream as the route does, the client reads it (or not) through node:http.
 */

interface Board {
  label: string;
  pad: string;
}

/** Larger than the loopback socket buffers of both ends together: while the client does not read, this one cannot leave. */
const HUGE = 32 * 1024 * 1024;

let server: http.Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server whose one stream pushes through latestOnly (ending after `last`), and a client that has opened it but reads nothing yet. */
async function stream(last: string) {
  const sent: string[] = [];
  let opened!: (s: { res: http.ServerResponse; push: (b: Board) => Promise<void> }) => void;
  const serverSide = new Promise<{ res: http.ServerResponse; push: (b: Board) => Promise<void> }>((resolve) => (opened = resolve));
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    const push = latestOnly(res, (b: Board) => {
      sent.push(b.label);
      res.write(`event: board\ndata: ${JSON.stringify(b)}\n\n`);
      if (b.label === last) res.end();
    });
    opened({ res, push });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(`http://127.0.0.1:${port}/`, resolve).on('error', reject));
  const { res, push } = await serverSide;
  /** Reads the whole stream; the labels of the boards received, in order. */
  const readAll = async (): Promise<string[]> => {
    let body = '';
    client.setEncoding('utf8');
    for await (const chunk of client) body += chunk as string;
    return [...body.matchAll(/"label":"(\w+)"/g)].map((m) => m[1]);
  };
  return { res, push, sent, readAll };
}

const board = (label: string, size = 10): Board => ({ label, pad: 'x'.repeat(size) });

it('sends every board to a client that keeps up', async () => {
  const s = await stream('C');
  const received = s.readAll();
  for (const label of ['A', 'B', 'C']) await s.push(board(label));
  expect(await received).toEqual(['A', 'B', 'C']);
  expect(s.sent).toEqual(['A', 'B', 'C']);
});

it('skips the boards a stalled client cannot take, and sends it the latest one when it catches up', async () => {
  const s = await stream('D');
  await s.push(board('A', HUGE));
  // The client reads nothing: A is stuck in the server's buffer.
  expect(s.res.writableNeedDrain).toBe(true);
  await s.push(board('B'));
  await s.push(board('C'));
  await s.push(board('D'));
  // B, C and D were not written: only D, the latest, is owed.
  expect(s.sent).toEqual(['A']);

  // The client reads: once A has left, 'drain' sends D; B and C never are.
  expect(await s.readAll()).toEqual(['A', 'D']);
  expect(s.sent).toEqual(['A', 'D']);
});
