import { randomUUID } from 'node:crypto';
import { DescribeContactCommand } from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand } from '@aws-sdk/client-connectparticipant';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { BASIC_HOURS_NAME, seed } from '../../src/app/admin/seed.js';
import type { HoursConfig, HoursOverride } from '../../src/core/routing/hours.js';
import { IN_CI, probePostgres, randomSchema } from '../contract/stores.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { flowLogs } from '../scenario/kit.js';
import { act, chatOn, insertFlow, park, say, systemMessage } from './kit.js';

/*
 * CheckHoursOfOperation and QueueAtCapacity on real chats, against hours and queues written to
 * the store (the HoursOfOperation and Queue APIs come later). The simulated clock starts on
 * Monday 2 November 2026, 09:00 UTC (04:00 in New York, EST).
 */

const pg = await probePostgres();
const skipPostgres = pg.reason !== null && !IN_CI;
if (skipPostgres) console.warn(`[hours-and-capacity] skipping the PostgreSQL test: ${pg.reason}`);

let p: TestParley;
beforeEach(async () => {
  p = await startTestParley();
});
afterEach(async () => {
  await p.stop();
});

const hm = (h: number, m = 0) => ({ Hours: h, Minutes: m });
const NY_OFFICE: HoursConfig[] = (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((Day) => ({ Day, StartTime: hm(9), EndTime: hm(17) }));
const ALWAYS: HoursConfig[] = (['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const).map((Day) => ({ Day, StartTime: hm(0), EndTime: hm(0) }));

async function insertHours(timeZone: string, config: HoursConfig[], overrides: HoursOverride[] = []): Promise<{ id: string; name: string }> {
  const id = randomUUID();
  const name = `Hours ${id}`;
  const now = p.clock.now();
  await p.deps.db.write((tx) =>
    tx
      .insertInto('hours_of_operation')
      .values({ id, instance_id: p.seeded.instanceId, name, description: '', time_zone: timeZone, config: JSON.stringify(config), overrides: JSON.stringify(overrides), created_at: now, updated_at: now })
      .execute(),
  );
  return { id, name };
}

async function insertQueue(opts: { hoursId?: string; maxContacts?: number } = {}): Promise<string> {
  const id = randomUUID();
  await p.deps.db.write((tx) =>
    tx
      .insertInto('queues')
      .values({ id, instance_id: p.seeded.instanceId, name: `Queue ${id}`, description: '', created_at: p.clock.now(), hours_of_operation_id: opts.hoursId ?? null, max_contacts: opts.maxContacts ?? null })
      .execute(),
  );
  return id;
}

/** A flow that sets the working queue (when given), checks hours and says which branch it took. */
const checkFlow = (queueId: string | null, parameters: Record<string, unknown> = {}) =>
  insertFlow(p, [
    act('logs', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, { next: queueId ? 'queue' : 'check' }),
    act('queue', 'UpdateContactTargetQueue', { QueueId: queueId ?? 'unused' }, { next: 'check', errors: { NoMatchingError: 'error' } }),
    act('check', 'CheckHoursOfOperation', parameters, { next: 'error', errors: { NoMatchingError: 'error' }, conditions: { True: 'open', False: 'closed' } }),
    say('open', 'open', 'park'),
    say('closed', 'closed', 'park'),
    say('error', 'error', 'park'),
    park(),
  ]);

/** The branch a new chat on the flow takes now. */
async function branchNow(flowId: string): Promise<{ branch: string; contactId: string }> {
  const { chat, socket } = await chatOn(p, flowId);
  const item = await systemMessage(socket, /^(open|closed|error)$/);
  socket.close();
  return { branch: String(item.Content), contactId: chat.contactId };
}

const setClock = async (iso: string) => {
  p.clock.set(Date.parse(iso));
  await p.settle();
};

describe('CheckHoursOfOperation', () => {
  it("checks the working queue's hours in their time zone: False before 09:00 New York time, True from 09:00, False from 17:00", async () => {
    const hours = await insertHours('America/New_York', NY_OFFICE);
    const flowId = await checkFlow(await insertQueue({ hoursId: hours.id }));
    expect((await branchNow(flowId)).branch).toBe('closed'); // 04:00 EST
    await setClock('2026-11-02T14:00:00Z'); // 09:00 EST
    const open = await branchNow(flowId);
    expect(open.branch).toBe('open');
    await setClock('2026-11-02T21:59:00Z'); // 16:59 EST
    expect((await branchNow(flowId)).branch).toBe('open');
    await setClock('2026-11-02T22:00:00Z'); // 17:00 EST
    const closed = await branchNow(flowId);
    expect(closed.branch).toBe('closed');
    await setClock('2026-11-07T15:00:00Z'); // Saturday, 10:00 EST
    expect((await branchNow(flowId)).branch).toBe('closed');
    // The flow log shows the block's result, as Connect's does.
    const check = async (contactId: string) => (await flowLogs(p, contactId)).find((l) => l.Type === 'CheckHoursOfOperation');
    expect((await check(open.contactId))?.Results).toBe('True');
    expect((await check(closed.contactId))?.Results).toBe('False');
  });

  it('checks the hours named by HoursOfOperationId, by id, ARN or name, instead of the queue', async () => {
    const closedNow = await insertHours('America/New_York', NY_OFFICE);
    const always = await insertHours('UTC', ALWAYS);
    const queueId = await insertQueue({ hoursId: always.id });
    const { region, accountId } = p.deps.config;
    const arn = `arn:aws:connect:${region}:${accountId}:instance/${p.seeded.instanceId}/operating-hours/${closedNow.id}`;
    for (const ref of [closedNow.id, arn, closedNow.name]) expect((await branchNow(await checkFlow(queueId, { HoursOfOperationId: ref }))).branch).toBe('closed');
    expect((await branchNow(await checkFlow(queueId))).branch).toBe('open');
    // Without a working queue the named hours are enough; a reference from an attribute too.
    const fromAttribute = await checkFlow(null, { HoursOfOperationId: '$.Attributes.hours' });
    const { socket } = await chatOn(p, fromAttribute, { Attributes: { hours: always.name } });
    await systemMessage(socket, 'open');
    socket.close();
  });

  it('takes the error branch for hours the instance does not have, and with neither a working queue nor HoursOfOperationId', async () => {
    const unknown = await branchNow(await checkFlow(await insertQueue(), { HoursOfOperationId: 'no-such-hours' }));
    expect(unknown.branch).toBe('error');
    const logged = (await flowLogs(p, unknown.contactId)).find((l) => l.Type === 'CheckHoursOfOperation');
    expect(logged).toMatchObject({ Error: 'NoMatchingError', ErrorDetail: expect.stringContaining('no-such-hours') });
    expect((await branchNow(await checkFlow(null))).branch).toBe('error');
  });

  it("uses the seeded BasicQueue's Basic Hours: open at any hour of any day", async () => {
    const queue = await p.deps.db.kysely.selectFrom('queues').select('hours_of_operation_id').where('id', '=', p.seeded.basicQueueId).executeTakeFirstOrThrow();
    expect(queue.hours_of_operation_id).toBe(p.seeded.basicHoursId);
    const flowId = await checkFlow(p.seeded.basicQueueId);
    expect((await branchNow(flowId)).branch).toBe('open');
    await setClock('2026-11-08T03:00:00Z'); // Sunday night
    expect((await branchNow(flowId)).branch).toBe('open');
  });

  it('follows an override that closes a holiday, and opens again the day after', async () => {
    const thanksgiving: HoursOverride = { Name: 'Thanksgiving', Config: [], EffectiveFrom: '2026-11-26', EffectiveTill: '2026-11-26' };
    const hours = await insertHours('America/New_York', ALWAYS, [thanksgiving]);
    const flowId = await checkFlow(await insertQueue({ hoursId: hours.id }));
    await setClock('2026-11-26T04:59:00Z'); // 25 November, 23:59 EST
    expect((await branchNow(flowId)).branch).toBe('open');
    await setClock('2026-11-26T17:00:00Z');
    expect((await branchNow(flowId)).branch).toBe('closed');
    await setClock('2026-11-27T05:00:00Z'); // 27 November, 00:00 EST
    expect((await branchNow(flowId)).branch).toBe('open');
  });
});

/** An inbound flow that queues the contact in `queueId`, saying so when the queue is full. */
const transferFlow = (queueId: string) =>
  insertFlow(p, [
    act('queue', 'UpdateContactTargetQueue', { QueueId: queueId }, { next: 'transfer', errors: { NoMatchingError: 'error' } }),
    act('transfer', 'TransferContactToQueue', {}, { next: 'error', errors: { QueueAtCapacity: 'full', NoMatchingError: 'error' } }),
    say('full', 'queue full', 'park'),
    say('error', 'error', 'park'),
    park(),
  ]);
const queueOf = async (contactId: string) => (await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: contactId }))).Contact?.QueueInfo?.Id;

