import { describe, expect, it } from 'vitest';
import { action, chatData, feed, flowOf, freshExec, reached, start, wired } from './test-kit.js';

const ON_ERROR = wired({ next: 'ok', errors: { NoMatchingError: 'error' } });
const one = (type: string, params: Record<string, unknown> | undefined, t = ON_ERROR) => flowOf([action('block', type, params, t)]);

describe('UpdateContactTargetQueue (spec §5.7)', () => {
  it('sets a queue by ARN or an agent by a reference to a user name', () => {
    expect(start(one('UpdateContactTargetQueue', { QueueId: 'arn:aws:connect:us-east-1:1:instance/i/queue/q-1' })).command).toEqual({ kind: 'set-queue', queueRef: 'arn:aws:connect:us-east-1:1:instance/i/queue/q-1' });
    const r = start(one('UpdateContactTargetQueue', { AgentId: '$.Attributes.lastAgent' }), chatData({ attributes: { lastAgent: 'jdoe' } }));
    expect(r.command).toEqual({ kind: 'set-queue', agentRef: 'jdoe' });
  });

  it('goes on when set; a queue that does not resolve, or no queue at all, takes the error branch', () => {
    const doc = one('UpdateContactTargetQueue', { QueueId: 'q-1' });
    const r = start(doc);
    expect(reached(feed(doc, r, { kind: 'done' }))).toBe('ok');
    expect(reached(feed(doc, r, { kind: 'error', type: 'NoMatchingError' }))).toBe('error');
    expect(reached(start(one('UpdateContactTargetQueue', { QueueId: '$.Attributes.none' })))).toBe('error');
    expect(reached(start(one('UpdateContactTargetQueue', {})))).toBe('error');
  });
});

describe('TransferContactToQueue (spec §5.8)', () => {
  const T = wired({ next: 'error', errors: { QueueAtCapacity: 'full', NoMatchingError: 'error' } });

  it('queues the contact (no Parameters at all, as exported) and the flow ends', () => {
    const doc = one('TransferContactToQueue', undefined, T);
    const r = start(doc);
    expect(r.command).toEqual({ kind: 'enqueue' });
    const done = feed(doc, r, { kind: 'done' });
    expect(done.command).toEqual({ kind: 'end' });
    expect(done.logs[0]).toMatchObject({ identifier: 'block', next: null });
  });

  it('branches on QueueAtCapacity and NoMatchingError', () => {
    const doc = one('TransferContactToQueue', undefined, T);
    const r = start(doc);
    expect(reached(feed(doc, r, { kind: 'error', type: 'QueueAtCapacity' }))).toBe('full');
    expect(reached(feed(doc, r, { kind: 'error', type: 'NoMatchingError' }))).toBe('error');
  });
});

describe('DequeueContactAndTransferToQueue', () => {
  it('moves the queued contact to another queue, and branches on its errors', () => {
    const doc = one('DequeueContactAndTransferToQueue', { QueueId: 'Priority' }, wired({ next: 'ok', errors: { QueueAtCapacity: 'full', NoMatchingError: 'error' } }));
    const r = start(doc);
    expect(r.command).toEqual({ kind: 'requeue', queueRef: 'Priority' });
    expect(reached(feed(doc, r, { kind: 'done' }))).toBe('ok');
    expect(reached(feed(doc, r, { kind: 'error', type: 'QueueAtCapacity' }))).toBe('full');
    expect(reached(start(one('DequeueContactAndTransferToQueue', {})))).toBe('error');
  });
});

