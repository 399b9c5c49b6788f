import { describe, expect, it } from 'vitest';
import { action, chatData, feed, flowOf, reached, start, wired } from './test-kit.js';

const ON_ERROR = wired({ next: 'ok', errors: { NoMatchingError: 'error' } });

describe('UpdateContactAttributes (spec §5.14)', () => {
  const set = (params: Record<string, unknown>, data = chatData()) => start(flowOf([action('set', 'UpdateContactAttributes', params, ON_ERROR)]), data);

  it('sets attributes, with references in values and in keys', () => {
    const r = set(
      { Attributes: { DisconnectFlowRun: 'Y', greeting: 'Hi $.Attributes.name!', 'survey_result_$.Attributes.loopCounter': '$.Attributes.answer' }, TargetContact: 'Current' },
      chatData({ attributes: { name: 'Ana', loopCounter: '3', answer: '5' } }),
    );
    expect(r.command).toEqual({ kind: 'set-attributes', attributes: { DisconnectFlowRun: 'Y', greeting: 'Hi Ana!', survey_result_3: '5' } });
  });

  it('an unset reference sets the empty string', () => {
    expect(set({ Attributes: { lastAgent: '$.Agent.UserName' } }).command).toEqual({ kind: 'set-attributes', attributes: { lastAgent: '' } });
  });

  it('goes on to NextAction once stored, and takes the error branch when the store refuses (32 KB)', () => {
    const doc = flowOf([action('set', 'UpdateContactAttributes', { Attributes: { a: '1' } }, ON_ERROR)]);
    const r = start(doc);
    expect(reached(feed(doc, r, { kind: 'done' }))).toBe('ok');
    expect(reached(feed(doc, r, { kind: 'error', type: 'NoMatchingError' }))).toBe('error');
  });

  it.each([
    ['no Attributes', {}],
    ['Attributes not a map', { Attributes: 'a=1' }],
    ['a key that resolves to nothing', { Attributes: { '$.Attributes.none': 'x' } }],
    ['the Related contact (tasks)', { Attributes: { a: '1' }, TargetContact: 'Related' }],
  ])('takes the error branch with %s', (_name, params) => {
    const r = set(params);
    expect(reached(r)).toBe('error');
    expect(r.logs[0]).toMatchObject({ identifier: 'set', error: 'NoMatchingError' });
  });
});

describe('UpdateFlowAttributes (spec §5.15)', () => {
  it('sets flow-scoped attributes in the export shape { name: { Value } } and reads them back', () => {
    const doc = flowOf([
      action('set', 'UpdateFlowAttributes', { FlowAttributes: { queueName: { Value: '$.Queue.Name' }, plain: 'x' } }, wired({ next: 'say' })),
      action('say', 'MessageParticipant', { Text: 'To $.FlowAttributes.queueName ($.FlowAttributes.plain)' }, {}),
    ]);
    const r = start(doc, chatData({ queue: { id: 'q', name: 'Sales', arn: 'arn:q' } }));
    expect(r.exec.flowAttributes).toEqual({ queueName: 'Sales', plain: 'x' });
    expect(r.command).toEqual({ kind: 'message', text: 'To Sales (x)' });
  });

  it('takes the error branch without FlowAttributes', () => {
    expect(reached(start(flowOf([action('set', 'UpdateFlowAttributes', {}, ON_ERROR)])))).toBe('error');
  });
});

describe('Compare (spec §5.13)', () => {
  const compare = (value: string, conditions: [string, string, string][], data = chatData()) =>
    start(flowOf([action('cmp', 'Compare', { ComparisonValue: value }, wired({ next: 'nomatch', errors: { NoMatchingCondition: 'nomatch' }, conditions }))]), data);

  it('branches on $.Channel as multi-channel flows do', () => {
    const channels: [string, string, string][] = [['Equals', 'VOICE', 'voice'], ['Equals', 'CHAT', 'chat'], ['Equals', 'TASK', 'task']];
    expect(reached(compare('$.Channel', channels))).toBe('chat');
    expect(reached(compare('$.Channel', channels, chatData({ channel: 'TASK' })))).toBe('task');
  });

  it.each([
    ['TextContains', 'refund', 'I want a refund', true],
    ['TextStartsWith', 'VIP', 'VIP-17', true],
    ['TextEndsWith', '-17', 'VIP-17', true],
    ['NumberGreaterThan', '5', '12', true],
    ['NumberGreaterOrEqualTo', '12', '12', true],
    ['NumberLessThan', '5', '12', false],
    ['NumberLessOrEqualTo', '12', '12', true],
    ['Equals', 'gold', 'Gold', false],
  ])('%s %j on %j matches: %s', (op, operand, attr, matches) => {
    const r = compare('$.Attributes.v', [[op, operand, 'match']], chatData({ attributes: { v: attr } }));
    expect(reached(r)).toBe(matches ? 'match' : 'nomatch');
    expect(r.logs[0]).toMatchObject({ identifier: 'cmp', result: attr, next: matches ? 'match' : 'nomatch' });
  });

  it('an unset value takes "No match", unless a condition asks for "NULL"', () => {
    const r = compare('$.Attributes.none', [['Equals', '', 'empty']]);
    expect(reached(r)).toBe('nomatch');
    expect(r.logs[0]).toMatchObject({ result: null, error: null, next: 'nomatch' });
    expect(reached(compare('$.Agent.ARN', [['Equals', 'NULL', 'no-agent']]))).toBe('no-agent');
    const agent = { id: 'u', userName: 'jdoe', firstName: 'J', lastName: 'D', arn: 'arn:agent' };
    expect(reached(compare('$.Agent.ARN', [['Equals', 'NULL', 'no-agent']], chatData({ agent })))).toBe('nomatch');
  });

  it('compares a static value as it is', () => {
    expect(reached(compare('abc', [['Equals', 'abc', 'same']]))).toBe('same');
  });
});

describe('UpdateContactData (spec §5.25)', () => {
  it('updates the contact fields a chat shows, with references', () => {
    const doc = flowOf([action('d', 'UpdateContactData', { Name: 'Chat with $.Attributes.name', Description: 'VIP', LanguageCode: 'en-AU', CustomerId: '$.Attributes.cid' }, ON_ERROR)]);
    const r = start(doc, chatData({ attributes: { name: 'Ana', cid: 'c-9' } }));
    expect(r.command).toEqual({ kind: 'update-contact', fields: { Name: 'Chat with Ana', Description: 'VIP', LanguageCode: 'en-AU', CustomerId: 'c-9' } });
    expect(reached(feed(doc, r, { kind: 'done' }))).toBe('ok');
    expect(reached(feed(doc, r, { kind: 'error', type: 'NoMatchingError' }))).toBe('error');
  });

  it('sends only the fields given (a Set voice fragment carries just LanguageCode)', () => {
    const r = start(flowOf([action('d', 'UpdateContactData', { LanguageCode: 'en-AU' }, ON_ERROR)]));
    expect(r.command).toEqual({ kind: 'update-contact', fields: { LanguageCode: 'en-AU' } });
  });
});
