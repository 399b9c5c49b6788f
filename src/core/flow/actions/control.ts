import { type ActionSpec, asBool, asInt, command, done, error, result } from './action-spec.js';

/** Flow control: ending, jumping, looping, waiting, hooks. */
export const CONTROL_ACTIONS: Record<string, ActionSpec> = {
  DisconnectParticipant: { chat: 'supported', run: () => command({ kind: 'disconnect' }) },
  EndFlowExecution: { chat: 'supported', run: () => command({ kind: 'end' }) },
  EndFlowModuleExecution: { chat: 'supported', run: () => command({ kind: 'return-module' }) },
  TransferToFlow: {
    chat: 'supported',
    endsFlow: true,
    required: ['ContactFlowId'],
    run: (c) => {
      const ref = c.value(c.params.ContactFlowId);
      return ref ? command({ kind: 'transfer-to-flow', flowRef: ref }) : error();
    },
  },
  InvokeFlowModule: {
    chat: 'supported',
    required: ['FlowModuleId'],
    run: (c) => {
      const ref = c.value(c.params.FlowModuleId);
      return ref ? command({ kind: 'invoke-module', moduleRef: ref }) : error();
    },
  },
  Loop: {
    chat: 'supported',
    required: ['LoopCount'],
    // Each visit of the same action continues until it has done so LoopCount times, then is done once and resets.
    run: (c) => {
      const count = asInt(c.value(c.params.LoopCount)) ?? 0;
      const key = `${c.exec.flowId}:${c.action.Identifier}`;
      const seen = c.exec.loops[key] ?? 0;
      if (seen < count) {
        c.exec.loops = { ...c.exec.loops, [key]: seen + 1 };
        return result('ContinueLooping');
      }
      const { [key]: _reset, ...rest } = c.exec.loops;
      c.exec.loops = rest;
      return result('DoneLooping');
    },
  },
  Wait: {
    chat: 'supported',
    run: (c) => {
      // Exports spell it TimeLimitSeconds; the docs TimeoutSeconds; the legacy format too, with
      // InterruptOnCustomerReturn instead of Events.
      const raw = c.params.TimeLimitSeconds ?? c.params.TimeoutSeconds;
      const seconds = asInt(c.value(raw));
      if (seconds === null || seconds < 1 || seconds > 604_800)
        return error('NoMatchingError', `the wait time ${JSON.stringify(c.value(raw) ?? raw ?? null)} is not a whole number of seconds from 1 to 604800`);
      const events = Array.isArray(c.params.Events) ? c.params.Events.map(String) : [];
      if (asBool(c.params.InterruptOnCustomerReturn) && !events.includes('CustomerReturned')) events.push('CustomerReturned');
      return command({ kind: 'wait', timeoutSeconds: seconds, events });
    },
  },
  UpdateContactEventHooks: {
    chat: 'supported',
    required: ['EventHooks'],
    run: (c) => {
      const hooks = c.params.EventHooks;
      if (!hooks || typeof hooks !== 'object') return error();
      const resolved: Record<string, string> = {};
      // EventHooksConfiguration (a sibling that can switch a whisper off) is tolerated and ignored.
      for (const [k, v] of Object.entries(hooks as Record<string, unknown>)) {
        if (k === 'CustomerHold' || k === 'AgentHold') return error('NoMatchingError', `${k} is a voice-only hook`);
        const ref = c.value(v);
        if (!ref) return error('NoMatchingError', `hook ${k} has no flow`);
        resolved[k] = ref;
      }
      return command({ kind: 'set-hooks', hooks: resolved });
    },
  },
  UpdateFlowLoggingBehavior: {
    chat: 'supported',
    required: ['FlowLoggingBehavior'],
    run: (c) => {
      c.exec.logging = String(c.params.FlowLoggingBehavior) === 'Enabled';
      return done;
    },
  },
};