/** Chats started all at once into a queue with `max` places: exactly `max` get in, the others take the QueueAtCapacity branch. */
async function fillAtOnce(n: number, max: number) {
  const queueId = await insertQueue({ maxContacts: max });
  const flowId = await transferFlow(queueId);
  const chats = await Promise.all(Array.from({ length: n }, () => chatOn(p, flowId)));
  const queues = await Promise.all(chats.map((c) => queueOf(c.chat.contactId)));
  expect(queues.filter((q) => q === queueId).length).toBe(max);
  expect(queues.filter((q) => q !== queueId)).toEqual(Array.from({ length: n - max }, () => undefined));
  // Every customer left out was told so.
  await Promise.all(chats.filter((_, i) => queues[i] === undefined).map((c) => systemMessage(c.socket, 'queue full')));
  for (const c of chats) c.socket.close();
}

describe('QueueAtCapacity', () => {
  it('lets exactly the maximum in when chats start at once (SQLite)', async () => {
    await fillAtOnce(6, 2);
  });

  it('takes its branch when the queue has its maximum of contacts queued; the contact stays out of the queue, and gets in once a place frees', async () => {
    const queueId = await insertQueue({ maxContacts: 2 });
    const flowId = await transferFlow(queueId);
    const first = await chatOn(p, flowId);
    const second = await chatOn(p, flowId);
    expect([await queueOf(first.chat.contactId), await queueOf(second.chat.contactId)]).toEqual([queueId, queueId]);
    const third = await chatOn(p, flowId);
    await systemMessage(third.socket, 'queue full');
    expect(await queueOf(third.chat.contactId)).toBeUndefined();
    const row = await p.deps.db.kysely.selectFrom('contacts').select(['state', 'queue_id', 'enqueued_at']).where('id', '=', third.chat.contactId).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'IN_FLOW', queue_id: null, enqueued_at: null });
    // The first customer leaves: their contact ends and the next chat gets the place.
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: first.chat.connectionToken }));
    const fourth = await chatOn(p, flowId);
    expect(await queueOf(fourth.chat.contactId)).toBe(queueId);
    expect(fourth.socket.items().some((i) => i.Content === 'queue full')).toBe(false);
    for (const c of [first, second, third, fourth]) c.socket.close();
  });

  it('never happens on a queue without a maximum', async () => {
    const queueId = await insertQueue();
    const flowId = await transferFlow(queueId);
    const chats = [];
    for (let i = 0; i < 5; i++) chats.push(await chatOn(p, flowId));
    expect(await Promise.all(chats.map((c) => queueOf(c.chat.contactId)))).toEqual(chats.map(() => queueId));
    for (const c of chats) c.socket.close();
  });

  it('without a QueueAtCapacity branch, a full queue takes the NoMatchingError branch', async () => {
    const queueId = await insertQueue({ maxContacts: 0 });
    const flowId = await insertFlow(p, [
      act('queue', 'UpdateContactTargetQueue', { QueueId: queueId }, { next: 'transfer' }),
      act('transfer', 'TransferContactToQueue', {}, { next: 'error', errors: { NoMatchingError: 'error' } }),
      say('error', 'error', 'park'),
      park(),
    ]);
    const { chat, socket } = await chatOn(p, flowId);
    await systemMessage(socket, 'error');
    expect(await queueOf(chat.contactId)).toBeUndefined();
    socket.close();
  });

  it('in the customer queue flow, a move into a full queue leaves the contact in its queue', async () => {
    const fullId = await insertQueue({ maxContacts: 1 });
    const occupant = await chatOn(p, await transferFlow(fullId));
    const startId = await insertQueue();
    const queueFlowId = await insertFlow(
      p,
      [
        act('move', 'DequeueContactAndTransferToQueue', { QueueId: fullId }, { next: 'moved', errors: { QueueAtCapacity: 'full', NoMatchingError: 'error' } }),
        say('moved', 'moved', 'park'),
        say('full', 'queue full', 'park'),
        say('error', 'error', 'park'),
        park(),
      ],
      { type: 'CUSTOMER_QUEUE' },
    );
    const inboundId = await insertFlow(p, [
      act('hook', 'UpdateContactEventHooks', { EventHooks: { CustomerQueue: queueFlowId } }, { next: 'queue' }),
      act('queue', 'UpdateContactTargetQueue', { QueueId: startId }, { next: 'transfer' }),
      act('transfer', 'TransferContactToQueue', {}, {}),
    ]);
    const { chat, socket } = await chatOn(p, inboundId);
    await systemMessage(socket, 'queue full');
    expect(await queueOf(chat.contactId)).toBe(startId);
    expect(await queueOf(occupant.chat.contactId)).toBe(fullId);
    socket.close();
    occupant.socket.close();
  });
});

