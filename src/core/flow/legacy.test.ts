import { describe, expect, it } from 'vitest';
import type { FlowDocument } from './flow-document.js';
import { convertLegacyFlow, isLegacyFlow } from './legacy.js';
import { applyReferenceMap, referenceSlots } from './reference-map.js';
import { describeProblem, validateFlow } from './validate.js';

const QUEUE = 'arn:aws:connect:us-west-2:111111111111:instance/aaaa/queue/bbbb';
const FLOW = 'arn:aws:connect:us-west-2:111111111111:instance/aaaa/contact-flow/cccc';

/** A legacy export in the shape of the old designer's (spec §7), one module per kind of block. */
const legacy = {
  modules: [
    {
      id: 'hook',
      type: 'SetEventHook',
      branches: [{ condition: 'Success', transition: 'log' }, { condition: 'Error', transition: 'log' }],
      parameters: [{ name: 'Type', value: 'CustomerRemaining' }, { name: 'ContactFlowId', value: FLOW, resourceName: 'Disconnect flow' }],
      target: 'Flow',
      metadata: { position: { x: 10, y: 20 } },
    },
    { id: 'log', type: 'SetLoggingBehavior', branches: [{ condition: 'Success', transition: 'attrs' }], parameters: [{ name: 'LoggingBehavior', value: 'Enable' }] },
    {
      id: 'attrs',
      type: 'SetAttributes',
      branches: [{ condition: 'Success', transition: 'channel' }, { condition: 'Error', transition: 'channel' }],
      parameters: [
        { name: 'Attribute', key: 'greeted', value: 'true', namespace: null },
        { name: 'Attribute', key: 'state', value: 'State', namespace: 'External' },
        { name: 'Attribute', key: 'odd name', value: 'my key', namespace: 'User Defined' },
      ],
    },
    {
      id: 'channel',
      type: 'CheckAttribute',
      branches: [
        { condition: 'Evaluate', conditionType: 'Equals', conditionValue: 'CHAT', transition: 'hello' },
        { condition: 'Evaluate', conditionType: 'GreaterThanOrEqualTo', conditionValue: 5, transition: 'hello' },
        { condition: 'NoMatch', transition: 'end' },
      ],
      parameters: [{ name: 'Attribute', value: 'Channel' }, { name: 'Namespace', value: 'System' }],
    },
    {
      id: 'hello',
      type: 'PlayPrompt',
      branches: [{ condition: 'Success', transition: 'fn' }],
      parameters: [{ name: 'Text', value: 'Hi $.Attributes.name', namespace: null }, { name: 'TextToSpeechType', value: 'text' }],
    },
    {
      id: 'fn',
      type: 'InvokeExternalResource',
      target: 'Lambda',
      branches: [{ condition: 'Success', transition: 'queue' }, { condition: 'Error', transition: 'end' }],
      parameters: [{ name: 'FunctionArn', value: 'arn:aws:lambda:us-west-2:111111111111:function:lookup', namespace: null }, { name: 'TimeLimit', value: '4' }, { name: 'Parameter', key: 'who', value: 'name', namespace: 'User Defined' }],
    },
    { id: 'queue', type: 'SetQueue', branches: [{ condition: 'Success', transition: 'loop' }, { condition: 'Error', transition: 'end' }], parameters: [{ name: 'Queue', value: QUEUE, namespace: null, resourceName: 'Sales' }] },
    { id: 'loop', type: 'Loop', branches: [{ condition: 'Looping', transition: 'wait' }, { condition: 'Complete', transition: 'transfer' }], parameters: [{ name: 'LoopCount', value: '2' }] },
    {
      id: 'wait',
      type: 'Wait',
      branches: [{ condition: 'CustomerReturn', transition: 'transfer' }, { condition: 'Timeout', transition: 'loop' }, { condition: 'Error', transition: 'end' }],
      parameters: [{ name: 'TimeoutSeconds', value: '300' }, { name: 'InterruptOnCustomerReturn', value: 'true' }],
    },
    { id: 'transfer', type: 'Transfer', target: 'Queue', branches: [{ condition: 'AtCapacity', transition: 'end' }, { condition: 'Error', transition: 'end' }], parameters: [] },
    { id: 'pop', type: 'SetScreenPop', branches: [{ condition: 'Success', transition: 'end' }], parameters: [{ name: 'Url', value: 'https://x' }] },
    { id: 'end', type: 'Disconnect', branches: [], parameters: [] },
  ],
  version: '1',
  type: 'contactFlow',
  start: 'hook',
  metadata: { entryPointPosition: { x: 1, y: 2 }, name: 'Legacy sample', description: null, type: 'contactFlow', status: 'published', hash: 'h' },
};

const action = (flow: FlowDocument, id: string) => flow.Actions.find((a) => a.Identifier === id);

