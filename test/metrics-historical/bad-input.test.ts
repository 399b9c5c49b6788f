import { randomUUID } from 'node:crypto';
import { GetMetricDataCommand, type GetMetricDataCommandInput, GetMetricDataV2Command, type GetMetricDataV2CommandInput } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetMetricDataBody, GetMetricDataV2Body } from '../../src/http/connect/metrics-historical-schemas.js';
import { afterSigning, expectRejected, schemaCases, withBody } from '../bad-input/schema-cases.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { customer, hangUpOn, instanceArn, lt, queueFlow, team } from './kit.js';

/* Every refusal of GetMetricDataV2 and GetMetricData: Connect's exception and status, nothing changed. */

let p: TestParley;
let queueId: string;
const H = 3_600_000;
const now = () => p.clock.now();
beforeAll(async () => {
  p = await startTestParley();
  queueId = (await team(p, 'Support', 1, [])).queueId;
  // One contact, 09:00–09:30, so that the valid requests have something to answer.
  const c = await customer(p, await queueFlow(p), { queue: queueId });
  p.clock.advance(H / 2);
  await hangUpOn(p, c.token);
  p.clock.advance((3 * H) / 2);
});
afterAll(async () => {
  await p.stop();
});

/** A valid V2 request (the last two hours of Support), with `over` on top. */
const v2 = (over: Partial<GetMetricDataV2CommandInput> = {}): GetMetricDataV2CommandInput => ({
  ResourceArn: instanceArn(p),
  StartTime: new Date(now() - 2 * H),
  EndTime: new Date(now()),
  Filters: [{ FilterKey: 'QUEUE', FilterValues: [queueId] }],
  Metrics: [{ Name: 'CONTACTS_QUEUED' }],
  ...over,
});
/** A valid v1 request (09:00–10:00 of the test day), with `over` on top. */
const v1 = (over: Partial<GetMetricDataCommandInput> = {}): GetMetricDataCommandInput => ({
  InstanceId: p.seeded.instanceId,
  StartTime: new Date(now() - 2 * H),
  EndTime: new Date(now() - H),
  Filters: { Queues: [queueId] },
  HistoricalMetrics: [{ Name: 'CONTACTS_QUEUED', Unit: 'COUNT', Statistic: 'SUM' }],
  ...over,
});
const rejectV2 = (input: GetMetricDataV2CommandInput, name = 'InvalidParameterException', status = 400) => expectRejected(p, () => p.connect.send(new GetMetricDataV2Command(input)), name, status);
const rejectV1 = (input: GetMetricDataCommandInput, name = 'InvalidParameterException', status = 400) => expectRejected(p, () => p.connect.send(new GetMetricDataCommand(input)), name, status);
const sl = (value: number, comparison = 'LT') => ({ Name: 'SERVICE_LEVEL', Threshold: [{ Comparison: comparison, ThresholdValue: value }] });

