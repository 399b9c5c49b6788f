import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { READY } from '../lib/ready.js';
import { installSelfProfiler } from '../lib/self-profile.js';

/**
 * The message path's baseline: the least Node can do for it on this machine. A keep-alive HTTP
 * POST /send/<peer> whose body is forwarded as one text frame to the socket that connected to
 * /peer/<peer>, then answered 200. No validation, no storage, no fan-out logic, no framework.
 */
const profiler = installSelfProfiler();
const peers = new Map<string, WebSocket>();
const wss = new WebSocketServer({ noServer: true });

const server = http.createServer((req, res) => {
  const peer = req.url?.startsWith('/send/') ? peers.get(req.url.slice(6)) : undefined;
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (!peer) {
      res.writeHead(404).end();
      return;
    }
    peer.send(Buffer.concat(chunks).toString());
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' }).end('{}');
  });
});
server.keepAliveTimeout = 60_000;
server.on('upgrade', (req, socket, head) => {
  const id = req.url?.startsWith('/peer/') ? req.url.slice(6) : null;
  if (!id) return void socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => {
    peers.set(id, ws);
    ws.on('close', () => peers.delete(id));
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`${READY}${JSON.stringify({ url: `http://127.0.0.1:${port}` })}`);
});
process.on('SIGTERM', () => {
  for (const ws of peers.values()) ws.terminate();
  server.closeAllConnections();
  server.close(() => void profiler.stop().finally(() => process.exit(0)));
});
