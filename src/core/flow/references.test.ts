import { describe, expect, it } from 'vitest';
import { chatData } from './actions/test-kit.js';
import { newExecution, type FlowExecution } from './execution.js';
import type { FlowData } from './flow-data.js';
import { interpolate, parseReference, referencesIn, resolvePath, resolveValue } from './references.js';

const exec = (over: Partial<FlowExecution> = {}): FlowExecution => ({ ...newExecution('flow-1', 1, 'a'), ...over });
const data: FlowData = chatData({
  contactId: 'c-3',
  initialContactId: 'c-1',
  previousContactId: 'c-2',
  initiationMethod: 'DISCONNECT',
  customerId: 'cust-9',
  name: 'Refund',
  description: 'Wants money back',
  languageCode: 'en-GB',
  attributes: { firstName: 'Ana', 'order-id': 'A-17', loopCounter: '2', empty: '' },
  segmentAttributes: { 'connect:Subtype': { ValueString: 'connect:SMS' }, 'connect:Count': { ValueInteger: 3 } },
  queue: { id: 'q-1', name: 'BasicQueue', arn: 'arn:aws:connect:us-east-1:000000000000:instance/inst-1/queue/q-1' },
  agent: { id: 'u-1', userName: 'jdoe', firstName: 'Jane', lastName: 'Doe', arn: 'arn:aws:connect:us-east-1:000000000000:instance/inst-1/agent/u-1' },
  initialMessage: 'Hi, my parcel is late',
});
const full = exec({
  flowAttributes: { step: 'two' },
  external: { vanity1: '1-800-FLOWERS', nested: { a: { b: 'deep' } }, count: 3, ok: true },
  lex: { IntentName: 'Refund', Slots: { orderId: '17' }, SessionAttributes: { tier: 'gold' }, DialogState: 'Fulfilled' },
  metrics: { Queue: { Name: 'BasicQueue', Size: '4' }, Agents: { Available: { Count: '0' } } },
  storedCustomerInput: '42',
});
const value = (ref: string, e = full, d = data) => resolveValue(ref, e, d);

describe('$. namespaces a chat has (spec §3.3)', () => {
  it.each([
    ['$.Attributes.firstName', 'Ana'],
    ['$.Attributes.order-id', 'A-17'],
    ['$.External.vanity1', '1-800-FLOWERS'],
    ['$.External.nested.a.b', 'deep'],
    ['$.External.count', '3'],
    ['$.External.ok', 'true'],
    ['$.FlowAttributes.step', 'two'],
    ['$.Lex.IntentName', 'Refund'],
    ['$.Lex.Slots.orderId', '17'],
    ['$.Lex.SessionAttributes.tier', 'gold'],
    ['$.Lex.DialogState', 'Fulfilled'],
    ['$.StoredCustomerInput', '42'],
    ['$.Channel', 'CHAT'],
    ['$.ContactId', 'c-3'],
    ['$.InitialContactId', 'c-1'],
    ['$.PreviousContactId', 'c-2'],
    ['$.InitiationMethod', 'DISCONNECT'],
    ['$.Queue.Name', 'BasicQueue'],
    ['$.Queue.ARN', 'arn:aws:connect:us-east-1:000000000000:instance/inst-1/queue/q-1'],
    ['$.Metrics.Queue.Size', '4'],
    ['$.Metrics.Agents.Available.Count', '0'],
    ['$.Agent.UserName', 'jdoe'],
    ['$.Agent.FirstName', 'Jane'],
    ['$.Agent.LastName', 'Doe'],
    ['$.Agent.ARN', 'arn:aws:connect:us-east-1:000000000000:instance/inst-1/agent/u-1'],
    ['$.Media.InitialMessage', 'Hi, my parcel is late'],
    ["$.SegmentAttributes['connect:Subtype']", 'connect:SMS'],
    ["$.SegmentAttributes['connect:Count']", '3'],
    ['$.Name', 'Refund'],
    ['$.Description', 'Wants money back'],
    ['$.LanguageCode', 'en-GB'],
    ['$.CustomerId', 'cust-9'],
    ['$.InstanceARN', 'arn:aws:connect:us-east-1:000000000000:instance/inst-1'],
    ['$.AwsRegion', 'us-east-1'],
  ])('%s is %j', (ref, expected) => {
    expect(value(ref)).toBe(expected);
  });

  it('a whole JSON object of $.External reads as JSON', () => {
    expect(JSON.parse(value('$.External.nested')!)).toEqual({ a: { b: 'deep' } });
  });

  it('bracket and mixed forms name the same values as dot forms', () => {
    expect(value("$['Attributes']['firstName']")).toBe('Ana');
    expect(value('$["Attributes"]["order-id"]')).toBe('A-17');
    expect(value("$.Lex['Slots'].orderId")).toBe('17');
  });

  it('an attribute set to the empty string has a value', () => {
    expect(value('$.Attributes.empty')).toBe('');
  });
});

