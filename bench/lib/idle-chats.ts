import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import { BurstLog } from './burst-log.js';
import { createAgents, createChatProfile, openEvents, setStatus, type FleetAgent, type SeededInstance, type SnapshotContact } from './agent-fleet.js';
import { openParticipantSocket } from './loopback-sockets.js';
import type { Lane } from './message-load.js';
import { mapLimit, SetupApi } from './setup-api.js';

/** Connect's most chats at once per agent: N chats take N / 10 agents. */
export const CHATS_PER_AGENT = 10;
/** Chat starts in flight: enough to keep both server cores busy, few enough not to queue for long. */
const STARTS_IN_FLIGHT = 24;
const ACCEPT_TIMEOUT_MS = 120_000;

type Connection = { Websocket: { Url: string }; ConnectionCredentials: { ConnectionToken: string } };

/** One chat held open: the customer's socket and sender lane, the agent's participant socket. */
export interface IdleChat {
  lane: Lane;
  customer: WebSocket;
  agent: WebSocket;
}

/**
 * Chats as they live in production, grown in steps: StartChatContact on the seeded inbound flow,
 * the customer's CreateParticipantConnection and socket; agents (CreateUser on a routing profile of
 * 10 chats, login, event socket, Available) accept each offer and connect their own participant
 * socket. Everything goes through Parley's APIs; sockets come from several loopback addresses.
 */
export class IdleChats {
  readonly chats: IdleChat[] = [];
  readonly agents: FleetAgent[] = [];
  private readonly api: SetupApi;
  private profileId: string | null = null;
  private readonly agentSockets = new Map<string, WebSocket>();
  private readonly taken = new Set<string>();
  private failure: unknown = null;
  /** The server's periodic pushes: protocol pings on the participant sockets, HEART_BEAT on the agents'. */
  readonly bursts = new BurstLog();

  constructor(private readonly origin: string, private readonly inst: SeededInstance) {
    this.api = new SetupApi(origin);
  }

  /** Every participant socket (customers' and agents'): the ones chatjs heartbeats on. */
  participantSockets(): WebSocket[] {
    return this.chats.flatMap((c) => [c.customer, c.agent]);
  }

  /** Grows to `total` chats, each accepted and connected on both sides. */
  async grow(total: number): Promise<void> {
    const add = total - this.chats.length;
    if (add <= 0) return;
    this.profileId ??= await createChatProfile(this.api, this.inst, 'Bench concurrent chats', [this.inst.basicQueueId], CHATS_PER_AGENT);
    const needed = Math.ceil(total / CHATS_PER_AGENT) - this.agents.length;
    if (needed > 0) {
      const fresh = await createAgents(this.api, this.inst, this.profileId, 'bench-idle', this.agents.length, needed);
      await mapLimit(fresh, 32, async (a) => {
        await openEvents(this.origin, a, (contacts, type) => {
          if (type === 'HEART_BEAT') this.bursts.mark('agent HEART_BEAT');
          this.onContacts(a, contacts);
        });
        await setStatus(this.api, a, 'Available');
      });
      this.agents.push(...fresh);
    }
    const started = await mapLimit(Array.from({ length: add }), STARTS_IN_FLIGHT, () => this.startChat());
    const deadline = performance.now() + ACCEPT_TIMEOUT_MS;
    while (started.some((c) => !this.agentSockets.has(c.contactId))) {
      if (this.failure) throw this.failure;
      if (performance.now() > deadline) throw new Error(`only ${started.filter((c) => this.agentSockets.has(c.contactId)).length} of ${add} new chats were accepted in ${ACCEPT_TIMEOUT_MS} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const c of started) this.chats.push({ lane: c.lane, customer: c.customer, agent: this.agentSockets.get(c.contactId)! });
  }

  private async startChat(): Promise<{ contactId: string; lane: Lane; customer: WebSocket }> {
    const body = { InstanceId: this.inst.instanceId, ContactFlowId: this.inst.inboundFlowId, ParticipantDetails: { DisplayName: 'Customer' }, ClientToken: randomUUID() };
    const started = (await this.api.connect('PUT', '/contact/chat', body)) as { ContactId: string; ParticipantToken: string };
    const conn = (await this.api.participant('/participant/connection', started.ParticipantToken, { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] })) as Connection;
    const customer = await openParticipantSocket(conn.Websocket.Url);
    customer.on('ping', () => this.bursts.mark('protocol ping'));
    const lane = { path: '/participant/message', headers: { 'content-type': 'application/json', 'x-amz-bearer': conn.ConnectionCredentials.ConnectionToken } };
    return { contactId: started.ContactId, lane, customer };
  }

  /** An offer in a snapshot: accept it, connect the agent's participant and open its socket, as the workspace does. */
  private onContacts(agent: FleetAgent, contacts: SnapshotContact[]): void {
    for (const c of contacts) {
      if (c.State !== 'CONNECTING' || this.taken.has(c.ContactId)) continue;
      this.taken.add(c.ContactId);
      this.api
        .agent('POST', `/agent/v1/contacts/${c.ContactId}/accept`, agent.token)
        .then((acc) => this.api.participant('/participant/connection', acc.ParticipantToken as string, { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ConnectParticipant: true }))
        .then((conn) => openParticipantSocket((conn as Connection).Websocket.Url))
        .then((ws) => this.agentSockets.set(c.ContactId, ws.on('ping', () => this.bursts.mark('protocol ping'))))
        .catch((e: unknown) => (this.failure ??= e));
    }
  }

  async close(): Promise<void> {
    for (const c of this.chats) {
      c.customer.terminate();
      c.agent.terminate();
    }
    for (const ws of this.agentSockets.values()) ws.terminate();
    for (const a of this.agents) a.events?.terminate();
    await this.api.close();
  }
}
