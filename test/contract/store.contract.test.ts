import crypto from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endChat } from '../../src/app/chat/end-chat.js';
import { MIGRATION_NAMES } from '../../src/adapters/store/migrations/index.js';
import { SimulatedClock } from '../../src/adapters/clock/simulated-clock.js';
import type { Db, Tx } from '../../src/adapters/store/db.js';
import { claimToken, recordResponse, type Claim } from '../../src/adapters/store/idempotency-repo.js';
import { appendItems, itemsAfter } from '../../src/adapters/store/items-repo.js';
import { migrate } from '../../src/adapters/store/migrations/index.js';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { Scheduler } from '../../src/app/timers/scheduler.js';
import type { NewItem } from '../../src/core/chat/items.js';
import { probePostgres, randomSchema, storeFactories, type StoreFixture } from './stores.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const uuid = () => crypto.randomUUID();

/** A bare chat row: what appendItems counts on. */
async function newChat(tx: Tx): Promise<string> {
  const id = uuid();
  await tx
    .insertInto('chats')
    .values({
      id, instance_id: 'i', started_at: T0, deadline_at: T0 + 3_600_000, ended_at: null, last_seq: 0, last_at: 0, attributes: '{}',
      customer_id: null, supported_types: '[]', disconnect_on_customer_exit: '[]', participant_config: null, attachment_count: 0,
      past_chat_id: null, past_until_seq: null, current_contact_id: id,
    })
    .execute();
  return id;
}

const message = (chatId: string, content: string): NewItem => ({
  id: uuid(), contactId: chatId, type: 'MESSAGE', contentType: 'text/plain', content, participantId: 'p', role: 'CUSTOMER',
  displayName: 'Customer', inTranscript: true, attachments: null, metadata: null,
});

const settingExists = (db: Db, key: string) => db.kysely.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst().then(Boolean);

/** The scheduler's claim (as in Scheduler.fire, src/app/timers/scheduler.ts): take the row only if nobody holds an unexpired lease. */
const claimTimer = (db: Db, kind: string, target: string, wall: number) =>
  db
    .write((tx) => tx.updateTable('timers').set({ lease_until: wall + 30_000 }).where('kind', '=', kind).where('target', '=', target).where('lease_until', '<', wall).executeTakeFirst())
    .then((r) => Number(r.numUpdatedRows));

