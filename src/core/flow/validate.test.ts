import { describe, expect, it } from 'vitest';
import type { FlowAction, FlowDocument } from './flow-document.js';
import { findJsonSyntaxError } from './json-position.js';
import { describeProblem, validateFlow, type KnownRefs } from './validate.js';

const end: FlowAction = { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
const say = (Identifier: string, Parameters: Record<string, unknown> = { Text: 'Hi' }, next = 'end'): FlowAction => ({
  Identifier,
  Type: 'MessageParticipant',
  Parameters,
  Transitions: { NextAction: next },
});
const flow = (...actions: FlowAction[]): FlowDocument => ({ Version: '2019-10-30', StartAction: actions[0].Identifier, Actions: [...actions, end] });
const problems = (input: unknown, opts = {}) => validateFlow(input, opts).problems.map(describeProblem);
const warnings = (input: unknown, opts = {}) => validateFlow(input, opts).warnings.map(describeProblem);

describe('the document', () => {
  it('accepts a small valid flow, as JSON text or parsed', () => {
    expect(validateFlow(JSON.stringify(flow(say('hi')))).problems).toEqual([]);
    expect(validateFlow(flow(say('hi'))).flow?.StartAction).toBe('hi');
  });

  it('names malformed JSON by line and column, with the place a comma is missing', () => {
    expect(problems('{\n  "Version": "2019-10-30"\n  "StartAction": "x"\n}')).toEqual([
      `Malformed JSON at line 3, column 3: unexpected '"': expected ',' or '}' after a property value (is a comma missing at line 2, column 26, after the value there?)`,
    ]);
    expect(problems('{"Actions": [1, 2,]}')).toEqual([`Malformed JSON at line 1, column 19: unexpected ']': expected a value (a trailing comma?)`]);
    expect(problems('{"Version": "2019-10-30", ')).toEqual([`Malformed JSON at line 1, column 27: unexpected end of the text: expected a property name in double quotes`]);
  });

  it('requires Version, StartAction and Actions, and StartAction to be an action', () => {
    expect(problems({})).toEqual([
      'Version: missing: the flow language version "2019-10-30" is required',
      'Actions: missing: a flow needs a list of actions',
    ]);
    expect(problems({ Version: '2020-01-01', StartAction: 'nope', Actions: [end] })).toEqual([
      'Version: "2020-01-01" is not supported: only "2019-10-30" is',
      'StartAction: "nope" is not the Identifier of an action in the flow',
    ]);
    expect(problems('[]')).toEqual(['The flow must be a JSON object with Version, StartAction and Actions']);
  });

  it('allows at most 250 actions', () => {
    const many = Array.from({ length: 250 }, (_, i) => say(`a${i}`));
    expect(problems(flow(...many))).toEqual(['Actions: 251 actions: a flow may have at most 250']);
  });

  it('points a legacy export at the importer', () => {
    expect(problems({ modules: [], version: '1', start: 'x' })).toEqual([expect.stringContaining('legacy export format')]);
  });
});

describe('identifiers and transitions', () => {
  it('refuses duplicate, too long, forbidden and reserved identifiers (prototype keys included)', () => {
    const long = 'x'.repeat(51);
    expect(problems(flow(say('a'), say('a'), say(long), say('a:b'), say('__proto__'), say('constructor')))).toEqual([
      'Action "a", Identifier: used by more than one action: Identifiers must be unique',
      `Action "${long}", Identifier: longer than 50 characters`,
      'Action "a:b", Identifier: contains ":": the characters % : ( \\ / ) = $ , ; [ ] { } are not allowed',
      'Action "__proto__", Identifier: "__proto__" is a reserved word',
      'Action "constructor", Identifier: "constructor" is a reserved word',
    ]);
    expect(({} as Record<string, unknown>).Type).toBeUndefined();
  });

  it('accepts friendly names with spaces and 50 characters', () => {
    expect(problems(flow(say('Set VMX Agent Whisper'), say('y'.repeat(50))))).toEqual([]);
  });

  it('refuses transitions to actions that do not exist, wherever they are', () => {
    const branching: FlowAction = {
      Identifier: 'cmp',
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.Channel' },
      Transitions: {
        NextAction: 'gone1',
        Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'gone2' }],
        Conditions: [{ NextAction: 'gone3', Condition: { Operator: 'Equals', Operands: ['CHAT'] } }],
      },
    };
    expect(problems(flow(branching))).toEqual([
      'Action "cmp", Transitions.NextAction: goes to "gone1", which is not an action in the flow',
      'Action "cmp", Transitions.Errors[0].NextAction: goes to "gone2", which is not an action in the flow',
      'Action "cmp", Transitions.Conditions[0].NextAction: goes to "gone3", which is not an action in the flow',
    ]);
  });

  it('refuses operators outside the language and conditions without operands', () => {
    const c = (Operator: string, Operands: string[]): FlowAction => ({
      Identifier: `c-${Operator}`,
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.Attributes.x' },
      Transitions: { NextAction: 'end', Conditions: [{ NextAction: 'end', Condition: { Operator, Operands } }] },
    });
    expect(problems(flow(c('NumberGreaterThan', ['5']), c('Contains', ['x']), c('Equals', [])))).toEqual([
      expect.stringMatching(/^Action "c-Contains", Transitions.Conditions\[0\].Condition.Operator: "Contains" is not an operator \(one of Equals, /),
      'Action "c-Equals", Transitions.Conditions[0].Condition.Operands: must be a list of at least one string',
    ]);
  });

  it('warns about actions no path reaches', () => {
    expect(warnings(flow(say('hi'), say('orphan')))).toEqual(['Action "orphan": no path from StartAction reaches this action']);
  });
});