describe('the seeded Basic Hours', () => {
  const reseed = () => seed(p.deps.db, p.deps.ids, p.deps.config, p.clock.now());
  const basicHours = () => p.deps.db.kysely.selectFrom('hours_of_operation').selectAll().where('name', '=', BASIC_HOURS_NAME).execute();
  const basicQueueHours = async () =>
    (await p.deps.db.kysely.selectFrom('queues').select('hours_of_operation_id').where('id', '=', p.seeded.basicQueueId).executeTakeFirstOrThrow()).hours_of_operation_id;

  it("are Connect's default: every day 00:00 to 00:00 in UTC, seeded once however often and concurrently the store is seeded", async () => {
    const again = await Promise.all([reseed(), reseed()]);
    expect(again.map((s) => s.basicHoursId)).toEqual([p.seeded.basicHoursId, p.seeded.basicHoursId]);
    const rows = await basicHours();
    expect(rows.map((r) => [r.id, r.instance_id, r.time_zone])).toEqual([[p.seeded.basicHoursId, p.seeded.instanceId, 'UTC']]);
    expect(JSON.parse(rows[0].config)).toEqual(ALWAYS);
    expect(await basicQueueHours()).toBe(p.seeded.basicHoursId);
  });

  it('are added to a data dir from before hours existed and given to its BasicQueue; hours the user gave BasicQueue are left alone', async () => {
    await p.deps.db.write(async (tx) => {
      await tx.updateTable('queues').set({ hours_of_operation_id: null }).where('id', '=', p.seeded.basicQueueId).execute();
      await tx.deleteFrom('hours_of_operation').where('id', '=', p.seeded.basicHoursId).execute();
    });
    expect((await reseed()).basicHoursId).toBe(p.seeded.basicHoursId);
    expect((await basicHours()).map((r) => r.id)).toEqual([p.seeded.basicHoursId]);
    expect(await basicQueueHours()).toBe(p.seeded.basicHoursId);
    const own = await insertHours('Europe/Berlin', NY_OFFICE);
    await p.deps.db.write((tx) => tx.updateTable('queues').set({ hours_of_operation_id: own.id }).where('id', '=', p.seeded.basicQueueId).execute());
    await reseed();
    expect(await basicQueueHours()).toBe(own.id);
  });
});

describe.skipIf(skipPostgres)('QueueAtCapacity on PostgreSQL', () => {
  it('lets exactly the maximum in when chats start at once, each start its own transaction', async () => {
    if (!pg.url) throw new Error(pg.reason ?? 'PostgreSQL unavailable');
    const schema = randomSchema();
    const sqlite = p;
    let node: TestParley | null = null;
    try {
      p = node = await startTestParley({ db: await openPostgres({ url: pg.url, schema }) });
      await fillAtOnce(8, 3);
    } finally {
      p = sqlite;
      await node?.stop();
      await dropSchema(pg.url, schema);
    }
  });
});