describe('CheckHoursOfOperation (spec §5.16)', () => {
  const HOURS = wired({ next: 'error', errors: { NoMatchingError: 'error' }, conditions: [['Equals', 'True', 'open'], ['Equals', 'False', 'closed']] });

  it('checks the working queue, or the hours given, and branches True / False / error', () => {
    expect(start(one('CheckHoursOfOperation', undefined, HOURS)).command).toEqual({ kind: 'check-hours', hoursRef: undefined });
    const doc = one('CheckHoursOfOperation', { HoursOfOperationId: 'hours-1' }, HOURS);
    const r = start(doc);
    expect(r.command).toEqual({ kind: 'check-hours', hoursRef: 'hours-1' });
    expect(reached(feed(doc, r, { kind: 'result', value: 'True' }))).toBe('open');
    expect(reached(feed(doc, r, { kind: 'result', value: 'False' }))).toBe('closed');
    expect(reached(feed(doc, r, { kind: 'error', type: 'NoMatchingError' }))).toBe('error');
  });
});

describe('CheckMetricData (spec §5.17)', () => {
  it('NumberOfAgents*: the only condition is NumberGreaterThan 0, and "False" is the NoMatchingCondition branch', () => {
    const doc = one('CheckMetricData', { MetricType: 'NumberOfAgentsOnline' }, wired({ next: 'error', errors: { NoMatchingCondition: 'nobody', NoMatchingError: 'error' }, conditions: [['NumberGreaterThan', '0', 'staffed']] }));
    const r = start(doc);
    expect(r.command).toEqual({ kind: 'check-metric', metric: 'NumberOfAgentsOnline', queueRef: undefined, agentRef: undefined });
    expect(reached(feed(doc, r, { kind: 'result', value: '2' }))).toBe('staffed');
    expect(reached(feed(doc, r, { kind: 'result', value: '0' }))).toBe('nobody');
    expect(reached(feed(doc, r, { kind: 'error', type: 'NoMatchingError' }))).toBe('error');
  });

  it('OldestContactInQueueAgeSeconds: the exported operand is in milliseconds (UI "300 sec." is "300000")', () => {
    const doc = one('CheckMetricData', { MetricType: 'OldestContactInQueueAgeSeconds', QueueId: '$.Attributes.q' }, wired({ next: 'error', errors: { NoMatchingCondition: 'long', NoMatchingError: 'error' }, conditions: [['NumberLessThan', '300000', 'short']] }));
    const r = start(doc, chatData({ attributes: { q: 'BasicQueue' } }));
    expect(r.command).toMatchObject({ metric: 'OldestContactInQueueAgeSeconds', queueRef: 'BasicQueue' });
    // The runner answers in milliseconds: 250 s waited is 250000.
    expect(reached(feed(doc, r, { kind: 'result', value: '250000' }))).toBe('short');
    expect(reached(feed(doc, r, { kind: 'result', value: '301000' }))).toBe('long');
  });
});

describe('GetMetricData (spec §5.18)', () => {
  it('loads metrics the next blocks read as $.Metrics', () => {
    const doc = flowOf([
      action('get', 'GetMetricData', { QueueId: 'q-1' }, ON_ERROR),
      action('ok', 'MessageParticipant', { Text: '$.Metrics.Queue.Size waiting in $.Metrics.Queue.Name' }, {}),
    ]);
    const r = start(doc);
    expect(r.command).toEqual({ kind: 'get-metrics', queueRef: 'q-1', agentRef: undefined });
    const loaded = { ...r, exec: { ...r.exec, metrics: { Queue: { Name: 'BasicQueue', Size: '3' } } } };
    expect(feed(doc, loaded, { kind: 'done' }).command).toEqual({ kind: 'message', text: '3 waiting in BasicQueue' });
    expect(reached(feed(doc, r, { kind: 'error', type: 'NoMatchingError' }))).toBe('error');
  });
});

describe('UpdateContactRoutingBehavior (spec §5.20)', () => {
  it.each([
    [{ QueuePriority: '1' }, { priority: 1 }],
    [{ QueueTimeAdjustmentSeconds: '-120' }, { ageAdjustSeconds: -120 }],
    [{ QueuePriority: '$.Attributes.p' }, { priority: 2 }],
  ])('%j sets %j', (params, set) => {
    expect(start(one('UpdateContactRoutingBehavior', params), chatData({ attributes: { p: '2' } })).command).toEqual({ kind: 'set-routing', ...set });
  });

  it('with nothing to change it just goes on', () => {
    expect(reached(start(one('UpdateContactRoutingBehavior', {})))).toBe('ok');
  });
});

