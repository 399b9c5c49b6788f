import type { RoutingCriteria } from '../commands.js';
import { parseReference } from '../references.js';
import { type ActionContext, type ActionSpec, asInt, command, done, error, result } from './action-spec.js';

/** Queues, hours, metrics and routing behaviour. */
export const ROUTING_ACTIONS: Record<string, ActionSpec> = {
  UpdateContactTargetQueue: {
    chat: 'supported',
    oneOf: ['QueueId', 'AgentId'],
    run: (c) => {
      const queueRef = c.value(c.params.QueueId);
      const agentRef = c.value(c.params.AgentId);
      if (!queueRef && !agentRef) return error('NoMatchingError', 'the queue or agent reference has no value');
      return command({ kind: 'set-queue', ...(queueRef ? { queueRef } : { agentRef }) });
    },
  },
  TransferContactToQueue: { chat: 'supported', endsFlow: true, run: () => command({ kind: 'enqueue' }) },
  // In a customer queue flow: move the queued contact to another queue (spec §5.8).
  DequeueContactAndTransferToQueue: {
    chat: 'supported',
    oneOf: ['QueueId', 'AgentId'],
    run: (c) => {
      const queueRef = c.value(c.params.QueueId);
      const agentRef = c.value(c.params.AgentId);
      if (!queueRef && !agentRef) return error('NoMatchingError', 'no queue or agent to transfer to');
      return command({ kind: 'requeue', ...(queueRef ? { queueRef } : { agentRef }) });
    },
  },
  CheckHoursOfOperation: {
    chat: 'supported',
    run: (c) => command({ kind: 'check-hours', hoursRef: c.value(c.params.HoursOfOperationId) }),
  },
  CheckMetricData: {
    chat: 'supported',
    required: ['MetricType'],
    run: (c) => {
      const queueRef = c.value(c.params.QueueId);
      const agentRef = c.value(c.params.AgentId);
      // A queue or agent named by a reference without a value is an error, not the working queue.
      if ((c.params.QueueId !== undefined && !queueRef) || (c.params.AgentId !== undefined && !agentRef)) return error();
      return command({ kind: 'check-metric', metric: String(c.params.MetricType), queueRef, agentRef });
    },
  },
  GetMetricData: {
    chat: 'supported',
    run: (c) => command({ kind: 'get-metrics', queueRef: c.value(c.params.QueueId), agentRef: c.value(c.params.AgentId) }),
  },
  UpdateContactRoutingBehavior: {
    chat: 'supported',
    run: (c) => {
      const priority = asInt(c.value(c.params.QueuePriority));
      const age = asInt(c.value(c.params.QueueTimeAdjustmentSeconds));
      if (priority === null && age === null) return done;
      return command({ kind: 'set-routing', ...(priority !== null ? { priority } : {}), ...(age !== null ? { ageAdjustSeconds: age } : {}) });
    },
  },
  // Uniform 1–100, matched against cumulative NumberLessThan thresholds (spec §5.19).
  DistributeByPercentage: { chat: 'supported', run: (c) => result(String(Math.floor(c.data.random * 100) + 1)) },
  // Exported as UpdateContactRoutingCriteria (index.ts aliases it).
  UpdateRoutingCriteria: {
    chat: 'supported',
    required: ['RoutingCriteria'],
    run: (c) => {
      const steps = (c.params.RoutingCriteria as { Steps?: unknown } | undefined)?.Steps;
      if (!Array.isArray(steps) || steps.length === 0) return error('NoMatchingError', 'RoutingCriteria needs at least one step');
      const missing: string[] = [];
      const criteria: RoutingCriteria = { Steps: [] };
      for (const s of steps as { Expression?: unknown; Expiry?: { DurationInSeconds?: unknown } }[]) {
        if (!s || typeof s.Expression !== 'object' || s.Expression === null) return error('NoMatchingError', 'each routing step needs an Expression');
        const seconds = s.Expiry ? asInt(c.value(s.Expiry.DurationInSeconds)) : null;
        if (s.Expiry && (seconds === null || seconds < 1)) return error('NoMatchingError', 'Expiry.DurationInSeconds must be a positive whole number');
        criteria.Steps.push({ Expression: resolveDeep(s.Expression, c, missing), ...(seconds !== null ? { Expiry: { DurationInSeconds: seconds } } : {}) });
      }
      if (missing.length) return error('NoMatchingError', `no value for ${missing.join(', ')}`);
      return command({ kind: 'set-routing-criteria', criteria });
    },
  },
};

/** Every string inside a routing expression with its references resolved (agent ids often come from attributes). */
function resolveDeep(v: unknown, c: ActionContext, missing: string[]): unknown {
  if (typeof v === 'string') {
    if (!parseReference(v)) return c.text(v);
    const r = c.value(v);
    if (r === undefined) missing.push(v);
    return r ?? '';
  }
  if (Array.isArray(v)) return v.map((x) => resolveDeep(x, c, missing));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveDeep(x, c, missing)]));
  return v;
}
