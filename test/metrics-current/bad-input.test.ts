import { randomUUID } from 'node:crypto';
import { GetCurrentMetricDataCommand, type GetCurrentMetricDataCommandInput } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCurrentMetricDataBody } from '../../src/http/connect/metrics-current-routes.js';
import { afterSigning, expectRejected, failure, schemaCases, withBody } from '../bad-input/schema-cases.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { metrics } from './situation.js';

/* Every refused GetCurrentMetricData answers Connect's error type and status (and, a read, changes nothing). */

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

type Input = Omit<GetCurrentMetricDataCommandInput, 'InstanceId'>;
const send = (input: Input, instanceId = p.seeded.instanceId) => p.connect.send(new GetCurrentMetricDataCommand({ InstanceId: instanceId, ...input }));
const online = metrics('AGENTS_ONLINE');

describe('schema: each bound and type of the request, one at a time', () => {
  const valid = () => ({
    Filters: { Queues: [p.seeded.basicQueueId], Channels: ['CHAT'], AgentStatuses: [p.seeded.statusIds.available] },
    Groupings: ['QUEUE'],
    CurrentMetrics: [{ Name: 'AGENTS_ONLINE', Unit: 'COUNT' }],
    MaxResults: 10,
    SortCriteria: [{ SortByMetric: 'AGENTS_ONLINE', SortOrder: 'ASCENDING' }],
  });
  it('accepts the valid request every case starts from', async () => {
    const out = await p.connect.send(withBody(new GetCurrentMetricDataCommand({ InstanceId: p.seeded.instanceId, Filters: {}, CurrentMetrics: online }), valid()));
    expect(out.MetricResults).toHaveLength(1);
  });
  it('refuses every case as InvalidParameterException 400', async () => {
    const cases = schemaCases(GetCurrentMetricDataBody, valid());
    expect(cases.length).toBeGreaterThan(40);
    for (const c of cases) {
      const got = await failure(p.connect.send(withBody(new GetCurrentMetricDataCommand({ InstanceId: p.seeded.instanceId, Filters: {}, CurrentMetrics: online }), c.body)));
      expect({ case: c.name, name: got.name, status: got.status }).toEqual({ case: c.name, name: 'InvalidParameterException', status: 400 });
    }
  });
});

describe('combination rules (spec/metrics.md §2.1)', () => {
  const q = () => [p.seeded.basicQueueId];
  it.each<[string, () => Input]>([
    ['Queues and RoutingProfiles together', () => ({ Filters: { Queues: q(), RoutingProfiles: [p.seeded.routingProfileId] }, CurrentMetrics: online })],
    ['AgentStatuses without Queues', () => ({ Filters: { AgentStatuses: [p.seeded.statusIds.available] }, CurrentMetrics: online })],
    ['AGENT_STATUS as the primary grouping', () => ({ Filters: { Queues: q() }, Groupings: ['AGENT_STATUS', 'QUEUE'], CurrentMetrics: online })],
    ['AGENT_STATUS without QUEUE', () => ({ Filters: { Queues: q() }, Groupings: ['CHANNEL', 'AGENT_STATUS'], CurrentMetrics: online })],
    ['AGENT_STATUS with another metric than AGENTS_ONLINE', () => ({ Filters: { Queues: q() }, Groupings: ['QUEUE', 'AGENT_STATUS'], CurrentMetrics: metrics('AGENTS_ONLINE', 'AGENTS_AVAILABLE') })],
    ['ROUTING_PROFILE without a queue or profile filter', () => ({ Filters: {}, Groupings: ['ROUTING_PROFILE'], CurrentMetrics: online })],
    ['ROUTING_PROFILE with CONTACTS_IN_QUEUE and no profile filter', () => ({ Filters: { Queues: q() }, Groupings: ['ROUTING_PROFILE'], CurrentMetrics: metrics('CONTACTS_IN_QUEUE') })],
    ['a grouping twice', () => ({ Filters: { Queues: q() }, Groupings: ['QUEUE', 'QUEUE'], CurrentMetrics: online })],
    ['sorting on SLOTS_ACTIVE', () => ({ Filters: {}, Groupings: ['QUEUE'], CurrentMetrics: online, SortCriteria: [{ SortByMetric: 'SLOTS_ACTIVE', SortOrder: 'ASCENDING' }] })],
    ['two sort criteria', () => ({ Filters: {}, CurrentMetrics: online, SortCriteria: [{ SortByMetric: 'AGENTS_ONLINE' }, { SortByMetric: 'CONTACTS_IN_QUEUE' }] })],
    ['a metric in the wrong unit', () => ({ Filters: {}, CurrentMetrics: [{ Name: 'OLDEST_CONTACT_AGE', Unit: 'COUNT' }] })],
    ['an unknown metric name', () => ({ Filters: {}, CurrentMetrics: [{ Name: 'AGENTS_DANCING' as 'AGENTS_ONLINE', Unit: 'COUNT' }] })],
    ['a metric by MetricId (custom metrics: not in Parley)', () => ({ Filters: {}, CurrentMetrics: [{ MetricId: randomUUID() }] })],
    ['ESTIMATED_WAIT_TIME (not computed by Parley)', () => ({ Filters: { Queues: q(), Channels: ['CHAT'] }, Groupings: ['QUEUE', 'CHANNEL'], CurrentMetrics: [{ Name: 'ESTIMATED_WAIT_TIME', Unit: 'SECONDS' }] })],
    ['a RoutingStepExpressions filter (not in Parley)', () => ({ Filters: { Queues: q(), RoutingStepExpressions: ['[x]'] }, CurrentMetrics: online })],
    ['the SUBTYPE grouping (not in Parley)', () => ({ Filters: { Queues: q() }, Groupings: ['QUEUE', 'SUBTYPE'], CurrentMetrics: online })],
    ['MaxResults 0', () => ({ Filters: {}, CurrentMetrics: online, MaxResults: 0 })],
    ['MaxResults 101', () => ({ Filters: {}, CurrentMetrics: online, MaxResults: 101 })],
    ['a channel Connect does not have', () => ({ Filters: { Channels: ['FAX' as 'CHAT'] }, CurrentMetrics: online })],
  ])('%s → InvalidParameterException 400', async (_name, input) => {
    await expectRejected(p, () => send(input()), 'InvalidParameterException', 400);
  });
});

