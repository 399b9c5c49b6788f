import { describe, expect, it } from 'vitest';
import { ACTION_ALIASES, ACTIONS } from './actions/index.js';
import { action, chatData, feed, flowOf, freshExec, reached, start, wired } from './actions/test-kit.js';
import { MAX_PURE_BLOCKS, specOf, step } from './step.js';

describe('transitions (spec §2.2)', () => {
  it('a result takes the first condition that holds, in order', () => {
    const doc = flowOf([
      action('cmp', 'Compare', { ComparisonValue: '$.Attributes.tier' }, wired({ next: 'nomatch', errors: { NoMatchingCondition: 'nomatch' }, conditions: [['TextStartsWith', 'go', 'first'], ['Equals', 'gold', 'second']] })),
    ]);
    expect(reached(start(doc, chatData({ attributes: { tier: 'gold' } })))).toBe('first');
  });

  it('no condition holding takes NoMatchingCondition, else NextAction', () => {
    const withHandler = flowOf([action('cmp', 'Compare', { ComparisonValue: 'x' }, wired({ next: 'default', errors: { NoMatchingCondition: 'nomatch' }, conditions: [['Equals', 'y', 'yes']] }))]);
    expect(reached(start(withHandler))).toBe('nomatch');
    const without = flowOf([action('cmp', 'Compare', { ComparisonValue: 'x' }, wired({ next: 'default', conditions: [['Equals', 'y', 'yes']] }))]);
    expect(reached(start(without))).toBe('default');
  });

  it('an error takes its ErrorType, else NoMatchingError, else NextAction, else ends the flow', () => {
    const t = (errors: Record<string, string>, next?: string) => {
      const doc = flowOf([action('q', 'TransferContactToQueue', undefined, wired({ next, errors }))]);
      return reached(feed(doc, start(doc), { kind: 'error', type: 'QueueAtCapacity' }));
    };
    expect(t({ QueueAtCapacity: 'full', NoMatchingError: 'err' }, 'next')).toBe('full');
    expect(t({ NoMatchingError: 'err' }, 'next')).toBe('err');
    // Old "Play prompt" exports have "Errors": [] and always go on (spec §2.5).
    expect(t({}, 'next')).toBe('next');
    expect(t({})).toBe('end');
  });

  it('success of a block that ends the flow does not follow NextAction (the console sets it to the error target)', () => {
    const doc = flowOf([action('q', 'TransferContactToQueue', undefined, wired({ next: 'err', errors: { NoMatchingError: 'err' } }))]);
    const r = start(doc);
    expect(r.command).toEqual({ kind: 'enqueue' });
    const after = feed(doc, r, { kind: 'done' });
    expect(after.command).toEqual({ kind: 'end' });
    expect(after.logs).toEqual([expect.objectContaining({ identifier: 'q', result: null, error: null, next: null })]);
  });

  it('success of a block that ends the flow inside a module ends the whole flow, not just the module', () => {
    const doc = flowOf([action('q', 'TransferContactToQueue', undefined, wired({ next: 'err', errors: { NoMatchingError: 'err' } }))]);
    const caller = { flowId: 'main', version: 1, returnTo: 'call-module', flowAttributes: {} };
    const r = start(doc, chatData(), freshExec(doc, { stack: [caller] }));
    const after = feed(doc, r, { kind: 'done' });
    expect(after.command).toEqual({ kind: 'end' });
    expect(after.exec.stack).toEqual([]);
    // A module that runs out of actions still returns to its caller.
    const last = flowOf([action('hi', 'MessageParticipant', { Text: 'hi' }, {})]);
    const ran = feed(last, start(last, chatData(), freshExec(last, { stack: [caller] })), { kind: 'done' });
    expect(ran.command).toEqual({ kind: 'return-module' });
    expect(ran.exec.stack).toEqual([caller]);
  });

  it('a block that only has side effects goes on to NextAction, and a missing NextAction ends the flow', () => {
    const doc = flowOf([action('log', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, {})]);
    const r = start(doc);
    expect(r.command).toEqual({ kind: 'end' });
    expect(r.exec.at).toBeNull();
  });

  it('runs pure blocks in one step and stops at the first command, remembering where it is', () => {
    const doc = flowOf([
      action('log', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, wired({ next: 'cmp' })),
      action('cmp', 'Compare', { ComparisonValue: '$.Channel' }, wired({ conditions: [['Equals', 'CHAT', 'hello']] })),
      action('hello', 'MessageParticipant', { Text: 'Hello' }, wired({ next: 'bye' })),
    ]);
    const r = start(doc);
    expect(r.command).toEqual({ kind: 'message', text: 'Hello' });
    expect(r.exec.at).toBe('hello');
    expect(r.logs.map((l) => [l.identifier, l.result, l.next])).toEqual([
      ['log', null, 'cmp'],
      ['cmp', 'CHAT', 'hello'],
    ]);
    const next = feed(doc, r, { kind: 'done' });
    expect(reached(next)).toBe('bye');
    expect(next.logs).toEqual([{ flowId: 'flow-1', identifier: 'hello', type: 'MessageParticipant', parameters: { Text: 'Hello' }, result: null, error: null, next: 'bye' }]);
  });

  it('never changes the execution it was given', () => {
    const doc = flowOf([action('loop', 'Loop', { LoopCount: '2' }, wired({ conditions: [['Equals', 'ContinueLooping', 'again'], ['Equals', 'DoneLooping', 'done']] }))]);
    const exec = freshExec(doc);
    const snapshot = JSON.stringify(exec);
    start(doc, chatData(), exec);
    expect(JSON.stringify(exec)).toBe(snapshot);
  });

  it('a transition to an action that does not exist ends the flow with a log entry', () => {
    const doc = { Version: '2019-10-30' as const, StartAction: 'a', Actions: [action('a', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, wired({ next: 'ghost' }))] };
    const r = start(doc);
    expect(r.command).toEqual({ kind: 'end' });
    expect(r.logs.at(-1)).toMatchObject({ identifier: 'ghost', error: expect.stringContaining('No action ghost') });
  });

  it('an unknown action type takes its error branch', () => {
    const doc = flowOf([action('x', 'TeleportCustomer', {}, wired({ next: 'ok', errors: { NoMatchingError: 'err' } }))]);
    const r = start(doc);
    expect(reached(r)).toBe('err');
    expect(r.logs[0]).toMatchObject({ identifier: 'x', error: 'NoMatchingError', next: 'err' });
  });

  it('Identifiers that are JavaScript prototype keys are ordinary Identifiers', () => {
    const doc = flowOf([action('constructor', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, wired({ next: 'toString' }))]);
    expect(reached(start(doc))).toBe('toString');
    expect(specOf('constructor').chat).toBe('error');
    expect(specOf('__proto__').chat).toBe('error');
  });

  it(`a flow that runs ${MAX_PURE_BLOCKS} blocks without waiting is stopped`, () => {
    const doc = flowOf([
      action('a', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, wired({ next: 'b' })),
      action('b', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, wired({ next: 'a' })),
    ]);
    const r = start(doc);
    expect(r.command).toEqual({ kind: 'end' });
    expect(r.exec.at).toBeNull();
    expect(r.logs.at(-1)?.error).toMatch(/stopped/);
  });

  it('an event for an execution whose action is gone ends the flow', () => {
    const doc = flowOf([action('a', 'MessageParticipant', { Text: 'hi' }, {})]);
    const r = step(doc, freshExec(doc, { at: 'vanished' }), { kind: 'done' }, chatData());
    expect(r.command).toEqual({ kind: 'end' });
  });

  it('clears what the flow was parked on as soon as it moves', () => {
    const doc = flowOf([action('w', 'Wait', { TimeLimitSeconds: '60' }, wired({ conditions: [['Equals', 'WaitCompleted', 'done']] }))]);
    const r = step(doc, freshExec(doc, { at: 'w', parked: { kind: 'wait', events: [], until: 1 } }), { kind: 'result', value: 'WaitCompleted' }, chatData());
    expect(r.exec.parked).toBeNull();
    expect(reached(r)).toBe('done');
  });
});

