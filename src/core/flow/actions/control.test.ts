import { describe, expect, it } from 'vitest';
import { action, chatData, feed, flowOf, freshExec, reached, start, wired } from './test-kit.js';

const WAIT_BRANCHES = wired({ next: 'error', errors: { NoMatchingError: 'error' }, conditions: [['Equals', 'CustomerReturned', 'returned'], ['Equals', 'WaitCompleted', 'expired']] });

describe('ending and jumping', () => {
  it('DisconnectParticipant ends the flow with a disconnect', () => {
    const r = start(flowOf([action('bye', 'DisconnectParticipant', {}, {})]));
    expect(r.command).toEqual({ kind: 'disconnect' });
    expect(r.exec.at).toBeNull();
    expect(r.logs).toEqual([expect.objectContaining({ identifier: 'bye', type: 'DisconnectParticipant', next: null })]);
  });

  it('EndFlowExecution ends the flow without disconnecting', () => {
    const r = start(flowOf([action('end', 'EndFlowExecution', {}, {})]));
    expect(r.command).toEqual({ kind: 'end' });
    expect(r.exec.at).toBeNull();
    expect(r.logs).toEqual([expect.objectContaining({ identifier: 'end', type: 'EndFlowExecution' })]);
  });

  it('TransferToFlow asks for the other flow (a reference resolved); success ends this one; a missing flow takes the error branch', () => {
    const doc = flowOf([action('go', 'TransferToFlow', { ContactFlowId: '$.Attributes.nextFlow' }, wired({ next: 'error', errors: { NoMatchingError: 'error' } }))]);
    const r = start(doc, chatData({ attributes: { nextFlow: 'arn:aws:connect:us-east-1:1:instance/i/contact-flow/f-2' } }));
    expect(r.command).toEqual({ kind: 'transfer-to-flow', flowRef: 'arn:aws:connect:us-east-1:1:instance/i/contact-flow/f-2' });
    expect(reached(feed(doc, r, { kind: 'error', type: 'NoMatchingError' }))).toBe('error');
    expect(feed(doc, r, { kind: 'done' }).command).toEqual({ kind: 'end' });
    // A reference with no value cannot name a flow.
    expect(reached(start(doc))).toBe('error');
  });

  it('InvokeFlowModule calls the module and goes on to NextAction when it returns', () => {
    const doc = flowOf([action('call', 'InvokeFlowModule', { FlowModuleId: 'mod-1' }, wired({ next: 'after', errors: { NoMatchingError: 'error' } }))]);
    const r = start(doc);
    expect(r.command).toEqual({ kind: 'invoke-module', moduleRef: 'mod-1' });
    expect(r.exec.at).toBe('call');
    expect(reached(feed(doc, r, { kind: 'done' }))).toBe('after');
    expect(reached(feed(doc, r, { kind: 'error', type: 'NoMatchingError' }))).toBe('error');
  });

  it('EndFlowModuleExecution returns to the caller, and so does a module that runs out of actions', () => {
    const frame = { flowId: 'caller', version: 1, returnTo: 'call', flowAttributes: {} };
    const module = flowOf([action('ret', 'EndFlowModuleExecution', {}, {})]);
    const r = start(module, chatData(), freshExec(module, { stack: [frame] }));
    expect(r.command).toEqual({ kind: 'return-module' });
    expect(r.exec.at).toBeNull();
    const open = flowOf([action('set', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Disabled' }, {})]);
    expect(start(open, chatData(), freshExec(open, { stack: [frame] })).command).toEqual({ kind: 'return-module' });
  });
});

describe('Loop (spec §5.21)', () => {
  const loopDoc = (count: unknown) =>
    flowOf([
      action('loop', 'Loop', { LoopCount: count }, wired({ next: 'again', conditions: [['Equals', 'ContinueLooping', 'again'], ['Equals', 'DoneLooping', 'done']] })),
      action('again', 'MessageParticipant', { Text: 'again' }, wired({ next: 'loop' })),
    ]);

  /** The branches the same Loop action takes on its visits. */
  const visits = (count: unknown, n: number, data = chatData()) => {
    const doc = loopDoc(count);
    const seen: string[] = [];
    let r = start(doc, data);
    for (let i = 0; i < n; i++) {
      seen.push(r.logs.find((l) => l.identifier === 'loop')!.result!);
      r = feed(doc, r, { kind: 'done' }, data);
      if (r.command.kind !== 'message') {
        break;
      }
    }
    return { seen, r };
  };

  it('continues LoopCount times, then is done once', () => {
    const doc = loopDoc('3');
    let r = start(doc);
    const results: string[] = [];
    for (let i = 0; i < 4; i++) {
      results.push(r.logs.at(-1)!.result!);
      if (reached(r) === 'done') break;
      r = feed(doc, r, { kind: 'done' });
    }
    expect(results).toEqual(['ContinueLooping', 'ContinueLooping', 'ContinueLooping', 'DoneLooping']);
    expect(reached(r)).toBe('done');
  });

  it('resets after it is done: the next visit loops again', () => {
    const doc = loopDoc('1');
    const first = start(doc);
    const done = feed(doc, first, { kind: 'done' });
    expect(reached(done)).toBe('done');
    expect(done.exec.loops).toEqual({});
    expect(start(doc, chatData(), { ...done.exec, at: 'loop' }).logs.at(-1)?.result).toBe('ContinueLooping');
  });

  it('LoopCount 0 (or not a number) is done on the first visit', () => {
    expect(reached(start(loopDoc('0')))).toBe('done');
    expect(reached(start(loopDoc('many')))).toBe('done');
  });

  it('takes its count from a reference', () => {
    const { seen } = visits('$.Attributes.tries', 5, chatData({ attributes: { tries: '2' } }));
    expect(seen).toEqual(['ContinueLooping', 'ContinueLooping', 'DoneLooping']);
  });

  it('counts per flow and Identifier, so that coming back from another flow does not reset it', () => {
    const doc = loopDoc('2');
    const once = start(doc);
    expect(once.exec.loops).toEqual({ 'flow-1:loop': 1 });
    const elsewhere = { ...once.exec, flowId: 'flow-2' };
    expect(start(doc, chatData(), { ...elsewhere, at: 'loop' }).exec.loops).toEqual({ 'flow-1:loop': 1, 'flow-2:loop': 1 });
  });
});

describe('Wait (spec §5.5)', () => {
  it.each([
    ['TimeLimitSeconds (exports)', { TimeLimitSeconds: '900', Events: ['CustomerReturned'] }, 900, ['CustomerReturned']],
    ['TimeoutSeconds (docs)', { TimeoutSeconds: 120, Events: ['CustomerReturned'] }, 120, ['CustomerReturned']],
    ['legacy TimeoutSeconds + InterruptOnCustomerReturn', { TimeoutSeconds: '300', InterruptOnCustomerReturn: 'true' }, 300, ['CustomerReturned']],
    ['no events', { TimeLimitSeconds: '60' }, 60, []],
    ['seven days', { TimeLimitSeconds: '604800' }, 604_800, []],
  ])('parks with %s', (_name, params, seconds, events) => {
    const r = start(flowOf([action('w', 'Wait', params, WAIT_BRANCHES)]));
    expect(r.command).toEqual({ kind: 'wait', timeoutSeconds: seconds, events });
    expect(r.exec.at).toBe('w');
  });

  it('takes a dynamic time from a reference (rules-engine sample)', () => {
    const doc = flowOf([action('w', 'Wait', { TimeLimitSeconds: '$.External.CurrentRule_waitTimeSeconds', Events: ['CustomerReturned'] }, WAIT_BRANCHES)]);
    const r = start(doc, chatData(), freshExec(doc, { external: { CurrentRule_waitTimeSeconds: '45' } }));
    expect(r.command).toEqual({ kind: 'wait', timeoutSeconds: 45, events: ['CustomerReturned'] });
  });

  it.each([
    ['no time', {}],
    ['zero', { TimeLimitSeconds: '0' }],
    ['more than seven days', { TimeLimitSeconds: '604801' }],
    ['not a number', { TimeLimitSeconds: 'soon' }],
    ['an unset reference', { TimeLimitSeconds: '$.External.none' }],
  ])('takes the error branch with %s', (_name, params) => {
    const r = start(flowOf([action('w', 'Wait', params, WAIT_BRANCHES)]));
    expect(reached(r)).toBe('error');
    expect(r.logs[0]).toMatchObject({ identifier: 'w', error: 'NoMatchingError', detail: expect.stringContaining('wait time') });
  });

  it('branches on CustomerReturned and WaitCompleted', () => {
    const doc = flowOf([action('w', 'Wait', { TimeLimitSeconds: '900', Events: ['CustomerReturned'] }, WAIT_BRANCHES)]);
    const parked = start(doc);
    expect(reached(feed(doc, parked, { kind: 'result', value: 'CustomerReturned' }))).toBe('returned');
    const expired = feed(doc, parked, { kind: 'result', value: 'WaitCompleted' });
    expect(reached(expired)).toBe('expired');
    expect(expired.logs[0]).toMatchObject({ identifier: 'w', result: 'WaitCompleted', next: 'expired' });
    expect(reached(feed(doc, parked, { kind: 'error', type: 'ParticipantNotFound' }))).toBe('error');
  });
});

describe('UpdateContactEventHooks (spec §5.6)', () => {
  const hooks = (params: Record<string, unknown>, data = chatData()) =>
    start(flowOf([action('h', 'UpdateContactEventHooks', params, wired({ next: 'ok', errors: { NoMatchingError: 'error' } }))]), data);

  it('sets a hook to a flow, static or from a reference', () => {
    expect(hooks({ EventHooks: { CustomerRemaining: 'arn:aws:connect:us-east-1:1:instance/i/contact-flow/d-1' } }).command).toEqual({
      kind: 'set-hooks',
      hooks: { CustomerRemaining: 'arn:aws:connect:us-east-1:1:instance/i/contact-flow/d-1' },
    });
    const doc = flowOf([action('h', 'UpdateContactEventHooks', { EventHooks: { AgentWhisper: '$.FlowAttributes.vmx3_agent_whisper' } }, wired({ next: 'ok' }))]);
    const r = start(doc, chatData(), freshExec(doc, { flowAttributes: { vmx3_agent_whisper: 'whisper-1' } }));
    expect(r.command).toEqual({ kind: 'set-hooks', hooks: { AgentWhisper: 'whisper-1' } });
    expect(reached(feed(doc, r, { kind: 'done' }))).toBe('ok');
  });

  it('tolerates the EventHooksConfiguration sibling', () => {
    expect(hooks({ EventHooks: { AgentWhisper: 'w-1' }, EventHooksConfiguration: { AgentWhisper: { DisableExecution: 'false' } } }).command).toEqual({ kind: 'set-hooks', hooks: { AgentWhisper: 'w-1' } });
  });

  it('hold hooks are voice-only, and a hook with no flow is an error', () => {
    for (const params of [{ EventHooks: { CustomerHold: 'h-1' } }, { EventHooks: { AgentHold: 'h-1' } }, { EventHooks: { CustomerQueue: '$.Attributes.none' } }, { EventHooks: 'CustomerQueue' }, {}]) {
      const r = hooks(params);
      expect(reached(r)).toBe('error');
      expect(r.logs[0].error).toBe('NoMatchingError');
    }
  });
});

describe('UpdateFlowLoggingBehavior', () => {
  it('switches flow logs on and off for the rest of the run', () => {
    const doc = flowOf([
      action('on', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, wired({ next: 'say' })),
      action('say', 'MessageParticipant', { Text: 'hi' }, wired({ next: 'off' })),
      action('off', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Disabled' }, {}),
    ]);
    const r = start(doc);
    expect(r.exec.logging).toBe(true);
    expect(feed(doc, r, { kind: 'done' }).exec.logging).toBe(false);
  });
});