describe('NextToken', () => {
  const page = (extra: Partial<Input> = {}) => send({ Filters: {}, Groupings: ['QUEUE'], CurrentMetrics: online, MaxResults: 1, ...extra });
  it('refuses a token replayed with other parameters, a forged one, and one older than 5 minutes', async () => {
    // BasicQueue and a second queue: two results, pages of one.
    await p.deps.db.write((tx) => tx.insertInto('queues').values({ id: randomUUID(), instance_id: p.seeded.instanceId, name: 'Second', description: '', created_at: p.clock.now() }).execute());
    const first = await page();
    expect(first.NextToken).toBeTruthy();
    await expectRejected(p, () => page({ NextToken: first.NextToken, CurrentMetrics: metrics('CONTACTS_IN_QUEUE') }), 'InvalidParameterException', 400);
    await expectRejected(p, () => page({ NextToken: `${first.NextToken}x` }), 'InvalidParameterException', 400);
    expect((await page({ NextToken: first.NextToken })).MetricResults).toHaveLength(1);
    p.clock.advance(5 * 60_000 + 1);
    await expectRejected(p, () => page({ NextToken: first.NextToken }), 'InvalidParameterException', 400);
  });
});

describe('unknown resources → ResourceNotFoundException 404', () => {
  const arn = (kind: string, id: string) => `arn:aws:connect:${p.deps.config.region}:${p.deps.config.accountId}:instance/${p.seeded.instanceId}/${kind}/${id}`;
  it.each<[string, () => Input]>([
    ['a queue id', () => ({ Filters: { Queues: [p.seeded.basicQueueId, randomUUID()] }, CurrentMetrics: online })],
    ['a queue ARN', () => ({ Filters: { Queues: [arn('queue', randomUUID())] }, CurrentMetrics: online })],
    ['a routing profile', () => ({ Filters: { RoutingProfiles: [randomUUID()] }, CurrentMetrics: online })],
    ['an agent status', () => ({ Filters: { Queues: [p.seeded.basicQueueId], AgentStatuses: [randomUUID()] }, CurrentMetrics: online })],
  ])('%s', async (_name, input) => {
    await expectRejected(p, () => send(input()), 'ResourceNotFoundException', 404);
  });
  it('an instance', async () => {
    await expectRejected(p, () => send({ Filters: {}, CurrentMetrics: online }, randomUUID()), 'ResourceNotFoundException', 404);
  });
});

describe('Parley sessions (Bearer)', () => {
  const login = async (username: string) => {
    const res = await fetch(`${p.url}/agent/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ InstanceId: p.seeded.instanceId, Username: username, Password: p.seeded.demoUsers[username].password }),
    });
    return ((await res.json()) as { Token: string }).Token;
  };
  const asSession = (token: string) =>
    afterSigning(new GetCurrentMetricDataCommand({ InstanceId: p.seeded.instanceId, Filters: {}, CurrentMetrics: online }), (req) => {
      for (const h of Object.keys(req.headers)) if (/^(authorization|x-amz-date|x-amz-content-sha256)$/i.test(h)) delete req.headers[h];
      req.headers.authorization = `Bearer ${token}`;
    });
  it('needs the supervise permission: an agent is refused, an admin answered', async () => {
    const agent = await login('alice');
    await expectRejected(p, () => p.connect.send(asSession(agent)), 'AccessDeniedException', 403);
    const out = await p.connect.send(asSession(await login('admin')));
    expect(out.MetricResults?.[0].Collections).toEqual([{ Metric: { Name: 'AGENTS_ONLINE', Unit: 'COUNT' }, Value: 0 }]);
  });
});
