import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { act, chatOn, insertFlow, park, say, systemMessage } from './kit.js';

/*
 * What a flow reads about its contact is loaded once per run and kept up to date by the blocks
 * that change it: a block reads what the blocks before it in the same run wrote, without a Wait
 * or a function call between them.
 */

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

describe('contact data within one run', () => {
  it('a block reads the attributes, working queue, name, description and customer id set just before', async () => {
    const queue = await p.deps.db.kysely.selectFrom('queues').select('name').where('id', '=', p.seeded.basicQueueId).executeTakeFirstOrThrow();
    const flowId = await insertFlow(p, [
      say('before', 'before: [$.Name] [$.Queue.Name] [$.Attributes.tier]', 'attrs'),
      act('attrs', 'UpdateContactAttributes', { Attributes: { tier: 'gold' }, TargetContact: 'Current' }, { next: 'queue', errors: { NoMatchingError: 'error' } }),
      act('queue', 'UpdateContactTargetQueue', { QueueId: p.seeded.basicQueueId }, { next: 'data', errors: { NoMatchingError: 'error' } }),
      act('data', 'UpdateContactData', { Name: 'Refund for $.Attributes.tier', Description: 'Wants money back', CustomerId: 'cust-9' }, { next: 'after', errors: { NoMatchingError: 'error' } }),
      say('after', 'after: [$.Name] [$.Description] [$.CustomerId] [$.Queue.Name] [$.Attributes.tier]', 'park'),
      say('error', 'error branch', 'park'),
      park(),
    ]);
    const { socket } = await chatOn(p, flowId);
    await systemMessage(socket, 'before: [] [] []');
    await systemMessage(socket, `after: [Refund for gold] [Wants money back] [cust-9] [${queue.name}] [gold]`);
  });
});
