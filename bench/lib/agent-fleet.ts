import type WebSocket from 'ws';
import { AGENT_PROTOCOL } from '../../src/ws/agent-hub.js';
import { openSocket } from './loopback-sockets.js';
import { mapLimit, type SetupApi } from './setup-api.js';

const PASSWORD = 'Bench-agent-1';
/**
 * CreateUser and login each hash a password with scrypt (tens of ms of the server's CPU, on its
 * thread pool): more calls in flight than the pool has threads only queue there.
 */
const HASHING_CALLS = 4;

/** An offer or contact as the agent event socket's snapshot lists it. */
export interface SnapshotContact {
  ContactId: string;
  State: string;
}

export interface FleetAgent {
  username: string;
  token: string;
  events: WebSocket | null;
}

/** What a scenario needs to know about the instance the seed made (bench/server-entry.ts READY line). */
export interface SeededInstance {
  instanceId: string;
  inboundFlowId: string;
  basicQueueId: string;
  agentSecurityProfileId: string;
}

/** CreateRoutingProfile and AssociateRoutingProfileQueues take at most 10 queue configs a call, as in Connect. */
const QUEUE_CONFIGS_PER_CALL = 10;

/** A routing profile of CHAT only: `concurrency` chats at once, the given queues at priority 1, no delay. */
export async function createChatProfile(api: SetupApi, inst: SeededInstance, name: string, queueIds: string[], concurrency: number): Promise<string> {
  const configs = queueIds.map((QueueId) => ({ QueueReference: { QueueId, Channel: 'CHAT' }, Priority: 1, Delay: 0 }));
  const out = await api.connect('PUT', `/routing-profiles/${inst.instanceId}`, {
    Name: name,
    Description: `${concurrency} chats at once`,
    DefaultOutboundQueueId: inst.basicQueueId,
    QueueConfigs: configs.slice(0, QUEUE_CONFIGS_PER_CALL),
    MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: concurrency }],
  });
  const id = out.RoutingProfileId as string;
  for (let i = QUEUE_CONFIGS_PER_CALL; i < configs.length; i += QUEUE_CONFIGS_PER_CALL)
    await api.connect('POST', `/routing-profiles/${inst.instanceId}/${id}/associate-queues`, { QueueConfigs: configs.slice(i, i + QUEUE_CONFIGS_PER_CALL) });
  return id;
}

/**
 * Agents as an administrator and the agents themselves make them: CreateUser (Connect API, Agent
 * security profile, the given routing profile), then a login through the agent API. Agents start
 * Offline with no event socket: not routable yet.
 */
export async function createAgents(api: SetupApi, inst: SeededInstance, routingProfileId: string, prefix: string, from: number, count: number): Promise<FleetAgent[]> {
  const indexes = Array.from({ length: count }, (_, k) => from + k);
  await mapLimit(indexes, HASHING_CALLS, (a) =>
    api.connect('PUT', `/users/${inst.instanceId}`, {
      Username: `${prefix}-${a}`,
      Password: PASSWORD,
      IdentityInfo: { FirstName: 'Bench', LastName: `Agent ${a}` },
      PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 0 },
      SecurityProfileIds: [inst.agentSecurityProfileId],
      RoutingProfileId: routingProfileId,
    }),
  );
  return mapLimit(indexes, HASHING_CALLS, async (a) => {
    const username = `${prefix}-${a}`;
    const { Token } = (await api.call('POST', '/agent/v1/login', {}, { InstanceId: inst.instanceId, Username: username, Password: PASSWORD })) as { Token: string };
    return { username, token: Token, events: null };
  });
}

/**
 * Opens the agent's event socket (which makes the agent present for routing) and calls
 * `onContacts` with the contacts and event type of every snapshot it pushes. Resolves after the first snapshot.
 */
export async function openEvents(origin: string, agent: FleetAgent, onContacts: (contacts: SnapshotContact[], eventType: string) => void): Promise<void> {
  let first!: () => void;
  const snapshot = new Promise<void>((resolve) => (first = resolve));
  agent.events = await openSocket(`${origin.replace(/^http/, 'ws')}/agent/v1/events`, [AGENT_PROTOCOL, agent.token], (data) => {
    const event = JSON.parse(data.toString()) as { EventType?: string; CurrentAgentSnapshot?: { Contacts?: SnapshotContact[] } };
    onContacts(event.CurrentAgentSnapshot?.Contacts ?? [], event.EventType ?? '');
    first();
  });
  await snapshot;
}

export const setStatus = (api: SetupApi, agent: FleetAgent, status: string) => api.agent('PUT', '/agent/v1/status', agent.token, { AgentStatusId: status });