describe('convertLegacyFlow', () => {
  const { flow, notes } = convertLegacyFlow(legacy);

  it('recognises the legacy format', () => {
    expect(isLegacyFlow(legacy)).toBe(true);
    expect(isLegacyFlow(flow)).toBe(false);
  });

  it('keeps the start, the name, the type and the block positions', () => {
    expect(flow).toMatchObject({ Version: '2019-10-30', StartAction: 'hook', Metadata: { name: 'Legacy sample', type: 'contactFlow', entryPointPosition: { x: 1, y: 2 } } });
    expect((flow.Metadata!.ActionMetadata as Record<string, { position?: unknown }>).hook.position).toEqual({ x: 10, y: 20 });
  });

  it('maps each block to its action, namespaced values to references, branches to transitions', () => {
    expect(action(flow, 'hook')).toEqual({
      Identifier: 'hook',
      Type: 'UpdateContactEventHooks',
      Parameters: { EventHooks: { CustomerRemaining: FLOW } },
      Transitions: { NextAction: 'log', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'log' }] },
    });
    expect(action(flow, 'log')!.Parameters).toEqual({ FlowLoggingBehavior: 'Enabled' });
    expect(action(flow, 'attrs')!.Parameters).toEqual({ Attributes: { greeted: 'true', state: '$.External.State', 'odd name': "$.Attributes['my key']" }, TargetContact: 'Current' });
    expect(action(flow, 'channel')).toEqual({
      Identifier: 'channel',
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.Channel' },
      Transitions: {
        NextAction: 'end',
        Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'end' }],
        Conditions: [
          { NextAction: 'hello', Condition: { Operator: 'Equals', Operands: ['CHAT'] } },
          { NextAction: 'hello', Condition: { Operator: 'NumberGreaterOrEqualTo', Operands: ['5'] } },
        ],
      },
    });
    expect(action(flow, 'hello')!.Parameters).toEqual({ Text: 'Hi $.Attributes.name' });
    expect(action(flow, 'fn')!.Parameters).toEqual({ LambdaFunctionARN: 'arn:aws:lambda:us-west-2:111111111111:function:lookup', InvocationTimeLimitSeconds: '4', LambdaInvocationAttributes: { who: '$.Attributes.name' } });
    expect(action(flow, 'queue')).toMatchObject({ Type: 'UpdateContactTargetQueue', Parameters: { QueueId: QUEUE } });
    expect(action(flow, 'loop')!.Transitions.Conditions!.map((c) => [c.Condition.Operands[0], c.NextAction])).toEqual([
      ['ContinueLooping', 'wait'],
      ['DoneLooping', 'transfer'],
    ]);
    expect(action(flow, 'wait')).toMatchObject({ Type: 'Wait', Parameters: { TimeLimitSeconds: '300', Events: ['CustomerReturned'] } });
    expect(action(flow, 'transfer')!.Transitions.Errors).toEqual([
      { ErrorType: 'QueueAtCapacity', NextAction: 'end' },
      { ErrorType: 'NoMatchingError', NextAction: 'end' },
    ]);
    expect(action(flow, 'end')).toEqual({ Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} });
  });

  it('keeps the friendly names of referenced resources, so that an import can map them by name', () => {
    expect(referenceSlots(flow).map((s) => [s.field, s.displayName])).toEqual([
      ['Parameters.EventHooks.CustomerRemaining', 'Disconnect flow'],
      ['Parameters.LambdaFunctionARN', undefined],
      ['Parameters.QueueId', 'Sales'],
    ]);
    const { flow: mapped, matched } = applyReferenceMap(flow, new Map([['Sales', 'BasicQueue'], ['Disconnect flow', 'Local disconnect']]), (kind, name) => (kind === 'flow' ? `arn:flow/${name}` : undefined));
    expect(action(mapped, 'queue')!.Parameters!.QueueId).toBe('BasicQueue');
    expect((action(mapped, 'hook')!.Parameters!.EventHooks as Record<string, string>).CustomerRemaining).toBe('arn:flow/Local disconnect');
    expect([...matched].sort()).toEqual(['Disconnect flow', 'Sales']);
  });

  it('says what it could not convert; the flow then fails validation on exactly that block', () => {
    expect(notes).toEqual(['pop: no conversion for the legacy block "SetScreenPop"']);
    expect(validateFlow(flow).problems.map(describeProblem)).toEqual([
      'Action "pop", Type: unknown action type "SetScreenPop": Parley does not know this block, so the flow could not run it',
    ]);
  });
});

describe('applyReferenceMap', () => {
  const doc: FlowDocument = {
    Version: '2019-10-30',
    StartAction: 'q',
    Metadata: { ActionMetadata: { q: { queue: { id: '${var.queue}', text: 'Sales' } } } },
    Actions: [
      { Identifier: 'q', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: '${var.queue}' }, Transitions: { NextAction: 'm' } },
      { Identifier: 'm', Type: 'MessageParticipant', Parameters: { Text: 'Account ${var.account} is ready' }, Transitions: { NextAction: 'e' } },
      { Identifier: 'e', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };

  it('replaces placeholders inside text and exact references, in parameters and metadata, and reports what matched', () => {
    const map = new Map([
      ['${var.queue}', 'BasicQueue'],
      ['${var.account}', '1234'],
      ['nothing-like-this', 'x'],
    ]);
    const { flow, matched } = applyReferenceMap(doc, map, (kind, local) => (kind === 'queue' ? `arn:queue/${local}` : undefined));
    expect(flow.Actions[0].Parameters!.QueueId).toBe('arn:queue/BasicQueue');
    expect(flow.Actions[1].Parameters!.Text).toBe('Account 1234 is ready');
    expect(JSON.stringify(flow.Metadata)).toContain('"id":"BasicQueue"');
    expect([...matched].sort()).toEqual(['${var.account}', '${var.queue}']);
    expect(doc.Actions[0].Parameters!.QueueId).toBe('${var.queue}');
  });
});
