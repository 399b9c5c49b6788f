import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { LocalBus } from '../../src/adapters/bus/local-bus.js';
import { SystemClock } from '../../src/adapters/clock/system-clock.js';
import { randomIds } from '../../src/adapters/ids.js';
import type { Db, Tx } from '../../src/adapters/store/db.js';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { openSqlite } from '../../src/adapters/store/sqlite.js';
import type { Deps } from '../../src/app/deps.js';
import { decideOffers, routeInstance } from '../../src/app/routing/route-pass.js';
import type { RoutableAgent } from '../../src/core/routing/plan.js';
import { greedyOffers } from './routing-input.js';
import type { StoreName } from './types.js';

/** Rows per insert statement while filling the store (under both engines' bound-parameter limits). */
const INSERT_ROWS = 500;
const STATUS = 'bench-available';
const PROFILE = 'bench-profile';
const ARRIVAL_MS = 5;

/**
 * A Parley store holding one instance as a routing pass sees it: its queues, one routing
 * profile of all of them (CHAT, `slots` at once), the agents (Available, present, idle since their
 * `idleSince`) and queued chats, written directly (the end-to-end part makes them through the
 * API; here only the pass is timed). A pass runs in a transaction rolled back afterwards, so the
 * same queue serves every run.
 */
export class PassStore {
  private queued = 0;
  private readonly since = Date.now() - 3_600_000;

  private constructor(
    /**
     * What a run is timed by: CPU, this process's and on PostgreSQL the server process's serving
     * the transaction (/proc/<pid>/schedstat), so that other processes sharing the machine's cores
     * do not count; wall time when PostgreSQL runs elsewhere.
     */
    readonly clock: 'CPU' | 'wall time',
    readonly db: Db,
    private readonly dispose: () => Promise<void>,
    readonly instanceId: string,
    readonly queueIds: string[],
    readonly agents: readonly RoutableAgent[],
  ) {}