describe('GetMetricDataV2 refusals', () => {
  it('accepts the valid request the cases start from', async () => {
    expect((await p.connect.send(new GetMetricDataV2Command(v2()))).MetricResults).toHaveLength(1);
  });

  it.each(schemaCases(GetMetricDataV2Body, { ResourceArn: 'arn', StartTime: 1, EndTime: 2, Interval: { TimeZone: 'UTC', IntervalPeriod: 'HOUR' }, Filters: [{ FilterKey: 'QUEUE', FilterValues: ['q'] }], Groupings: ['QUEUE'], Metrics: [{ Name: 'SERVICE_LEVEL', Threshold: [{ Comparison: 'LT', ThresholdValue: 60 }], MetricFilters: [{ MetricFilterKey: 'INITIATION_METHOD', MetricFilterValues: ['API'], Negate: false }] }], NextToken: 't', MaxResults: 10 }).map((c) => [c.name, c.body] as const))(
    '%s → InvalidParameterException',
    async (_name, body) => {
      await expectRejected(p, () => p.connect.send(withBody(new GetMetricDataV2Command(v2()), body)), 'InvalidParameterException', 400);
    },
  );

  it.each([
    ['a ResourceArn that is not an instance ARN', () => v2({ ResourceArn: p.seeded.instanceId })],
    ['StartTime not before EndTime', () => v2({ StartTime: new Date(now()), EndTime: new Date(now()) })],
    ['EndTime in the future', () => v2({ EndTime: new Date(now() + 60_000) })],
    ['StartTime over 3 months ago', () => v2({ StartTime: new Date(now() - 100 * 24 * H), EndTime: new Date(now() - 99 * 24 * H) })],
    ['hours over more than 3 days', () => v2({ StartTime: new Date(now() - 73 * H), Interval: { IntervalPeriod: 'HOUR' } })],
    ['a total over more than 35 days', () => v2({ StartTime: new Date(now() - 36 * 24 * H) })],
    ['an unknown IntervalPeriod', () => v2({ Interval: { IntervalPeriod: 'MINUTE' as never } })],
    ['an unknown TimeZone', () => v2({ Interval: { IntervalPeriod: 'HOUR', TimeZone: 'Mars/Olympus_Mons' } })],
    ['no resource filter', () => v2({ Filters: [{ FilterKey: 'CHANNEL', FilterValues: ['CHAT'] }] })],
    ['a filter key twice', () => v2({ Filters: [{ FilterKey: 'QUEUE', FilterValues: [queueId] }, { FilterKey: 'QUEUE', FilterValues: [queueId] }] })],
    ['a channel that does not exist', () => v2({ Filters: [{ FilterKey: 'QUEUE', FilterValues: [queueId] }, { FilterKey: 'CHANNEL', FilterValues: ['FAX'] }] })],
    ['a filter without values', () => v2({ Filters: [{ FilterKey: 'QUEUE', FilterValues: [] }] })],
    ['NOT_EXISTS with values', () => v2({ Filters: [{ FilterKey: 'QUEUE', FilterValues: [queueId], StringCondition: { Comparison: 'NOT_EXISTS' } }] })],
    ['over 100 filter values across keys', () => v2({ Filters: [{ FilterKey: 'QUEUE', FilterValues: Array.from({ length: 60 }, randomUUID) }, { FilterKey: 'AGENT', FilterValues: Array.from({ length: 41 }, randomUUID) }] })],
    ['a grouping the metric does not allow', () => v2({ Groupings: ['AGENT'], Metrics: [sl(60)] })],
    ['a filter the metric does not allow', () => v2({ Filters: [{ FilterKey: 'AGENT', FilterValues: [randomUUID()] }], Metrics: [sl(60)] })],
    ['FEATURE as a grouping', () => v2({ Groupings: ['FEATURE'] })],
    ['a grouping twice', () => v2({ Groupings: ['QUEUE', 'QUEUE'] })],
    ['an unknown metric', () => v2({ Metrics: [{ Name: 'CONTACTS_TELEPORTED' }] })],
    ['a MetricId', () => v2({ Metrics: [{ MetricId: randomUUID() }] })],
    ['SERVICE_LEVEL without Threshold', () => v2({ Metrics: [{ Name: 'SERVICE_LEVEL' }] })],
    ['SERVICE_LEVEL with GT', () => v2({ Metrics: [sl(60, 'GT')] })],
    ['a threshold of 0 s', () => v2({ Metrics: [sl(0)] })],
    ['a threshold over a week', () => v2({ Metrics: [sl(604_801)] })],
    ['a threshold that is not whole seconds', () => v2({ Metrics: [lt('SUM_CONTACTS_ANSWERED_IN_X', 1.5)] })],
    ['a Threshold on a count', () => v2({ Metrics: [lt('CONTACTS_QUEUED', 60)] })],
    ['21 SERVICE_LEVEL metrics', () => v2({ Metrics: Array.from({ length: 21 }, (_, i) => sl(i + 1)) })],
    ['a metric filter the metric does not take', () => v2({ Metrics: [{ Name: 'CONTACTS_CREATED', MetricFilters: [{ MetricFilterKey: 'DISCONNECT_REASON', MetricFilterValues: ['API'] }] }] })],
    ['AVG_AGENT_CONNECTING_TIME for TRANSFER', () => v2({ Metrics: [{ Name: 'AVG_AGENT_CONNECTING_TIME', MetricFilters: [{ MetricFilterKey: 'INITIATION_METHOD', MetricFilterValues: ['TRANSFER'] }] }] })],
    ['AVG_AGENT_CONNECTING_TIME with Negate', () => v2({ Metrics: [{ Name: 'AVG_AGENT_CONNECTING_TIME', MetricFilters: [{ MetricFilterKey: 'INITIATION_METHOD', MetricFilterValues: ['API'], Negate: true }] }] })],
    ['a bot outcome that does not exist', () => v2({ Filters: [{ FilterKey: 'FLOWS_RESOURCE_ID', FilterValues: [randomUUID()] }], Metrics: [{ Name: 'BOT_CONVERSATIONS_COMPLETED', MetricFilters: [{ MetricFilterKey: 'BOT_CONVERSATION_OUTCOME_TYPE', MetricFilterValues: ['MAYBE'] }] }] })],
    ['a NextToken Parley did not make', () => v2({ NextToken: 'forged.token' })],
  ])('%s → InvalidParameterException', async (_name, input) => {
    await rejectV2(input());
  });

  it('refuses a NextToken of another request', async () => {
    const first = await p.connect.send(new GetMetricDataV2Command(v2({ Interval: { IntervalPeriod: 'FIFTEEN_MIN' }, MaxResults: 1 })));
    expect(first.NextToken).toBeDefined();
    await rejectV2(v2({ Interval: { IntervalPeriod: 'THIRTY_MIN' }, NextToken: first.NextToken }));
  });

  it('answers ResourceNotFoundException for an instance that does not exist', async () => {
    await rejectV2(v2({ ResourceArn: instanceArn(p).replace(p.seeded.instanceId, randomUUID()) }), 'ResourceNotFoundException', 404);
  });
});

