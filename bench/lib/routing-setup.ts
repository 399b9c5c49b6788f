import { randomUUID } from 'node:crypto';
import type { FlowDocument } from '../../src/core/flow/flow-document.js';
import { OFFER_TIMEOUT_MS } from '../../src/app/agents/after-contact.js';
import { createAgents, createChatProfile, openEvents, setStatus, type FleetAgent, type SeededInstance } from './agent-fleet.js';
import { mapLimit, type SetupApi } from './setup-api.js';

/** Chat starts in flight while queueing: enough to keep the server busy. */
const STARTS_IN_FLIGHT = 24;
const onError = (next: string) => [{ ErrorType: 'NoMatchingError', NextAction: next }];

/**
 * The flow every routed chat runs: a customer queue flow that only waits (so that no queue
 * reminder fires while the chats wait: the default one messages every 2 minutes), the queue named
 * by the contact attribute `queue`, then TransferContactToQueue.
 */
const inboundFlow = (queueFlowArn: string): FlowDocument => ({
  Version: '2019-10-30',
  StartAction: 'hooks',
  Metadata: {},
  Actions: [
    { Identifier: 'hooks', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerQueue: queueFlowArn } }, Transitions: { NextAction: 'set-queue', Errors: onError('set-queue') } },
    { Identifier: 'set-queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: '$.Attributes.queue' }, Transitions: { NextAction: 'transfer', Errors: onError('disconnect') } },
    { Identifier: 'transfer', Type: 'TransferContactToQueue', Transitions: { NextAction: 'disconnect', Errors: onError('disconnect') } },
    { Identifier: 'disconnect', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ],
});

const quietQueueFlow: FlowDocument = {
  Version: '2019-10-30',
  StartAction: 'wait',
  Metadata: {},
  Actions: [
    { Identifier: 'wait', Type: 'Wait', Parameters: { TimeLimitSeconds: '86400' }, Transitions: { NextAction: 'end', Errors: onError('end'), Conditions: [] } },
    { Identifier: 'end', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} },
  ],
};

export interface RoutingFixture {
  queueIds: string[];
  flowId: string;
  agents: FleetAgent[];
  /** Distinct contacts offered so far, as the agents' event sockets reported them, and when each first arrived (performance.now). */
  offered: Set<string>;
  offeredAt: number[];
}

/**
 * Everything the end-to-end routing run needs, through Parley's APIs: `queues` queues on the
 * seeded hours, the flows above, one routing profile of every queue with `slots` chat slots, and
 * `agents` users logged in with their event socket open, still Offline (not routable).
 */
export async function routingFixture(api: SetupApi, inst: SeededInstance, shape: { queues: number; agents: number; slots: number }): Promise<RoutingFixture> {
  const basic = (await api.connect('GET', `/queues/${inst.instanceId}/${inst.basicQueueId}`)) as { Queue: { HoursOfOperationId: string } };
  const queueIds = await mapLimit(Array.from({ length: shape.queues }, (_, q) => q), 4, async (q) => {
    const out = await api.connect('PUT', `/queues/${inst.instanceId}`, { Name: `Bench routing ${q}`, HoursOfOperationId: basic.Queue.HoursOfOperationId });
    return out.QueueId as string;
  });
  const queueFlow = await api.connect('PUT', `/contact-flows/${inst.instanceId}`, { Name: 'Bench quiet queue', Type: 'CUSTOMER_QUEUE', Content: JSON.stringify(quietQueueFlow) });
  const flow = await api.connect('PUT', `/contact-flows/${inst.instanceId}`, { Name: 'Bench routing', Type: 'CONTACT_FLOW', Content: JSON.stringify(inboundFlow(queueFlow.ContactFlowArn as string)) });
  const profileId = await createChatProfile(api, inst, 'Bench routing', queueIds, shape.slots);
  const agents = await createAgents(api, inst, profileId, 'bench-router', 0, shape.agents);
  const fixture: RoutingFixture = { queueIds, flowId: flow.ContactFlowId as string, agents, offered: new Set(), offeredAt: [] };
  await mapLimit(agents, 32, (a) =>
    openEvents(api.origin, a, (contacts) => {
      for (const c of contacts) {
        if (c.State !== 'CONNECTING' || fixture.offered.has(c.ContactId)) continue;
        fixture.offered.add(c.ContactId);
        fixture.offeredAt.push(performance.now());
      }
    }),
  );
  return fixture;
}

/** Queues `chats` chats round the queues with StartChatContact; each is QUEUED when its start returns. */
export async function queueChats(api: SetupApi, inst: SeededInstance, f: RoutingFixture, chats: number): Promise<void> {
  await mapLimit(Array.from({ length: chats }, (_, i) => i), STARTS_IN_FLIGHT, (i) =>
    api.connect('PUT', '/contact/chat', {
      InstanceId: inst.instanceId,
      ContactFlowId: f.flowId,
      ParticipantDetails: { DisplayName: `Customer ${i}` },
      Attributes: { queue: f.queueIds[i % f.queueIds.length] },
      ClientToken: randomUUID(),
    }),
  );
}

export interface Availability {
  /** From the first status change until the last one was answered, and until the last chat was first offered (ms). */
  statusMs: number;
  allMs: number;
  offered: number;
  /** Chats offered within the offer timeout: after it a missed offer goes back to the queue and keeps the agent's slot. */
  inTimeout: number;
  /** Server CPU until the last offer or the offer timeout, whichever came first, and the offers made by then. */
  cpu: { ms: number; offers: number };
}

/**
 * Every agent set Available at once (`inFlight` status changes at a time, as a shift's workspaces
 * would send them), then waits until every chat has been offered or `waitMs` has passed.
 */
export async function makeAvailable(api: SetupApi, f: RoutingFixture, cpuMs: () => number | null, chats: number, inFlight: number, waitMs: number): Promise<Availability> {
  const cpu0 = cpuMs() ?? NaN;
  const t0 = performance.now();
  let seen = 0;
  let cpuAtLast = cpu0;
  let atTimeout: { ms: number; offers: number } | null = null;
  const poll = setInterval(() => {
    if (atTimeout) return;
    if (performance.now() - t0 >= OFFER_TIMEOUT_MS) atTimeout = { ms: (cpuMs() ?? NaN) - cpu0, offers: f.offered.size };
    else if (f.offered.size !== seen) [seen, cpuAtLast] = [f.offered.size, cpuMs() ?? NaN];
  }, 10);
  try {
    await mapLimit(f.agents, inFlight, (a) => setStatus(api, a, 'Available'));
    const statusMs = performance.now() - t0;
    while (f.offered.size < chats && performance.now() < t0 + waitMs) await new Promise((r) => setTimeout(r, 10));
    if (!atTimeout && f.offered.size !== seen) [seen, cpuAtLast] = [f.offered.size, cpuMs() ?? NaN];
    return {
      statusMs,
      allMs: f.offeredAt.length ? f.offeredAt.reduce((m, at) => Math.max(m, at), -Infinity) - t0 : NaN,
      offered: f.offered.size,
      inTimeout: f.offeredAt.filter((at) => at - t0 <= OFFER_TIMEOUT_MS).length,
      cpu: atTimeout ?? { ms: cpuAtLast - cpu0, offers: seen },
    };
  } finally {
    clearInterval(poll);
  }
}