for (const factory of await storeFactories()) {
  describe.skipIf(factory.skip)(`store contract: ${factory.name}`, () => {
    let s: StoreFixture;
    let db: Db;
    /** A second node on the same data where the store has more than one writer (PostgreSQL); else the same handle. */
    let node2: Db;
    beforeAll(async () => {
      s = await factory.create();
      db = s.db;
      node2 = !db.capabilities.singleWriter && s.openAnother ? await s.openAnother() : db;
    });
    afterAll(async () => {
      await s?.dispose();
    });

    it('gives concurrent appends to one chat the sequence 1..N, with no gap or duplicate, and time that never goes back', async () => {
      const chatId = await db.write(newChat);
      // 50 writers, some appending two items, with clocks that disagree (odd writers are behind).
      const writes = Array.from({ length: 50 }, (_, i) => {
        const now = T0 + (i % 2 ? -i * 1000 : i * 10);
        const items = Array.from({ length: i % 5 === 0 ? 2 : 1 }, (_, k) => message(chatId, `m${i}.${k}`));
        return (i % 2 ? node2 : db).write((tx) => appendItems(tx, chatId, items, now));
      });
      const results = await Promise.all(writes);
      const total = results.reduce((n, r) => n + r.length, 0);
      const seqs = results.flat().map((it) => it.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      // One append's items are consecutive and share one time.
      for (const r of results) {
        expect(r.map((it) => it.seq - r[0].seq)).toEqual(r.map((_, k) => k));
        expect(new Set(r.map((it) => it.at)).size).toBe(1);
      }

      const stored = await itemsAfter(db.kysely, chatId, 0);
      expect(stored.map((it) => it.seq)).toEqual(seqs);
      for (const it of stored) expect(typeof it.seq === 'number' && typeof it.at === 'number').toBe(true);
      for (let i = 1; i < stored.length; i++) expect(stored[i].at).toBeGreaterThanOrEqual(stored[i - 1].at);
      expect(stored.at(-1)!.at).toBe(T0 + 48 * 10);
      expect((await itemsAfter(db.kysely, chatId, total - 3)).map((it) => it.seq)).toEqual([total - 2, total - 1, total]);
      const chat = await db.kysely.selectFrom('chats').select(['last_seq', 'last_at']).where('id', '=', chatId).executeTakeFirstOrThrow();
      expect([Number(chat.last_seq), Number(chat.last_at)]).toEqual([total, T0 + 480]);
    });

    it('appends nothing after a chat ends, even from writers racing with the end', async () => {
      const chatId = await db.write(newChat);
      // chat.ended is sent by the chat's SYSTEM participant.
      await db.write((tx) =>
        tx.insertInto('participants').values({ id: uuid(), chat_id: chatId, contact_id: chatId, role: 'SYSTEM', display_name: 'SYSTEM_MESSAGE', token_hash: uuid(), created_at: T0, connected_at: null, left_at: null }).execute(),
      );
      const racing = Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? node2 : db).write((tx) => appendItems(tx, chatId, [message(chatId, `r${i}`)], T0)).then(() => 'written', () => 'refused'),
      );
      const ended = db.write((tx) => endChat(tx, { ids: { uuid, timeUuid: uuid, token: uuid }, bus: { publishAgent: () => undefined }, routing: { wake: () => undefined } }, chatId, 'API', T0));
      const outcomes = await Promise.all(racing);
      const endSeq = await ended;
      // Whatever was written got in before the end; the rest was refused, none after chat.ended.
      const stored = await itemsAfter(db.kysely, chatId, 0);
      expect(stored.at(-1)!.contentType).toBe('application/vnd.amazonaws.connect.event.chat.ended');
      expect(stored.at(-1)!.seq).toBe(endSeq);
      expect(stored.filter((it) => it.type === 'MESSAGE')).toHaveLength(outcomes.filter((o) => o === 'written').length);
      await expect(db.write((tx) => appendItems(tx, chatId, [message(chatId, 'late')], T0))).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    });

    it('gives a ClientToken claimed by many writers at once to exactly one, and the others its response', async () => {
      const scope = `SendMessage:${uuid()}`;
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? node2 : db).write(async (tx): Promise<[number, Claim]> => {
            const claim = await claimToken(tx, scope, 'token-1', 'hash-a', T0);
            if (claim.fresh) await recordResponse(tx, scope, 'token-1', { winner: i });
            return [i, claim];
          }),
        ),
      );
      const winners = claims.filter(([, c]) => c.fresh);
      expect(winners).toHaveLength(1);
      const response = JSON.stringify({ winner: winners[0][0] });
      for (const [, c] of claims.filter(([, c]) => !c.fresh)) expect(c).toEqual({ fresh: false, sameRequest: true, response });

      // The same token with another body is told apart; another scope is unaffected.
      expect(await db.write((tx) => claimToken(tx, scope, 'token-1', 'hash-b', T0))).toEqual({ fresh: false, sameRequest: false, response });
      expect(await db.write((tx) => claimToken(tx, `${scope}x`, 'token-1', 'hash-a', T0))).toEqual({ fresh: true });
    });

    it('shows a repeat the claim without a response until the response is recorded', async () => {
      const scope = `StartChatContact:${uuid()}`;
      const first = await Promise.all([db, node2].map((d) => d.write((tx) => claimToken(tx, scope, 't', 'h', T0))));
      expect(first.filter((c) => c.fresh)).toHaveLength(1);
      expect(first.find((c) => !c.fresh)).toEqual({ fresh: false, sameRequest: true, response: null });
      await db.write((tx) => recordResponse(tx, scope, 't', { ContactId: 'c-1' }));
      expect(await node2.write((tx) => claimToken(tx, scope, 't', 'h', T0))).toEqual({ fresh: false, sameRequest: true, response: '{"ContactId":"c-1"}' });
    });

    it('rolls back a failing write alone; its neighbours commit and the chat counter keeps no gap', async () => {
      const chatId = await db.write(newChat);
      const key = `k-${uuid()}`;
      await db.write((tx) => tx.insertInto('settings').values({ key, value: 'taken' }).execute());
      const boom = new Error('boom');
      // Started together, so that SQLite's group committer puts them in one transaction.
      const outcomes = await Promise.allSettled([
        db.write((tx) => appendItems(tx, chatId, [message(chatId, 'a')], T0)),
        db.write(async (tx) => {
          await appendItems(tx, chatId, [message(chatId, 'doomed')], T0 + 5000);
          await tx.insertInto('settings').values({ key: `${key}-doomed`, value: 'x' }).execute();
          throw boom;
        }),
        db.write((tx) => tx.insertInto('settings').values({ key, value: 'duplicate' }).execute()),
        db.write((tx) => appendItems(tx, chatId, [message(chatId, 'b')], T0)),
        db.write((tx) => tx.insertInto('settings').values({ key: `${key}-ok`, value: 'y' }).execute()),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBe(boom);
      expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/unique|duplicate/i);

      const items = await itemsAfter(db.kysely, chatId, 0);
      // The doomed append's seq and later time were rolled back with it (PostgreSQL may order a and b either way).
      expect(items.map((it) => it.seq)).toEqual([1, 2]);
      expect(items.map((it) => it.content).sort()).toEqual(['a', 'b']);
      expect(items.map((it) => it.at)).toEqual([T0, T0]);
      expect(await settingExists(db, `${key}-doomed`)).toBe(false);
      expect(await settingExists(db, `${key}-ok`)).toBe(true);
      expect((await db.kysely.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow()).value).toBe('taken');
    });

    // An in-memory database has no other connection to look through.
    it.skipIf(!factory.shared)('makes a write visible to other connections when, and only when, its promise resolves', async () => {
      // A connection of the test's own; synchronous for SQLite, so it reads at the exact moment a promise settles.
      const other = s.sqliteFile ? new SqliteDatabase(s.sqliteFile, { readonly: true }) : null;
      const reader = other ? null : await s.openAnother!();
      const seenByOther = async (key: string) =>
        other ? other.prepare('select 1 from settings where key = ?').get(key) !== undefined : await settingExists(reader!, key);
      const keys = Array.from({ length: 8 }, () => `v-${uuid()}`);
      const insideBefore: boolean[] = [];
      const afterResolve = await Promise.all(
        keys.map((key) =>
          db
            .write(async (tx) => {
              await tx.insertInto('settings').values({ key, value: '1' }).execute();
              insideBefore.push(await seenByOther(key));
            })
            .then(() => seenByOther(key)),
        ),
      );
      other?.close();
      await reader?.close();
      expect(insideBefore).toEqual(keys.map(() => false));
      expect(afterResolve).toEqual(keys.map(() => true));
    });

    it('runs its migrations again without error or loss, also from another handle', async () => {
      await db.write((tx) => tx.insertInto('settings').values({ key: 'before-migrate', value: 'kept' }).execute());
      await migrate(db.kysely as never);
      if (s.openAnother) await (await s.openAnother()).close();
      expect(await settingExists(db, 'before-migrate')).toBe(true);
      const applied = await db.kysely.selectFrom('kysely_migration' as never).select('name' as never).execute();
      expect(applied).toEqual(MIGRATION_NAMES.map((name) => ({ name })));
    });

    it('lets exactly one of two concurrent claimers take a due timer, and another take it once the lease runs out', async () => {
      const wall = Date.now();
      const targets = Array.from({ length: 20 }, () => uuid());
      await db.write((tx) => tx.insertInto('timers').values(targets.map((target) => ({ kind: 'contract', target, due_at: T0, lease_until: 0 }))).execute());
      const won = await Promise.all(targets.map((t) => Promise.all([claimTimer(db, 'contract', t, wall), claimTimer(node2, 'contract', t, wall)])));
      for (const pair of won) expect(pair[0] + pair[1]).toBe(1);
      // Within the lease nobody else takes it; past it, one retry does.
      expect(await claimTimer(node2, 'contract', targets[0], wall + 29_000)).toBe(0);
      expect(await Promise.all([claimTimer(db, 'contract', targets[0], wall + 31_000), claimTimer(node2, 'contract', targets[0], wall + 31_000)]).then(([a, b]) => a + b)).toBe(1);
    });

    it('fires a due timer once when two schedulers share the store', async () => {
      const clock = new SimulatedClock(T0);
      const target = uuid();
      const fired: string[] = [];
      const handler = async (t: string) => void (t === target && fired.push(t));
      const errors: unknown[] = [];
      const schedulers = [db, node2].map((d) => new Scheduler(d, clock, { 'contract-once': handler }, (e) => errors.push(e)));
      await db.write((tx) => tx.insertInto('timers').values({ kind: 'contract-once', target, due_at: T0 + 60_000, lease_until: 0 }).execute());
      clock.advance(60_000);
      await Promise.all(schedulers.map((sch) => sch.idle()));
      await Promise.all(schedulers.map((sch) => sch.stop()));
      expect(errors).toEqual([]);
      expect(fired).toEqual([target]);
      expect(await db.kysely.selectFrom('timers').select('target').where('target', '=', target).execute()).toEqual([]);
    });
  });
}

