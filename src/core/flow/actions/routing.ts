import { type ActionSpec, asInt, command, done, error, result } from './action-spec.js';

/** Queues, hours, metrics and routing behaviour. */
export const ROUTING_ACTIONS: Record<string, ActionSpec> = {
  UpdateContactTargetQueue: {
    chat: 'supported',
    oneOf: ['QueueId', 'AgentId'],
    run: (c) => {
      const queueRef = c.value(c.params.QueueId);
      const agentRef = c.value(c.params.AgentId);
      if (!queueRef && !agentRef) return error();
      return command({ kind: 'set-queue', ...(queueRef ? { queueRef } : { agentRef }) });
    },
  },
  TransferContactToQueue: { chat: 'supported', endsFlow: true, run: () => command({ kind: 'enqueue' }) },
  DequeueContactAndTransferToQueue: {
    chat: 'supported',
    oneOf: ['QueueId', 'AgentId'],
    run: (c) => {
      const queueRef = c.value(c.params.QueueId);
      const agentRef = c.value(c.params.AgentId);
      if (!queueRef && !agentRef) return error();
      return command({ kind: 'set-queue', ...(queueRef ? { queueRef } : { agentRef }) });
    },
  },
  CheckHoursOfOperation: {
    chat: 'supported',
    run: (c) => command({ kind: 'check-hours', hoursRef: c.value(c.params.HoursOfOperationId) }),
  },
  CheckMetricData: {
    chat: 'supported',
    required: ['MetricType'],
    run: (c) =>
      command({ kind: 'check-metric', metric: String(c.params.MetricType), queueRef: c.value(c.params.QueueId), agentRef: c.value(c.params.AgentId) }),
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
};
