import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/adapters/store/schema.js';
import type { Parley } from '../../src/server.js';

/** Every table the code declares; the snapshot refuses to run if the database lacks one. */
const DECLARED: Record<keyof Database, true> = {
  settings: true,
  instances: true,
  active_chat_shards: true,
  queues: true,
  flows: true,
  chats: true,
  contacts: true,
  participants: true,
  connection_tokens: true,
  socket_tickets: true,
  items: true,
  receipts: true,
  attachments: true,
  idempotency: true,
  timers: true,
  flow_versions: true,
  flow_logs: true,
  hours_of_operation: true,
  views: true,
  view_invocations: true,
  routing_profiles: true,
  routing_profile_queues: true,
  security_profiles: true,
  users: true,
  agent_statuses: true,
  quick_connects: true,
  queue_quick_connects: true,
  agents: true,
  agent_sessions: true,
  agent_presence: true,
  agent_contacts: true,
  contact_events: true,
  contact_records: true,
  webhooks: true,
  webhook_deliveries: true,
};

/** Table name → its rows, each as canonical JSON, sorted (row order is not a state change). */
export type StoreSnapshot = Record<string, string[]>;

// pg hands int8 back as strings and better-sqlite3 may hand back bigints: render both alike.
const canonical = (row: unknown) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/**
 * Every row of every table in the store, the migration bookkeeping included, once the work a
 * commit set going in the background is done (the contact-record projector folding an event, a
 * routing pass): a snapshot taken while it runs would see its rows come and go, which is not a
 * change made by the request under test. The tables are found by introspection, so a table added
 * later is covered without touching this helper.
 */
export async function snapshotStore(p: Pick<Parley, 'deps' | 'projector' | 'router'>): Promise<StoreSnapshot> {
  await p.projector.catchUp();
  await p.router.idle();
  return readAllTables(p.deps.db.kysely);
}

async function readAllTables(db: Kysely<Database>): Promise<StoreSnapshot> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  const names = tables.map((t) => (t.schema && t.schema !== 'public' ? `${t.schema}.${t.name}` : t.name)).sort();
  const missing = Object.keys(DECLARED).filter((n) => !names.includes(n));
  if (missing.length) throw new Error(`store snapshot: tables not found in the database: ${missing.join(', ')}`);
  const out: StoreSnapshot = {};
  for (const name of names) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    out[name] = rows.map(canonical).sort();
  }
  return out;
}
