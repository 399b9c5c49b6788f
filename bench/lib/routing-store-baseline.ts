import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { dropSchema } from '../../src/adapters/store/postgres.js';
import { greedyOffers, type PlannerInput } from './routing-input.js';
import type { StoreName } from './types.js';

const TABLES = [
  'create table queued (id text primary key, queue_id text not null, priority integer not null, enqueued_at bigint not null, state text not null, agent_id text)',
  'create table offers (id text primary key, contact_id text not null, agent_id text not null, offered_at bigint not null)',
];
const SELECT = "select id, queue_id, priority, enqueued_at from queued where state = 'QUEUED'";
const CLAIM_SQL = "update queued set state = 'OFFERED', agent_id = $1 where id = $2 and state = 'QUEUED'";
const OFFER_SQL = 'insert into offers (id, contact_id, agent_id, offered_at) values ($1, $2, $3, $4)';
const sqlite = (sql: string) => sql.replace(/\$\d/g, '?');

/**
 * The end-to-end routing baseline: the least a router that keeps its queue in the same store must
 * do to make the same offers. In one transaction: read every queued row, assign them with the
 * greedy one-pass baseline (routing-input.ts), and per offer a conditional claim and an offer row.
 * No agents' state is read and nobody is told: Parley's agent reads, events, timers and socket
 * pushes are what it adds. Runs in the generator's process, on SQLite (WAL, synchronous=NORMAL as
 * Parley's default) or in a fresh PostgreSQL schema; returns the transaction's wall time.
 */
export async function storeRoutingBaseline(store: StoreName, pgUrl: string | null, input: PlannerInput): Promise<{ ms: number; offers: number }> {
  const rows = input.contacts.map((c) => [c.id, c.queueId, c.priority, c.enqueuedAt] as const);
  const toInput = (found: { id: string; queue_id: string; priority: number | string; enqueued_at: number | string }[]): PlannerInput => ({
    ...input,
    contacts: found.map((r) => ({ id: r.id, queueId: r.queue_id, channel: 'CHAT', priority: Number(r.priority), enqueuedAt: Number(r.enqueued_at), ageAdjustSeconds: 0 })),
  });
  if (store === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-route-'));
    const db = new SqliteDatabase(path.join(dir, 'baseline.db'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      for (const t of TABLES) db.exec(t);
      const insert = db.prepare("insert into queued values (?, ?, ?, ?, 'QUEUED', null)");
      db.transaction(() => rows.forEach((r) => insert.run(...r)))();
      const t0 = performance.now();
      const claim = db.prepare(sqlite(CLAIM_SQL));
      const offer = db.prepare(sqlite(OFFER_SQL));
      const offers = db.transaction(() => {
        const pairs = greedyOffers(toInput(db.prepare(SELECT).all() as never));
        for (const [contactId, agentId] of pairs) {
          claim.run(agentId, contactId);
          offer.run(crypto.randomUUID(), contactId, agentId, Date.now());
        }
        return pairs.length;
      })();
      return { ms: performance.now() - t0, offers };
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!pgUrl) throw new Error('PostgreSQL unavailable');
  const schema = `parley_bench_route_${crypto.randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(`create schema "${schema}"`);
    await client.query(`set search_path = "${schema}"`);
    for (const t of TABLES) await client.query(t);
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await client.query(`insert into queued values ${chunk.map((_, k) => `($${4 * k + 1}, $${4 * k + 2}, $${4 * k + 3}, $${4 * k + 4}, 'QUEUED', null)`).join(', ')}`, chunk.flat());
    }
    const t0 = performance.now();
    await client.query('begin');
    const pairs = greedyOffers(toInput((await client.query(SELECT)).rows as never));
    for (const [contactId, agentId] of pairs) {
      await client.query(CLAIM_SQL, [agentId, contactId]);
      await client.query(OFFER_SQL, [crypto.randomUUID(), contactId, agentId, Date.now()]);
    }
    await client.query('commit');
    return { ms: performance.now() - t0, offers: pairs.length };
  } finally {
    await client.end();
    await dropSchema(pgUrl, schema);
  }
}