describe('action types and parameters', () => {
  it('refuses unknown types; accepts voice-only ones with a warning (they take their error branch on chat)', () => {
    const t = (Type: string): FlowAction => ({ Identifier: Type, Type, Parameters: {}, Transitions: { NextAction: 'end' } });
    const doc = flow(t('PlayHoldMusic'), t('UpdateContactCallbackNumber'));
    expect(problems(doc)).toEqual(['Action "PlayHoldMusic", Type: unknown action type "PlayHoldMusic": Parley does not know this block, so the flow could not run it']);
    expect(warnings(doc)).toContain('Action "UpdateContactCallbackNumber": UpdateContactCallbackNumber is voice-only: on a chat it takes its error branch');
  });

  it('refuses missing required parameters, and none or two of exactly-one-of parameters', () => {
    const cmp: FlowAction = { Identifier: 'cmp', Type: 'Compare', Transitions: { NextAction: 'end' } };
    expect(problems(flow(cmp, say('none', {}), say('two', { Text: 'a', SSML: '<speak/>' })))).toEqual([
      'Action "cmp", Parameters.ComparisonValue: missing: Compare needs ComparisonValue',
      'Action "none", Parameters: MessageParticipant needs one of Text, PromptId, SSML, Media',
      'Action "two", Parameters: MessageParticipant takes only one of Text, PromptId, SSML, Media, not Text and SSML',
    ]);
  });

  it('bounds Wait (1 to 604800 seconds, any spelling, known events) and Loop (0 to 100); a $. value is checked when it runs', () => {
    const wait = (Identifier: string, Parameters: Record<string, unknown>): FlowAction => ({ Identifier, Type: 'Wait', Parameters, Transitions: { NextAction: 'end' } });
    const loop = (Identifier: string, LoopCount: unknown): FlowAction => ({ Identifier, Type: 'Loop', Parameters: { LoopCount }, Transitions: { NextAction: 'end' } });
    const ok = flow(wait('w1', { TimeLimitSeconds: '604800' }), wait('w2', { TimeoutSeconds: 1, Events: ['CustomerReturned'] }), wait('w3', { TimeLimitSeconds: '$.External.wait' }), loop('l1', '0'), loop('l2', 100));
    expect(problems(ok)).toEqual([]);
    const bad = flow(wait('w1', { TimeLimitSeconds: '0' }), wait('w2', {}), wait('w3', { TimeLimitSeconds: '10', Events: ['CustomerTyping'] }), loop('l1', '-1'), loop('l2', 'many'));
    expect(problems(bad)).toEqual([
      'Action "w1", Parameters.TimeLimitSeconds: "0" is out of range: a whole number from 1 to 604800',
      'Action "w2", Parameters.TimeLimitSeconds: missing: Wait needs TimeLimitSeconds (how long to wait, 1 to 604800 seconds)',
      'Action "w3", Parameters.Events: "CustomerTyping" is not a Wait event (one of CustomerReturned, BotParticipantDisconnected)',
      'Action "l1", Parameters.LoopCount: "-1" is out of range: a whole number from 0 to 100',
      'Action "l2", Parameters.LoopCount: "many" is out of range: a whole number from 0 to 100',
    ]);
  });

  it('refuses an unknown $. namespace where the parameter is one reference, and only warns in free text', () => {
    const doc = flow(
      { Identifier: 'cmp', Type: 'Compare', Parameters: { ComparisonValue: "$['BadValue']" }, Transitions: { NextAction: 'say' } },
      say('say', { Text: 'Hello $.Attributes.name, your $.Custom.thing and $.SegmentAttributes[\'connect:Subtype\']' }),
    );
    expect(problems(doc)).toEqual([expect.stringMatching(/^Action "cmp", Parameters.ComparisonValue: "\$.BadValue" reads an unknown namespace "BadValue"/)]);
    expect(warnings(doc)).toEqual([expect.stringMatching(/^Action "say", Parameters.Text: "\$.Custom.thing" reads an unknown namespace "Custom" .*: it will be empty at run time$/)]);
  });

  it('refuses template placeholders left in parameters, but not in metadata', () => {
    const doc = {
      ...flow(say('hi', { Text: 'Hi {{customer.name}}' }), { Identifier: 'hop', Type: 'TransferToFlow', Parameters: { ContactFlowId: '${aws_connect_contact_flow.x.id}' }, Transitions: { NextAction: 'end' } }),
      Metadata: { ActionMetadata: { hop: { ContactFlow: { id: '${aws_connect_contact_flow.x.id}' } } } },
    };
    expect(problems(doc)).toEqual([
      expect.stringMatching(/^Action "hi", Parameters.Text: unresolved template placeholder \{\{customer.name\}\}/),
      expect.stringMatching(/^Action "hop", Parameters.ContactFlowId: unresolved template placeholder \$\{aws_connect_contact_flow.x.id\}/),
    ]);
  });

  it('refuses an event hook that does not exist', () => {
    const hooks: FlowAction = { Identifier: 'hooks', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerLeaves: 'x' } }, Transitions: { NextAction: 'end' } };
    expect(problems(flow(hooks))).toEqual([expect.stringMatching(/^Action "hooks", Parameters.EventHooks.CustomerLeaves: "CustomerLeaves" is not an event hook/)]);
  });

  it('warns, never refuses, where the docs restrict an action to some flow types (spec §4)', () => {
    const transfer: FlowAction = { Identifier: 'transfer', Type: 'TransferContactToQueue', Transitions: { NextAction: 'end' } };
    const r = validateFlow(flow(transfer), { type: 'CUSTOMER_QUEUE' });
    expect(r.problems).toEqual([]);
    expect(r.warnings.map(describeProblem)).toEqual(['Action "transfer": TransferContactToQueue is documented for CONTACT_FLOW, AGENT_TRANSFER, QUEUE_TRANSFER flows, not CUSTOMER_QUEUE']);
    expect(warnings(flow(say('hi')), { type: 'AGENT_HOLD' })).toEqual(['AGENT_HOLD flows are voice-only: chats never run them']);
  });
});

