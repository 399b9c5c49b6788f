import { CreateContactFlowCommand, StartChatContactCommand, StopContactCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../../test/helpers/parley.js';
import { snapshotStore } from '../../../test/helpers/store-snapshot.js';
import { TEST_STORES } from '../../../test/helpers/stores.js';
import { activeChatsOf } from './chat-quota.js';

const LIMIT = 2;
let p: TestParley;
let hangUpFlowId: string;
beforeAll(async () => {
  p = await startTestParley({ env: { PARLEY_MAX_ACTIVE_CHATS: String(LIMIT) } });
  // A flow that ends the chat at once (an after-hours flow does this after a message).
  const flow = await p.connect.send(
    new CreateContactFlowCommand({
      InstanceId: p.seeded.instanceId,
      Name: 'hang up at once',
      Type: 'CONTACT_FLOW',
      Content: JSON.stringify({ Version: '2019-10-30', StartAction: 'bye', Actions: [{ Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }] }),
    }),
  );
  hangUpFlowId = flow.ContactFlowId!;
});
afterAll(async () => {
  await p.stop();
});

const start = (ClientToken?: string, ContactFlowId = p.seeded.inboundFlowId) =>
  p.connect.send(new StartChatContactCommand({ InstanceId: p.seeded.instanceId, ContactFlowId, ParticipantDetails: { DisplayName: 'Customer' }, ClientToken }));
const stop = (ContactId: string) => p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId }));
const failure = (call: Promise<unknown>) =>
  call.then(
    () => ({ name: 'no error', status: 200 }),
    (e: { name: string; $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, status: e.$metadata?.httpStatusCode }),
  );
const countOf = async (p: TestParley) => Number((await activeChatsOf(p.deps.db.kysely).where('id', '=', p.seeded.instanceId).executeTakeFirstOrThrow()).active_chats);
const activeChats = () => countOf(p);

describe('PARLEY_MAX_ACTIVE_CHATS', () => {
  it('refuses a chat beyond the limit with LimitExceededException, changing nothing; a retry of an earlier ClientToken still gets its answer; a chat that ends frees its place', async () => {
    const a = await start('quota-a');
    await start('quota-b');
    expect(await activeChats()).toBe(LIMIT);
    const before = await snapshotStore(p);
    expect(await failure(start('quota-c'))).toEqual({ name: 'LimitExceededException', status: 429 });
    // A flow that would end the chat at once is refused as well: the limit is checked for every start.
    expect(await failure(start('quota-d', hangUpFlowId))).toEqual({ name: 'LimitExceededException', status: 429 });
    expect(await snapshotStore(p)).toEqual(before);
    // The SDK retries a 429 with the same ClientToken: idempotency is checked before the quota.
    expect((await start('quota-a')).ContactId).toBe(a.ContactId);

    await stop(a.ContactId!);
    expect(await activeChats()).toBe(LIMIT - 1);
    const c = await start('quota-c');
    expect(c.ContactId).toBeTruthy();
    expect(await activeChats()).toBe(LIMIT);
  });

  it('does not count a chat that its flow ends during StartChatContact, from any count (no leak, no underflow)', async () => {
    const chats = await p.deps.db.kysely.selectFrom('chats').select('id').where('ended_at', 'is', null).execute();
    for (const c of chats) await stop(c.id);
    expect(await activeChats()).toBe(0);
    for (let i = 0; i < 3; i++) await start(undefined, hangUpFlowId);
    expect(await activeChats()).toBe(0);
    const live = await start();
    for (let i = 0; i < 3; i++) await start(undefined, hangUpFlowId);
    expect(await activeChats()).toBe(1);
    await stop(live.ContactId!);
    expect(await activeChats()).toBe(0);
  });
});

const HANG_UP = JSON.stringify({ Version: '2019-10-30', StartAction: 'bye', Actions: [{ Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }] });

for (const store of TEST_STORES) {
  // Without a limit, starts on PostgreSQL count in shards (chat-quota.ts) rather than on the instance row.
  describe.skipIf(store.skip)(`the active chat count without a limit (${store.name})`, () => {
    let q: TestParley;
    beforeAll(async () => {
      q = await store.start();
    });
    afterAll(async () => {
      await q?.stop();
    });

    it('counts concurrent starts, none twice, and takes off chats that ended, during their start or later', async () => {
      const { instanceId, inboundFlowId } = q.seeded;
      const hangUp = (await q.connect.send(new CreateContactFlowCommand({ InstanceId: instanceId, Name: 'hang up', Type: 'CONTACT_FLOW', Content: HANG_UP }))).ContactFlowId!;
      const startOn = (ContactFlowId: string) =>
        q.connect.send(new StartChatContactCommand({ InstanceId: instanceId, ContactFlowId, ParticipantDetails: { DisplayName: 'Customer' } }));
      const before = await countOf(q);
      const started = await Promise.all(Array.from({ length: 24 }, () => startOn(inboundFlowId)));
      await Promise.all(Array.from({ length: 4 }, () => startOn(hangUp)));
      expect(await countOf(q)).toBe(before + 24);
      for (const c of started.slice(0, 10)) await q.connect.send(new StopContactCommand({ InstanceId: instanceId, ContactId: c.ContactId }));
      expect(await countOf(q)).toBe(before + 14);
    });
  });
}