describe('the action catalogue (spec §5.1)', () => {
  const SPEC_TYPES = [
    'MessageParticipant', 'DisconnectParticipant', 'UpdateContactAttributes', 'Compare', 'UpdateFlowLoggingBehavior', 'InvokeLambdaFunction',
    'GetParticipantInput', 'UpdateContactTargetQueue', 'TransferContactToQueue', 'TransferToFlow', 'Loop', 'ShowView', 'EndFlowExecution',
    'UpdateContactRecordingBehavior', 'UpdateContactEventHooks', 'MessageParticipantIteratively', 'UpdateContactMediaStreamingBehavior',
    'CheckHoursOfOperation', 'UpdateContactTextToSpeechVoice', 'UpdateFlowAttributes', 'ConnectParticipantWithLexBot', 'UpdateContactData',
    'CheckMetricData', 'TransferParticipantToThirdParty', 'GetMetricData', 'Wait', 'CreateTask', 'InvokeFlowModule', 'EndFlowModuleExecution',
    'UpdateContactRoutingBehavior', 'UpdateRoutingCriteria', 'DequeueContactAndTransferToQueue', 'DistributeByPercentage', 'TransferContactToAgent',
    'UpdatePreviousContactParticipantState', 'UpdateContactCallbackNumber', 'CreateCallbackContact', 'CheckVoiceId', 'StartVoiceIdStream',
    'CompleteOutboundCall', 'CheckOutboundCallStatus', 'TagContact', 'UnTagContact', 'CreateCustomerProfile', 'GetCustomerProfile',
    'UpdateCustomerProfile', 'CreateCase', 'GetCase', 'UpdateCase',
  ];

  it('knows every action type of the summary table', () => {
    expect(SPEC_TYPES.filter((t) => !ACTIONS.has(t))).toEqual([]);
  });

  it('runs the export name UpdateContactRoutingCriteria as UpdateRoutingCriteria', () => {
    expect(ACTION_ALIASES.get('UpdateContactRoutingCriteria')).toBe('UpdateRoutingCriteria');
    expect(specOf('UpdateContactRoutingCriteria')).toBe(ACTIONS.get('UpdateRoutingCriteria'));
  });
});