  /** `agents` as routing-input.ts makes them: their profile's queues (all but their own) are the instance's queues. */
  static async open(store: StoreName, pgUrl: string | null, agents: readonly RoutableAgent[], slots: number): Promise<PassStore> {
    let db: Db;
    let dispose: () => Promise<void>;
    if (store === 'sqlite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-pass-'));
      db = await openSqlite({ file: path.join(dir, 'parley.db'), durability: 'process' });
      dispose = async () => fs.rmSync(dir, { recursive: true, force: true });
    } else {
      if (!pgUrl) throw new Error('PostgreSQL unavailable');
      const schema = `parley_bench_pass_${crypto.randomBytes(5).toString('hex')}`;
      db = await openPostgres({ url: pgUrl, schema });
      dispose = () => dropSchema(pgUrl, schema);
    }
    const instanceId = crypto.randomUUID();
    const queueIds = agents[0].queues.filter((q) => q.queueId !== agents[0].id).map((q) => q.queueId);
    const now = Date.now();
    await db.write(async (tx) => {
      await tx.insertInto('instances').values({ id: instanceId, alias: `bench-${instanceId}`, created_at: now, active_chats: 0 }).execute();
      await tx.insertInto('agent_statuses').values({ id: STATUS, instance_id: instanceId, name: 'Available', description: '', type: 'ROUTABLE', state: 'ENABLED', display_order: 1, created_at: now, updated_at: now }).execute();
      await tx
        .insertInto('routing_profiles')
        .values({ id: PROFILE, instance_id: instanceId, name: 'Bench', description: '', default_outbound_queue_id: queueIds[0], media_concurrencies: JSON.stringify([{ Channel: 'CHAT', Concurrency: slots }]), agent_availability_timer: 'TIME_SINCE_LAST_ACTIVITY', acw_seconds: null, created_at: now, updated_at: now })
        .execute();
      await tx.insertInto('queues').values(queueIds.map((id, q) => ({ id, instance_id: instanceId, name: `Queue ${q}`, description: '', created_at: now }))).execute();
      await tx.insertInto('routing_profile_queues').values(queueIds.map((queue_id) => ({ routing_profile_id: PROFILE, queue_id, channel: 'CHAT', priority: 1, delay: 0 }))).execute();
      for (const chunk of chunks(agents)) {
        await tx
          .insertInto('users')
          .values(chunk.map((a) => ({ id: a.id, instance_id: instanceId, username: a.id, password_hash: null, identity: '{}', phone_config: '{}', routing_profile_id: PROFILE, security_profile_ids: '[]', tags: '{}', created_at: now, updated_at: now })))
          .execute();
        await tx.insertInto('agents').values(chunk.map((a) => ({ user_id: a.id, instance_id: instanceId, status_id: STATUS, status_since: now, next_status_id: null, idle_since: a.idleSince }))).execute();
        await tx.insertInto('agent_presence').values(chunk.map((a) => ({ user_id: a.id, node: 'bench', until: now + 24 * 3_600_000 }))).execute();
      }
    });
    const server = store === 'sqlite' ? null : (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db.kysely)).rows[0].pid;
    return new PassStore(server === null || fs.existsSync(`/proc/${server}/schedstat`) ? 'CPU' : 'wall time', db, dispose, instanceId, queueIds, agents);
  }

  /**
   * Queues chats round the queues until `total` wait, Connect's default priority, one every 5 ms
   * from an hour before the store was made: in the order they arrived, as queues fill.
   */
  async queueUpTo(total: number): Promise<void> {
    const fresh = Array.from({ length: total - this.queued }, (_, k) => this.queued + k);
    await this.db.write(async (tx) => {
      for (const chunk of chunks(fresh)) {
        await tx
          .insertInto('contacts')
          .values(
            chunk.map((i) => {
              const id = crypto.randomUUID();
              const at = this.since + i * ARRIVAL_MS;
              return { id, instance_id: this.instanceId, chat_id: id, initiation_method: 'API', channel: 'CHAT', state: 'QUEUED', flow_id: 'bench', queue_id: this.queueIds[i % this.queueIds.length], enqueued_at: at, initiated_at: at, segment_attributes: '{}', updated_at: at };
            }),
          )
          .execute();
      }
    });
    this.queued = total;
    await this.analyze();
  }

  /** PostgreSQL plans by its statistics, which autovacuum keeps current in a running system: brought up to date after each change of size. */
  private async analyze(): Promise<void> {
    if (!this.db.capabilities.singleWriter) await sql`analyze`.execute(this.db.kysely);
  }

  /** Every agent holds all its slots but agent 0, who has one free (`full`), or every slot is free. */
  async hold(full: boolean, slots: number): Promise<void> {
    await this.db.write(async (tx) => {
      await tx.deleteFrom('agent_contacts').where('instance_id', '=', this.instanceId).execute();
      if (!full) return;
      const rows = this.agents.flatMap((a, j) => Array.from({ length: j === 0 ? slots - 1 : slots }, () => a.id));
      for (const chunk of chunks(rows)) {
        await tx
          .insertInto('agent_contacts')
          .values(chunk.map((user_id) => ({ id: crypto.randomUUID(), user_id, instance_id: this.instanceId, contact_id: crypto.randomUUID(), chat_id: 'bench', channel: 'CHAT', queue_id: null, state: 'CONNECTED', state_since: 0, offered_at: 0, connected_at: 0, ended_at: null, participant_id: null })))
          .execute();
      }
    });
    await this.analyze();
  }

  /** One routing pass as the router makes it (route-pass.ts), rolled back: its duration and offers. */
  pass(): Promise<{ ms: number; result: number }> {
    const deps = { db: this.db, clock: new SystemClock(), ids: randomIds, bus: new LocalBus(), timers: { wake() {} } } as unknown as Deps;
    return this.rolledBack((tx) => routeInstance(deps, tx, this.instanceId));
  }

  /** The decision of that pass alone (what it reads and plans, not the offers it writes). */
  decision(): Promise<{ ms: number; result: number }> {
    return this.rolledBack(async (tx) => (await decideOffers(tx, this.instanceId, Date.now())).offers.length);
  }

  /**
   * The baseline on the same store: what a router keeping its queue in the store does at the
   * least when it reads the whole queue: every queued row of the instance and the greedy
   * assignment (routing-input.ts) with `agents` as given (no agent state read); with `writes`,
   * per offer a conditional claim and an offer row too. Rolled back.
   */
  baseline(agents: readonly RoutableAgent[], writes: boolean): Promise<{ ms: number; result: number }> {
    return this.rolledBack(async (tx) => {
      const rows = await tx.selectFrom('contacts').select(['id', 'queue_id', 'queue_priority', 'enqueued_at', 'queue_time_adjust_seconds']).where('instance_id', '=', this.instanceId).where('state', '=', 'QUEUED').execute();
      const contacts = rows.map((r) => ({ id: r.id, queueId: r.queue_id!, channel: 'CHAT' as const, priority: r.queue_priority ?? 5, enqueuedAt: Number(r.enqueued_at), ageAdjustSeconds: Number(r.queue_time_adjust_seconds ?? 0) }));
      const offers = greedyOffers({ contacts, agents: [...agents], now: Date.now() });
      const now = Date.now();
      for (const [contactId, agentId] of writes ? offers : []) {
        await tx.updateTable('contacts').set({ state: 'OFFERED', agent_id: agentId, updated_at: now }).where('id', '=', contactId).where('state', '=', 'QUEUED').execute();
        await tx
          .insertInto('agent_contacts')
          .values({ id: crypto.randomUUID(), user_id: agentId, instance_id: this.instanceId, contact_id: contactId, chat_id: contactId, channel: 'CHAT', queue_id: null, state: 'CONNECTING', state_since: now, offered_at: now, connected_at: null, ended_at: null, participant_id: null })
          .execute();
      }
      return offers.length;
    });
  }

  async close(): Promise<void> {
    await this.db.close();
    await this.dispose();
  }

  /**
   * Runs `fn` in a transaction that is then rolled back; times `fn` alone, by the CPU time it
   * costs (see `clock`).
   */
  private async rolledBack(fn: (tx: Tx) => Promise<number>): Promise<{ ms: number; result: number }> {
    let out: { ms: number; result: number } | null = null;
    // Through the store's own writes, as the router's passes run (SQLite: in a batch of the group committer).
    await this.db
      .write(async (tx) => {
        const server = this.db.capabilities.singleWriter ? null : (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0].pid;
        const clock = this.clock === 'wall time' ? () => performance.now() : () => cpuMs() + (server === null ? 0 : processCpuMs(server));
        const t0 = clock();
        const result = await fn(tx);
        out = { ms: clock() - t0, result };
        throw new RolledBack();
      })
      .catch((e: unknown) => {
        if (!(e instanceof RolledBack)) throw e;
      });
    return out!;
  }
}

/** This process's CPU time (user and system), ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Another process's CPU time so far, ms (its first schedstat field: ns on a CPU). */
function processCpuMs(pid: number): number {
  return Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
}

class RolledBack extends Error {}

function chunks<T>(items: readonly T[]): T[][] {
  return Array.from({ length: Math.ceil(items.length / INSERT_ROWS) }, (_, i) => items.slice(i * INSERT_ROWS, (i + 1) * INSERT_ROWS));
}