describe('UpdateRoutingCriteria / UpdateContactRoutingCriteria (spec §5.20)', () => {
  const preferredAgent = {
    RoutingCriteria: {
      Steps: [
        { Expression: { AttributeCondition: { ComparisonOperator: 'Match', MatchCriteria: { AgentsCriteria: { AgentIds: ['$.Attributes.lastAgentId'] } } } }, Expiry: { DurationInSeconds: '300' } },
        { Expression: { AttributeCondition: { Name: 'Language', Value: 'Spanish', ProficiencyLevel: 3, ComparisonOperator: 'NumberGreaterOrEqualTo' } } },
      ],
    },
  };

  it('stores the steps with references resolved and expiries as numbers (export name included)', () => {
    for (const type of ['UpdateRoutingCriteria', 'UpdateContactRoutingCriteria']) {
      const doc = one(type, preferredAgent);
      const r = start(doc, chatData({ attributes: { lastAgentId: 'agent-7' } }));
      expect(r.command).toEqual({
        kind: 'set-routing-criteria',
        criteria: {
          Steps: [
            { Expression: { AttributeCondition: { ComparisonOperator: 'Match', MatchCriteria: { AgentsCriteria: { AgentIds: ['agent-7'] } } } }, Expiry: { DurationInSeconds: 300 } },
            { Expression: { AttributeCondition: { Name: 'Language', Value: 'Spanish', ProficiencyLevel: 3, ComparisonOperator: 'NumberGreaterOrEqualTo' } } },
          ],
        },
      });
      expect(reached(feed(doc, r, { kind: 'done' }))).toBe('ok');
      expect(reached(feed(doc, r, { kind: 'error', type: 'NoMatchingError' }))).toBe('error');
    }
  });

  it.each([
    ['no criteria', {}, 'at least one step'],
    ['no steps', { RoutingCriteria: { Steps: [] } }, 'at least one step'],
    ['a step without an expression', { RoutingCriteria: { Steps: [{ Expiry: { DurationInSeconds: 10 } }] } }, 'Expression'],
    ['a bad expiry', { RoutingCriteria: { Steps: [{ Expression: {}, Expiry: { DurationInSeconds: 'soon' } }] } }, 'DurationInSeconds'],
    ['an agent reference with no value', preferredAgent, '$.Attributes.lastAgentId'],
  ])('takes the error branch with %s', (_name, params, why) => {
    const r = start(one('UpdateRoutingCriteria', params));
    expect(reached(r)).toBe('error');
    expect(r.logs[0]).toMatchObject({ error: 'NoMatchingError', detail: expect.stringContaining(why) });
  });
});

describe('DistributeByPercentage (spec §5.19)', () => {
  // AWS Sample AB test: UI 3% / 6% / 8% exported as cumulative thresholds + 1: 4, 10, 18.
  const doc = one('DistributeByPercentage', undefined, wired({ next: 'rest', errors: { NoMatchingCondition: 'rest' }, conditions: [['NumberLessThan', '4', 'three'], ['NumberLessThan', '10', 'six'], ['NumberLessThan', '18', 'eight']] }));
  const at = (random: number) => start(doc, chatData({ random }), freshExec(doc));

  it.each([
    [0, '1', 'three'],
    [0.029, '3', 'three'],
    [0.03, '4', 'six'],
    [0.089, '9', 'six'],
    [0.09, '10', 'eight'],
    [0.169, '17', 'eight'],
    [0.17, '18', 'rest'],
    [0.9999, '100', 'rest'],
  ])('a draw of %f is %s and takes branch %s', (random, value, branch) => {
    const r = at(random);
    expect(r.logs[0].result).toBe(value);
    expect(reached(r)).toBe(branch);
  });
});
