import { describe, expect, it } from 'vitest';
import { action, chatData, feed, flowOf, reached, start, wired } from './test-kit.js';

const ON_ERROR = wired({ next: 'ok', errors: { NoMatchingError: 'error' } });
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:vanity';

describe('InvokeLambdaFunction (spec §5.22)', () => {
  it('calls the function with its attributes resolved, the time limit and the response type', () => {
    const doc = flowOf([
      action(
        'fn',
        'InvokeLambdaFunction',
        { LambdaFunctionARN: '$.Attributes.fn', InvocationTimeLimitSeconds: '5', LambdaInvocationAttributes: { phone: '$.Attributes.phone', note: 'for $.Attributes.name' }, ResponseValidation: { ResponseType: 'JSON' } },
        ON_ERROR,
      ),
    ]);
    const r = start(doc, chatData({ attributes: { fn: ARN, phone: '+15550100', name: 'Ana' } }));
    expect(r.command).toEqual({ kind: 'invoke-lambda', functionArn: ARN, parameters: { phone: '+15550100', note: 'for Ana' }, timeoutSeconds: 5, responseType: 'JSON' });
    expect(r.exec.at).toBe('fn');
  });

  it('defaults to STRING_MAP and 3 s, and keeps the time limit within 1 to 8 s', () => {
    const limit = (v?: string) => start(flowOf([action('fn', 'InvokeLambdaFunction', { LambdaFunctionARN: ARN, ...(v ? { InvocationTimeLimitSeconds: v } : {}) }, ON_ERROR)])).command;
    expect(limit()).toMatchObject({ timeoutSeconds: 3, responseType: 'STRING_MAP', parameters: {} });
    expect(limit('30')).toMatchObject({ timeoutSeconds: 8 });
    expect(limit('0')).toMatchObject({ timeoutSeconds: 1 });
  });

  it('goes on after an answer, whose values the next blocks read in $.External; a failure takes the error branch', () => {
    const doc = flowOf([
      action('fn', 'InvokeLambdaFunction', { LambdaFunctionARN: ARN }, ON_ERROR),
      action('ok', 'MessageParticipant', { Text: 'Your number is $.External.vanity1.' }, {}),
    ]);
    const r = start(doc);
    const answered = { ...r, exec: { ...r.exec, external: { vanity1: '1-800-FLOWERS' } } };
    expect(feed(doc, answered, { kind: 'done' }).command).toEqual({ kind: 'message', text: 'Your number is 1-800-FLOWERS.' });
    const failed = feed(doc, r, { kind: 'error', type: 'NoMatchingError', detail: 'HTTP 500' });
    expect(reached(failed)).toBe('error');
    expect(failed.logs[0]).toMatchObject({ identifier: 'fn', error: 'NoMatchingError', detail: 'HTTP 500', next: 'error' });
  });

  it('takes the error branch with no function, or for an asynchronous call', () => {
    expect(reached(start(flowOf([action('fn', 'InvokeLambdaFunction', { LambdaFunctionARN: '$.Attributes.none' }, ON_ERROR)])))).toBe('error');
    const r = start(flowOf([action('fn', 'InvokeLambdaFunction', { LambdaFunctionARN: ARN, InvocationType: 'ASYNCHRONOUS' }, ON_ERROR)]));
    expect(reached(r)).toBe('error');
    expect(r.logs[0].detail).toMatch(/ASYNCHRONOUS/);
  });
});

describe('actions Parley does not have yet take their error branch, and the log says why', () => {
  it('CreateTask: tasks do not exist yet', () => {
    const r = start(flowOf([action('task', 'CreateTask', { Name: 'Sample task', ContactFlowId: 'f-1', Attributes: { Type: 'inbound' } }, wired({ next: 'after', errors: { NoMatchingError: 'error' } }))]));
    expect(reached(r)).toBe('error');
    expect(r.logs[0]).toMatchObject({ identifier: 'task', type: 'CreateTask', error: 'NoMatchingError', detail: expect.stringMatching(/tasks are not supported/) });
  });

  it.each(['CreateCustomerProfile', 'GetCustomerProfile', 'UpdateCustomerProfile', 'AssociateContactToCustomerProfile', 'GetCustomerProfileObject', 'GetCalculatedAttributesForCustomerProfile'])(
    '%s: Customer Profiles',
    (type) => {
      const r = start(flowOf([action('p', type, {}, wired({ next: 'after', errors: { NoMatchingError: 'error', NoneFoundError: 'none' } }))]));
      expect(reached(r)).toBe('error');
      expect(r.logs[0].detail).toMatch(/Customer Profiles/);
    },
  );

  it.each(['CreateCase', 'GetCase', 'UpdateCase'])('%s: Cases', (type) => {
    const r = start(flowOf([action('c', type, {}, ON_ERROR)]));
    expect(reached(r)).toBe('error');
    expect(r.logs[0].detail).toMatch(/Cases/);
  });
});

describe('voice-only blocks (spec §5.1, §5.28)', () => {
  it.each([
    'UpdateContactMediaStreamingBehavior',
    'TransferParticipantToThirdParty',
    'TransferContactToAgent',
    'UpdatePreviousContactParticipantState',
    'UpdateContactCallbackNumber',
    'CreateCallbackContact',
    'CheckVoiceId',
    'StartVoiceIdStream',
    'CompleteOutboundCall',
    'CheckOutboundCallStatus',
  ])('%s takes its error branch on chat', (type) => {
    const r = start(flowOf([action('v', type, {}, wired({ next: 'next', errors: { NoMatchingError: 'error' } }))]));
    expect(reached(r)).toBe('error');
    expect(r.logs[0]).toMatchObject({ error: 'NoMatchingError', detail: `${type} is voice-only` });
  });

  it('TransferContactToAgent, which has no branches, ends the flow', () => {
    expect(start(flowOf([action('v', 'TransferContactToAgent', undefined, {})])).command).toEqual({ kind: 'end' });
  });

  it.each(['UpdateContactTextToSpeechVoice', 'UpdateContactRecordingBehavior', 'UpdateContactRecordingAndAnalyticsBehavior', 'TagContact', 'UnTagContact'])(
    '%s succeeds with nothing to do on chat',
    (type) => {
      expect(reached(start(flowOf([action('v', type, { TextToSpeechVoice: 'Joanna' }, ON_ERROR)])))).toBe('ok');
    },
  );
});
