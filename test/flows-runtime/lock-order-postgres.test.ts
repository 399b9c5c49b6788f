import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { IN_CI, probePostgres, randomSchema } from '../contract/stores.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { act, chatOn, customerSays, insertFlow, park, say } from './kit.js';

/*
 * On PostgreSQL, a flow going on (here its Wait's timer) and a customer message for the same chat
 * lock the same two rows, the chat's and the contact's. Taken in opposite orders, each would hold
 * one and wait for the other: a deadlock, and PostgreSQL aborts one of them (the customer's
 * message fails). The test holds the contact's row from a connection of its own so that both
 * transactions are in flight at once, in the order that deadlocks unless every writer takes the
 * chat first.
 */

const probe = await probePostgres();
const skip = probe.reason !== null && !IN_CI;
if (skip) console.warn(`[lock-order-postgres] skipping: ${probe.reason}`);

describe.skipIf(skip)('the flow and a customer message at once, on PostgreSQL', () => {
  const schema = randomSchema();
  let p: TestParley;
  let holder: pg.Client;
  beforeAll(async () => {
    if (!probe.url) throw new Error(probe.reason ?? 'PostgreSQL unavailable');
    p = await startTestParley({ db: await openPostgres({ url: probe.url, schema }) });
    holder = new pg.Client({ connectionString: probe.url });
    await holder.connect();
    await holder.query(`set search_path to "${schema}"`);
  });
  afterAll(async () => {
    await holder?.end();
    await p?.stop();
    if (probe.url) await dropSchema(probe.url, schema);
  });

  /** Transactions waiting, directly or through one another, for the holder's locks. */
  async function waitingOnHolder(): Promise<number> {
    const r = await holder.query<{ n: string }>(`
      with recursive w(pid) as (
        select pid from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))
        union
        select a.pid from pg_stat_activity a join w on w.pid = any(pg_blocking_pids(a.pid))
      ) select count(*) as n from w`);
    return Number(r.rows[0].n);
  }
  async function untilWaiting(n: number): Promise<void> {
    while ((await waitingOnHolder()) < n) await new Promise((resolve) => setImmediate(resolve));
  }

  it('a Wait timing out while the customer writes: both go through, the timer first', async () => {
    const flowId = await insertFlow(p, [
      act('wait', 'Wait', { TimeLimitSeconds: '60', Events: ['CustomerReturned'] }, { next: 'expired', conditions: { CustomerReturned: 'returned', WaitCompleted: 'expired' } }),
      say('returned', 'returned', 'park'),
      say('expired', 'expired', 'park'),
      park(),
    ]);
    const { chat } = await chatOn(p, flowId);

    await holder.query('begin');
    await holder.query('update contacts set flow_state = flow_state where id = $1', [chat.contactId]);
    p.clock.advance(60_000);
    const timerDone = p.settle();
    await untilWaiting(1);
    const sent = customerSays(p, chat, 'still there?').then(
      () => 'sent',
      (e: Error) => `failed: ${e.name} ${e.message}`,
    );
    await untilWaiting(2);
    await holder.query('commit');

    await timerDone;
    expect(await sent).toBe('sent');
    const said = await p.deps.db.kysely
      .selectFrom('items')
      .select(['content', 'role'])
      .where('chat_id', '=', chat.contactId)
      .where('type', '=', 'MESSAGE')
      .orderBy('seq')
      .execute();
    expect(said.map((i) => `${i.role}: ${i.content}`)).toEqual(['SYSTEM: expired', 'CUSTOMER: still there?']);
  });
});
