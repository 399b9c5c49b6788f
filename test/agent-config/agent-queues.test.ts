import { DeleteUserCommand, ListQueuesCommand, type QueueSummary } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { queue, user } from './kit.js';

/* ListQueues shows one AGENT queue per user (its id is the user's), after the STANDARD ones. */

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
  await queue(p, 'Sales');
});
afterAll(async () => {
  await p.stop();
});

const InstanceId = () => p.seeded.instanceId;

/** Every page of ListQueues with this filter and page size. */
async function allQueues(QueueTypes: ('STANDARD' | 'AGENT')[] | undefined, MaxResults: number): Promise<QueueSummary[]> {
  const out: QueueSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await p.connect.send(new ListQueuesCommand({ InstanceId: InstanceId(), QueueTypes, MaxResults, NextToken }));
    expect(page.QueueSummaryList!.length).toBeLessThanOrEqual(MaxResults);
    out.push(...page.QueueSummaryList!);
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

it('lists an agent queue per user, named after the user, with an agent queue ARN', async () => {
  const agents = await allQueues(['AGENT'], 100);
  const { alice, bob, admin } = p.seeded.demoUsers;
  expect(agents.map((q) => [q.Name, q.Id, q.QueueType])).toEqual([
    ['admin', admin.id, 'AGENT'],
    ['alice', alice.id, 'AGENT'],
    ['bob', bob.id, 'AGENT'],
  ]);
  const { region, accountId } = p.deps.config;
  expect(agents[1].Arn).toBe(`arn:aws:connect:${region}:${accountId}:instance/${InstanceId()}/queue/agent/${alice.id}`);
});

it('without QueueTypes lists the standard queues then the agent queues, across pages of any size', async () => {
  const expected = ['BasicQueue/STANDARD', 'Sales/STANDARD', 'admin/AGENT', 'alice/AGENT', 'bob/AGENT'];
  for (const size of [1, 2, 3, 100]) expect((await allQueues(undefined, size)).map((q) => `${q.Name}/${q.QueueType}`)).toEqual(expected);
  expect((await allQueues(['STANDARD', 'AGENT'], 2)).map((q) => `${q.Name}/${q.QueueType}`)).toEqual(expected);
  expect((await allQueues(['STANDARD'], 1)).map((q) => q.Name)).toEqual(['BasicQueue', 'Sales']);
});

it('follows users as they come and go', async () => {
  const dora = await user(p, 'dora');
  expect((await allQueues(['AGENT'], 100)).map((q) => q.Id)).toContain(dora);
  await p.connect.send(new DeleteUserCommand({ InstanceId: InstanceId(), UserId: dora }));
  expect((await allQueues(['AGENT'], 100)).map((q) => q.Id)).not.toContain(dora);
});