describe('references without a value', () => {
  it.each([
    '$.Attributes.nobody',
    '$.Attributes.firstName.more',
    '$.External.vanity9',
    '$.External.vanity1.deeper',
    '$.FlowAttributes.unset',
    '$.Lex.Slots.missing',
    '$.Queue.OutboundCallerId.Address',
    // Web chat has no addresses; Customer Profiles, Cases, views and tags are not there yet.
    '$.CustomerEndpoint.Address',
    '$.SystemEndpoint.Address',
    '$.Customer.FirstName',
    '$.Case.Status',
    '$.Views.Action',
    '$.References.link.Value',
    '$.TextToSpeechVoiceId',
    '$.Media.Sip.Headers.P-Asserted-Identity',
    '$.BadValue',
  ])('%s is undefined', (ref) => {
    expect(value(ref)).toBeUndefined();
  });

  it('namespaces filled by earlier blocks are empty on a fresh execution', () => {
    const bare = chatData();
    for (const ref of ['$.External.x', '$.Lex.IntentName', '$.Metrics.Queue.Size', '$.StoredCustomerInput', '$.Queue.Name', '$.Agent.UserName', '$.PreviousContactId', '$.Media.InitialMessage'])
      expect(value(ref, exec(), { ...bare, previousContactId: null })).toBeUndefined();
  });

  it('attribute names that are prototype keys are not values', () => {
    expect(value('$.Attributes.constructor')).toBeUndefined();
    expect(value('$.Attributes.__proto__')).toBeUndefined();
    expect(value('$.FlowAttributes.toString')).toBeUndefined();
  });

  it('inherited properties of a function answer, a bot result or a queue are not values', () => {
    for (const ref of ['$.External.constructor', '$.External.nested.toString', '$.External.__proto__', '$.Lex.constructor', '$.Metrics.Queue.hasOwnProperty', '$.Queue.constructor', '$.Agent.valueOf'])
      expect(value(ref)).toBeUndefined();
    expect(interpolate('[$.External.constructor][$.External.nested.a.constructor]', full, data)).toBe('[][]');
  });

  it('renders as the empty string inside text', () => {
    expect(interpolate('Hello $.Attributes.nobody!', full, data)).toBe('Hello !');
  });

  it('a static value that is not one reference is returned as it is', () => {
    expect(value('BasicQueue')).toBe('BasicQueue');
    expect(value('Dear $.Attributes.firstName')).toBe('Dear $.Attributes.firstName');
    expect(resolveValue(8, full, data)).toBe('8');
    expect(resolveValue(undefined, full, data)).toBeUndefined();
  });
});

describe('references inside text (the tokenizer of spec §3.2)', () => {
  it.each([
    ['Going to $.Queue.Name', 'Going to BasicQueue'],
    // A trailing '.' not followed by a name character ends the reference.
    ['Your number is $.External.vanity1.', 'Your number is 1-800-FLOWERS.'],
    ['Your number is $.External.vanity1.  Your second is none.', 'Your number is 1-800-FLOWERS.  Your second is none.'],
    ['Hi $.Attributes.firstName, welcome', 'Hi Ana, welcome'],
    ['Order $.Attributes.order-id: shipped', 'Order A-17: shipped'],
    ['<speak>$.Attributes.firstName</speak>', '<speak>Ana</speak>'],
    ['"$.Attributes.firstName"', '"Ana"'],
    ['a|$.Attributes.firstName|b', 'a|Ana|b'],
    ['https://x.test/$.Attributes.firstName/y', 'https://x.test/Ana/y'],
    // Attribute keys have no '.', so what follows the key is text; $.External is nested JSON.
    ["s3://bucket/$['Attributes']['firstName'].wav", 's3://bucket/Ana.wav'],
    ['prompts/$.Attributes.firstName.wav', 'prompts/Ana.wav'],
    ['on $.Channel.Bye', 'on CHAT.Bye'],
    ['[$.External.vanity1.wav]', '[]'],
    ['$.Attributes.firstName$.Attributes.loopCounter', 'Ana2'],
    ['survey_result_$.Attributes.loopCounter', 'survey_result_2'],
    ['costs $5 and $ more', 'costs $5 and $ more'],
    ['no reference here.', 'no reference here.'],
  ])('%j becomes %j', (text, expected) => {
    expect(interpolate(text, full, data)).toBe(expected);
  });

  it('finds every reference in a text, for validation', () => {
    expect(referencesIn("To $.Queue.Name and $.SegmentAttributes['connect:Subtype']. Done $.External.a. $.Attributes.f.wav")).toEqual([
      ['Queue', 'Name'],
      ['SegmentAttributes', 'connect:Subtype'],
      ['External', 'a'],
      ['Attributes', 'f'],
    ]);
  });

  it('parseReference accepts exactly one reference and nothing around it', () => {
    expect(parseReference('$.Attributes.x')).toEqual(['Attributes', 'x']);
    expect(parseReference(' $.Attributes.x ')).toEqual(['Attributes', 'x']);
    expect(parseReference('$.Attributes.x.')).toBeNull();
    expect(parseReference('$.Attributes.x y')).toBeNull();
    expect(parseReference('$')).toBeNull();
    expect(parseReference('Attributes.x')).toBeNull();
  });

  it('resolvePath reads the segments of a parsed reference', () => {
    expect(resolvePath(['SegmentAttributes', 'connect:Subtype'], full, data)).toBe('connect:SMS');
  });
});