describe('GetMetricData (v1) refusals', () => {
  it('accepts the valid request the cases start from', async () => {
    expect((await p.connect.send(new GetMetricDataCommand(v1()))).MetricResults).toHaveLength(1);
  });

  it.each(schemaCases(GetMetricDataBody, { StartTime: 1, EndTime: 2, Filters: { Queues: ['q'], Channels: ['CHAT'], RoutingProfiles: ['r'] }, Groupings: ['QUEUE'], HistoricalMetrics: [{ Name: 'SERVICE_LEVEL', Threshold: { Comparison: 'LT', ThresholdValue: 60 }, Statistic: 'AVG', Unit: 'PERCENT' }], NextToken: 't', MaxResults: 10 }).map((c) => [c.name, c.body] as const))(
    '%s → InvalidParameterException',
    async (_name, body) => {
      await expectRejected(p, () => p.connect.send(withBody(new GetMetricDataCommand(v1()), body)), 'InvalidParameterException', 400);
    },
  );

  it.each([
    ['times off the 5-minute grid', () => v1({ StartTime: new Date(now() - 2 * H + 60_000) })],
    ['StartTime over 24 hours ago', () => v1({ StartTime: new Date(now() - 25 * H) })],
    ['a range over 24 hours', () => v1({ StartTime: new Date(now() - 24 * H), EndTime: new Date(now() + 5 * 60_000) })],
    ['StartTime not before EndTime', () => v1({ EndTime: new Date(now() - 2 * H) })],
    ['no queue or channel filter', () => v1({ Filters: {} })],
    ['the EMAIL channel', () => v1({ Filters: { Channels: ['EMAIL' as never] } })],
    ['a ROUTING_STEP_EXPRESSION grouping', () => v1({ Groupings: ['ROUTING_STEP_EXPRESSION'] })],
    ['an unknown metric', () => v1({ HistoricalMetrics: [{ Name: 'CONTACTS_TELEPORTED' as never, Unit: 'COUNT', Statistic: 'SUM' }] })],
    ['the wrong unit', () => v1({ HistoricalMetrics: [{ Name: 'CONTACTS_HANDLED', Unit: 'SECONDS', Statistic: 'SUM' }] })],
    ['the wrong statistic', () => v1({ HistoricalMetrics: [{ Name: 'QUEUED_TIME', Unit: 'SECONDS', Statistic: 'AVG' }] })],
    ['SERVICE_LEVEL without Threshold', () => v1({ HistoricalMetrics: [{ Name: 'SERVICE_LEVEL', Unit: 'PERCENT', Statistic: 'AVG' }] })],
    ['SERVICE_LEVEL with LTE', () => v1({ HistoricalMetrics: [{ Name: 'SERVICE_LEVEL', Unit: 'PERCENT', Statistic: 'AVG', Threshold: { Comparison: 'LTE' as never, ThresholdValue: 60 } }] })],
    ['a threshold of 0 s', () => v1({ HistoricalMetrics: [{ Name: 'SERVICE_LEVEL', Unit: 'PERCENT', Statistic: 'AVG', Threshold: { Comparison: 'LT', ThresholdValue: 0 } }] })],
    ['a Threshold on a count', () => v1({ HistoricalMetrics: [{ Name: 'CONTACTS_HANDLED', Unit: 'COUNT', Statistic: 'SUM', Threshold: { Comparison: 'LT', ThresholdValue: 60 } }] })],
  ])('%s → InvalidParameterException', async (_name, input) => {
    await rejectV1(input());
  });

  it('answers ResourceNotFoundException for an instance that does not exist', async () => {
    await rejectV1(v1({ InstanceId: randomUUID() }), 'ResourceNotFoundException', 404);
  });
});

describe('with a Parley session', () => {
  const login = async (username: string) => {
    const res = await fetch(`${p.url}/agent/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ InstanceId: p.seeded.instanceId, Username: username, Password: p.seeded.demoUsers[username].password }) });
    return ((await res.json()) as { Token: string }).Token;
  };
  const asSession = <C extends Parameters<typeof afterSigning>[0]>(command: C, token: string): C =>
    afterSigning(command, (req) => {
      for (const h of Object.keys(req.headers)) if (/^(authorization|x-amz-date|x-amz-content-sha256)$/i.test(h)) delete req.headers[h];
      req.headers.authorization = `Bearer ${token}`;
    });

  it('lets a supervisor read metrics, and refuses an agent or another instance with AccessDeniedException', async () => {
    const admin = await login('admin');
    const agent = await login('alice');
    expect((await p.connect.send(asSession(new GetMetricDataV2Command(v2()), admin))).MetricResults).toHaveLength(1);
    expect((await p.connect.send(asSession(new GetMetricDataCommand(v1()), admin))).MetricResults).toHaveLength(1);
    await expectRejected(p, () => p.connect.send(asSession(new GetMetricDataV2Command(v2()), agent)), 'AccessDeniedException', 403);
    await expectRejected(p, () => p.connect.send(asSession(new GetMetricDataCommand(v1()), agent)), 'AccessDeniedException', 403);
    const elsewhere = v2({ ResourceArn: instanceArn(p).replace(p.seeded.instanceId, randomUUID()) });
    await expectRejected(p, () => p.connect.send(asSession(new GetMetricDataV2Command(elsewhere), admin)), 'AccessDeniedException', 403);
  });
});