// First starts on PostgreSQL: several nodes at once, and schemas side by side in one database.
const pgProbe = await probePostgres();
describe.skipIf(pgProbe.reason !== null && process.env.CI !== 'true')('store contract: PostgreSQL, first start of several nodes', () => {
  it('migrates an empty schema once when two nodes open it at the same time', async () => {
    if (!pgProbe.url) throw new Error(pgProbe.reason ?? 'PostgreSQL unavailable');
    const url = pgProbe.url;
    const schema = randomSchema();
    try {
      const nodes = await Promise.all([openPostgres({ url, schema }), openPostgres({ url, schema })]);
      await nodes[0].write((tx) => tx.insertInto('settings').values({ key: 'k', value: 'v' }).execute());
      expect(await settingExists(nodes[1], 'k')).toBe(true);
      const applied = await nodes[1].kysely.selectFrom('kysely_migration' as never).select('name' as never).execute();
      expect(applied).toEqual(MIGRATION_NAMES.map((name) => ({ name })));
      await Promise.all(nodes.map((n) => n.close()));
    } finally {
      await dropSchema(url, schema);
    }
  });

  it('migrates a new schema while another schema of the same database is already migrated', async () => {
    if (!pgProbe.url) throw new Error(pgProbe.reason ?? 'PostgreSQL unavailable');
    const url = pgProbe.url;
    const [first, second] = [randomSchema(), randomSchema()];
    try {
      const a = await openPostgres({ url, schema: first });
      const b = await openPostgres({ url, schema: second });
      await b.write((tx) => tx.insertInto('settings').values({ key: 'only-in-b', value: 'v' }).execute());
      expect([await settingExists(a, 'only-in-b'), await settingExists(b, 'only-in-b')]).toEqual([false, true]);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await Promise.all([dropSchema(url, first), dropSchema(url, second)]);
    }
  });
});
