import { CreateQueueCommand, StartChatContactCommand, UpdateQueueNameCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, chatOn, insertFlow, park, say, systemMessage } from '../../../test/flows-runtime/kit.js';
import type { TestParley } from '../../../test/helpers/parley.js';
import { TEST_STORES } from '../../../test/helpers/stores.js';
import { learnLookups, lookupKey, type Lookup } from '../flows/read-ahead.js';
import { readStart } from './start-at-once.js';

/**
 * A chat start on every store (PostgreSQL reads the instance and flow, claims the ClientToken and
 * reads the flow's lookups ahead in one statement: start-at-once.ts): what it decides is what a
 * lookup made when the flow runs decides, and a ClientToken is claimed only by a start that
 * succeeds.
 */
for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`a chat start's first reads (${store.name})`, () => {
    let p: TestParley;
    beforeAll(async () => {
      p = await store.start();
    });
    afterAll(async () => {
      await p?.stop();
    });

    const start = (o: { ClientToken?: string; ContactFlowId?: string; InstanceId?: string; DisplayName?: string } = {}) =>
      p.connect.send(
        new StartChatContactCommand({
          InstanceId: o.InstanceId ?? p.seeded.instanceId,
          ContactFlowId: o.ContactFlowId ?? p.seeded.inboundFlowId,
          ParticipantDetails: { DisplayName: o.DisplayName ?? 'Customer' },
          ClientToken: o.ClientToken,
        }),
      );
    const failure = (call: Promise<unknown>) =>
      call.then(
        () => 'no error',
        (e: { name: string }) => e.name,
      );

    it("answers a flow's queue lookup from the queue as it is when the chat starts, not as an earlier start found it", async () => {
      const InstanceId = p.seeded.instanceId;
      const queueId = (await p.connect.send(new CreateQueueCommand({ InstanceId, Name: 'ahead-queue', HoursOfOperationId: p.seeded.basicHoursId }))).QueueId!;
      const flowId = await insertFlow(p, [
        act('queue', 'UpdateContactTargetQueue', { QueueId: 'ahead-queue' }, { next: 'found', errors: { NoMatchingError: 'missing' } }),
        say('found', 'found [$.Queue.Name]', 'park'),
        say('missing', 'no such queue', 'park'),
        park(),
      ]);
      const expectSays = async (text: string) => systemMessage((await chatOn(p, flowId)).socket, text);
      await expectSays('found [ahead-queue]');
      await expectSays('found [ahead-queue]');
      await p.connect.send(new UpdateQueueNameCommand({ InstanceId, QueueId: queueId, Name: 'renamed' }));
      await expectSays('no such queue');
      await p.connect.send(new UpdateQueueNameCommand({ InstanceId, QueueId: queueId, Name: 'ahead-queue' }));
      await expectSays('found [ahead-queue]');
    });

    it('claims a ClientToken only for a start that succeeds, answers a retry with the first answer, and refuses it for another request', async () => {
      expect(await failure(start({ ClientToken: 'first-reads-1', ContactFlowId: 'no-such-flow' }))).toBe('ResourceNotFoundException');
      expect(await failure(start({ ClientToken: 'first-reads-1', InstanceId: 'no-such-instance' }))).toBe('ResourceNotFoundException');
      const claims = await p.deps.db.kysely.selectFrom('idempotency').select('scope').where('client_token', '=', 'first-reads-1').execute();
      expect(claims).toEqual([]);

      const first = await start({ ClientToken: 'first-reads-1' });
      const again = await start({ ClientToken: 'first-reads-1' });
      expect(again).toMatchObject({ ContactId: first.ContactId, ParticipantId: first.ParticipantId, ParticipantToken: first.ParticipantToken });
      expect(await failure(start({ ClientToken: 'first-reads-1', DisplayName: 'Someone else' }))).toBe('InvalidRequestException');

      // Two at once with one token: one claims it, the other waits for its commit and replays it.
      const [a, b] = await Promise.all([start({ ClientToken: 'first-reads-2' }), start({ ClientToken: 'first-reads-2' })]);
      expect(b.ContactId).toBe(a.ContactId);
      const chats = await p.deps.db.kysely.selectFrom('chats').select('id').where('id', '=', a.ContactId!).execute();
      expect(chats).toHaveLength(1);
      // Two at once with one token and different requests: one starts, the other is refused.
      const both = await Promise.allSettled([start({ ClientToken: 'first-reads-3' }), start({ ClientToken: 'first-reads-3', DisplayName: 'Someone else' })]);
      expect(both.map((r) => (r.status === 'fulfilled' ? 'started' : (r.reason as Error).name)).sort()).toEqual(['InvalidRequestException', 'started']);
    });

    // Only PostgreSQL reads ahead (a round trip saved); SQLite has nothing to compare.
    if (store.name === 'PostgreSQL')
      it('reads a queue and a flow ahead as the lookups read them, column for column', async () => {
      const instanceId = p.seeded.instanceId;
      const db = p.deps.db.kysely;
      const queue = await db.selectFrom('queues').selectAll().where('id', '=', p.seeded.basicQueueId).executeTakeFirstOrThrow();
      const flow = await db.selectFrom('flows').selectAll().where('id', '=', p.seeded.inboundFlowId).executeTakeFirstOrThrow();
      const lookups: Lookup[] = [
        { kind: 'queue', instanceId, ref: queue.name },
        { kind: 'flow', instanceId, ref: flow.id, type: flow.type },
        { kind: 'flow', instanceId, ref: flow.name, type: null },
        { kind: 'flow', instanceId, ref: flow.name, type: 'CUSTOMER_QUEUE' },
      ];
      learnLookups('some-flow', lookups);
      const key = { scope: 'test', token: undefined, requestHash: '', now: 0 };
      const reads = await p.deps.db.write((tx) => readStart(tx, { instanceId, flowId: 'some-flow', key, early: undefined, claim: 'at-commit' }));
      expect(reads.claimed).toBeUndefined();
      expect(reads.row).toMatchObject({ id: instanceId, flow_id: null });
      expect(lookups.map((l) => reads.ahead.get(lookupKey(l)))).toEqual([queue, flow, flow, null]);
    });
  });
}