describe('references to what the instance has', () => {
  const known: KnownRefs = {
    queues: new Set(['q-1', 'BasicQueue']),
    flows: new Map([
      ['f-1', 'CONTACT_FLOW'],
      ['Queue music', 'CUSTOMER_QUEUE'],
    ]),
    functions: new Set(['lookup']),
  };
  let n = 0;
  const queue = (QueueId: string, Identifier = `q${++n}`): FlowAction => ({ Identifier, Type: 'UpdateContactTargetQueue', Parameters: { QueueId }, Transitions: { NextAction: 'end' } });

  it('resolves queues by id, trailing ARN id or name, functions by ARN or name, and skips $. values', () => {
    const fn = (LambdaFunctionARN: string): FlowAction => ({ Identifier: `fn ${LambdaFunctionARN.length}`, Type: 'InvokeLambdaFunction', Parameters: { LambdaFunctionARN }, Transitions: { NextAction: 'end' } });
    const doc = flow(queue('q-1'), queue('arn:aws:connect:us-east-1:1:instance/i/queue/q-1'), queue('BasicQueue'), queue('$.Attributes.queue'), fn('lookup'), fn('arn:aws:lambda:us-east-1:123456789012:function:lookup'));
    expect(validateFlow(doc, { knownRefs: known }).problems).toEqual([]);
  });

  it('refuses what the instance lacks, with the file\'s name for it and the --map that fixes it', () => {
    const doc = {
      ...flow(queue('arn:aws:connect:us-east-1:2:instance/j/queue/zzz', 'sales')),
      Metadata: { ActionMetadata: { sales: { queue: { id: 'x', text: 'Sales' } } } },
    };
    expect(problems(doc, { knownRefs: known })).toEqual([
      `Action "sales", Parameters.QueueId: no queue arn:aws:connect:us-east-1:2:instance/j/queue/zzz in this instance (called "Sales" in the file): create it, or import with --map 'arn:aws:connect:us-east-1:2:instance/j/queue/zzz=LOCAL_QUEUE_NAME'`,
    ]);
  });

  it('warns when a hook names a flow of the wrong type (it would take the error branch)', () => {
    const hooks: FlowAction = { Identifier: 'hooks', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerQueue: 'f-1', CustomerRemaining: 'f-1' } }, Transitions: { NextAction: 'end' } };
    const r = validateFlow(flow(hooks), { knownRefs: known });
    expect(r.problems).toEqual([]);
    expect(r.warnings.map(describeProblem)).toEqual([
      'Action "hooks", Parameters.EventHooks.CustomerQueue: flow f-1 is a CONTACT_FLOW flow, where a CUSTOMER_QUEUE flow is expected: at run time this takes the error branch',
    ]);
  });
});

