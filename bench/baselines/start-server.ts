import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { READY } from '../lib/ready.js';
import { installSelfProfiler } from '../lib/self-profile.js';

/**
 * The chat-start baseline: the same two keep-alive requests a chat start takes (PUT /contact/chat,
 * then POST /participant/connection), answered by a bare Node server that writes one durable row
 * per chat on the same store as Parley: SQLite in WAL mode with PARLEY_DURABILITY's synchronous
 * setting, or PostgreSQL (BENCH_PG_URL, schema BENCH_PG_SCHEMA). No signature check, no flow, no
 * queue: the least a durable chat start costs on this machine.
 */
const profiler = installSelfProfiler();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-start-'));
type Insert = (id: string, body: string) => Promise<void>;

async function openStore(): Promise<{ insert: Insert; close(): Promise<void> }> {
  const url = process.env.BENCH_PG_URL;
  if (url) {
    const schema = (process.env.BENCH_PG_SCHEMA ?? 'public').replace(/"/g, '');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema if not exists "${schema}"`);
    await admin.end();
    const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path="${schema}"` });
    await pool.query('create table chat_starts (id text primary key, body text not null, created_at bigint not null)');
    return {
      insert: async (id, body) => void (await pool.query('insert into chat_starts (id, body, created_at) values ($1, $2, $3)', [id, body, Date.now()])),
      close: () => pool.end(),
    };
  }
  const db = new SqliteDatabase(path.join(dir, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${process.env.PARLEY_DURABILITY === 'power' ? 'FULL' : 'NORMAL'}`);
  db.exec('create table chat_starts (id text primary key, body text not null, created_at integer not null)');
  const stmt = db.prepare('insert into chat_starts (id, body, created_at) values (?, ?, ?)');
  return {
    insert: async (id, body) => void stmt.run(id, body, Date.now()),
    close: async () => void db.close(),
  };
}

const store = await openStore();
const json = (res: http.ServerResponse, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
};
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/contact/chat') {
      const id = randomUUID();
      store.insert(id, Buffer.concat(chunks).toString()).then(
        () => json(res, { ContactId: id, ParticipantId: randomUUID(), ParticipantToken: randomBytes(32).toString('base64url') }),
        (e: Error) => res.writeHead(500).end(e.message),
      );
    } else if (req.url === '/participant/connection') {
      json(res, { ConnectionCredentials: { ConnectionToken: randomBytes(32).toString('base64url'), Expiry: new Date().toISOString() } });
    } else res.writeHead(404).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`${READY}${JSON.stringify({ url: `http://127.0.0.1:${port}` })}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() =>
    void profiler
      .stop()
      .then(() => store.close())
      .finally(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      }),
  );
});
