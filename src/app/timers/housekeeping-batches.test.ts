import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_CI, probePostgres, randomSchema } from '../../../test/contract/stores.js';
import { startTestParley, type TestParley } from '../../../test/helpers/parley.js';
import { dropSchema, openPostgres } from '../../adapters/store/postgres.js';
import { HOUSEKEEPING_BATCH, houseKeep, IDEMPOTENCY_RETENTION_MS } from './housekeeping.js';

const probe = await probePostgres();
const skipPostgres = probe.reason !== null && !IN_CI;
if (skipPostgres) console.warn(`[housekeeping-batches] PostgreSQL case skipped: ${probe.reason}`);

let p: TestParley;
const count = async (table: 'idempotency' | 'socket_tickets' | 'connection_tokens') =>
  Number((await p.deps.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** A backlog of more than two batches of each kind goes, in batches; what is live stays. */
async function clearsBacklog() {
  const old = p.clock.now() - IDEMPOTENCY_RETENTION_MS - 1;
  const expired = Date.now() - 1;
  const n = HOUSEKEEPING_BATCH * 2 + 17;
  const rows = Array.from({ length: n }, (_, i) => i);
  await p.deps.db.write(async (tx) => {
    // In chunks: SQLite caps the parameters of one statement.
    for (let i = 0; i < n; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await tx.insertInto('idempotency').values(chunk.map((k) => ({ scope: 'SendMessage:backlog', client_token: `t${k}`, request_hash: 'h', response: null, created_at: old }))).execute();
      await tx.insertInto('socket_tickets').values(chunk.map((k) => ({ ticket_hash: `s${k}`, participant_id: 'p', chat_id: 'c', expires_at: expired, from_seq: 0 }))).execute();
      await tx.insertInto('connection_tokens').values(chunk.map((k) => ({ token_hash: `c${k}`, participant_id: 'p', chat_id: 'c', expires_at: expired }))).execute();
    }
    await tx.insertInto('idempotency').values({ scope: 'SendMessage:backlog', client_token: 'recent', request_hash: 'h', response: null, created_at: p.clock.now() }).execute();
    await tx.insertInto('connection_tokens').values({ token_hash: 'live', participant_id: 'p', chat_id: 'c', expires_at: Date.now() + 3_600_000 }).execute();
  });
  const live = { idempotency: await count('idempotency'), connection_tokens: await count('connection_tokens') };

  expect(await houseKeep(p.deps.db, p.clock)).toBe(3 * n);
  expect(await count('idempotency')).toBe(live.idempotency - n);
  expect(await count('connection_tokens')).toBe(live.connection_tokens - n);
  expect(await count('socket_tickets')).toBe(0);
  const kept = await p.deps.db.kysely.selectFrom('idempotency').select('client_token').where('scope', '=', 'SendMessage:backlog').execute();
  expect(kept).toEqual([{ client_token: 'recent' }]);
}

describe('housekeeping of a backlog on SQLite', () => {
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(async () => {
    await p.stop();
  });

  it('deletes a backlog larger than one batch entirely, and keeps what is still live', clearsBacklog);

  it('finds what it deletes through an index, not by scanning the table (SQLite query plan)', async () => {
    const plan = async (query: string) => (await sql.raw<{ detail: string }>(`explain query plan ${query}`).execute(p.deps.db.kysely)).rows.map((r) => r.detail).join('\n');
    expect(await plan('select scope, client_token from idempotency where created_at < 1 limit 1000')).toMatch(/USING (COVERING )?INDEX idempotency_created/);
    expect(await plan('select token_hash from connection_tokens where expires_at < 1 limit 1000')).toMatch(/USING (COVERING )?INDEX connection_tokens_expires/);
    expect(await plan('select ticket_hash from socket_tickets where expires_at < 1 limit 1000')).toMatch(/USING (COVERING )?INDEX socket_tickets_expires/);
  });
});

describe.skipIf(skipPostgres)('housekeeping of a backlog on PostgreSQL', () => {
  const schema = randomSchema();
  beforeAll(async () => {
    if (!probe.url) throw new Error(probe.reason ?? 'PostgreSQL unavailable');
    p = await startTestParley({ db: await openPostgres({ url: probe.url, schema }) });
  });
  afterAll(async () => {
    await p?.stop();
    if (probe.url) await dropSchema(probe.url, schema);
  });

  it('deletes a backlog larger than one batch entirely, and keeps what is still live', clearsBacklog);
});