describe('findJsonSyntaxError', () => {
  it('finds unterminated strings, raw line breaks in strings, bad escapes and text after the value', () => {
    expect(findJsonSyntaxError('{"a": "b')).toMatchObject({ line: 1, column: 7, message: expect.stringContaining('not closed') });
    expect(findJsonSyntaxError('{"a": "b\nc"}')).toMatchObject({ line: 1, column: 9, message: expect.stringContaining('raw line break') });
    expect(findJsonSyntaxError('{"a": "\\x"}')).toMatchObject({ column: 8, message: 'invalid escape sequence in a string' });
    expect(findJsonSyntaxError('{} {}')).toMatchObject({ column: 4, message: "unexpected '{' after the end of the JSON value" });
    expect(findJsonSyntaxError('{"a": [1, {"b": null}], "c": -1.5e3}')).toBeNull();
  });

  it('refuses parameters nested absurdly deep instead of running out of stack', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5_000; i++) deep = { a: deep };
    expect(problems(flow(say('hello', { Text: 'Hi', Extra: deep })))).toEqual(['Action "hello", Parameters: nested more than 32 levels deep']);
  });

  it('survives deep nesting without recursion', () => {
    expect(findJsonSyntaxError('['.repeat(200_000))).toMatchObject({ offset: 200_000, message: 'unexpected end of the text: expected a value' });
  });
});
