import { DeleteContactFlowCommand, DescribeContactFlowCommand, UpdateContactFlowContentCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { createFlow, flowOf, flowTexts, hangUp, say, waitFor } from './kit.js';

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

/** Greets, waits a minute, says it is done and queues the chat (which stays open): each text tagged with the version. */
const waiting = (tag: string) =>
  flowOf(
    say('hi', `${tag} hello`, 'wait'),
    waitFor('wait', 60, 'end'),
    say('end', `${tag} done`, 'queue'),
    { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: 'BasicQueue' }, Transitions: { NextAction: 'transfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
    { Identifier: 'transfer', Type: 'TransferContactToQueue', Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
    hangUp(),
  );

const versionsOf = async (flowId: string) =>
  (await p.deps.db.kysely.selectFrom('flow_versions').select(['version', 'content']).where('flow_id', '=', flowId).orderBy('version').execute()).map((r) => [
    Number(r.version),
    r.content,
  ]);

describe('flow versions', () => {
  it('every content update is a new version; a chat already in the flow finishes on the version it started on', async () => {
    const f = await createFlow(p, waiting('v1'));
    const before = await startChat(p, { ContactFlowId: f.id });
    expect(await flowTexts(p, before.connectionToken)).toEqual(['v1 hello']);

    const v2 = JSON.stringify(waiting('v2'));
    await p.connect.send(new UpdateContactFlowContentCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: f.arn, Content: v2 }));
    expect(await versionsOf(f.id)).toEqual([
      [1, JSON.stringify(waiting('v1'))],
      [2, v2],
    ]);
    expect((await p.connect.send(new DescribeContactFlowCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: f.id }))).ContactFlow!.Content).toBe(v2);

    const after = await startChat(p, { ContactFlowId: f.id });
    expect(await flowTexts(p, after.connectionToken)).toEqual(['v2 hello']);
    p.clock.advance(60_000);
    await p.settle();
    expect(await flowTexts(p, before.connectionToken)).toEqual(['v1 hello', 'v1 done']);
    expect(await flowTexts(p, after.connectionToken)).toEqual(['v2 hello', 'v2 done']);
  });

  it('a chat in a flow that is deleted finishes on its version; the versions stay', async () => {
    const f = await createFlow(p, waiting('kept'));
    const chat = await startChat(p, { ContactFlowId: f.id });
    await p.connect.send(new DeleteContactFlowCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: f.id }));
    p.clock.advance(60_000);
    await p.settle();
    expect(await flowTexts(p, chat.connectionToken)).toEqual(['kept hello', 'kept done']);
    expect(await versionsOf(f.id)).toHaveLength(1);
  });
});
