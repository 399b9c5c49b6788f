import { CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import WebSocket from 'ws';
import type { AgentSnapshot } from '../../src/app/agents/snapshot.js';
import { AGENT_PROTOCOL } from '../../src/ws/agent-hub.js';
import type { TestChat } from './chat.js';
import type { TestParley } from './parley.js';
import { TestSocket } from './socket.js';

export interface AgentEvent {
  EventType: string;
  CurrentAgentSnapshot: AgentSnapshot;
}

/** An error answer of the agent API, as a client sees it. */
export class AgentApiError extends Error {
  constructor(readonly status: number, readonly type: string, message: string) {
    super(`${status} ${type}: ${message}`);
  }
}

/** A raw agent event socket: records every event; `waitFor` resolves on the first recorded or future match (no sleeps). */
export class AgentSocket {
  readonly events: AgentEvent[] = [];
  private waiters: { match: (e: AgentEvent) => boolean; resolve: (e: AgentEvent) => void }[] = [];
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const e = JSON.parse(data.toString()) as AgentEvent;
      this.events.push(e);
      this.waiters = this.waiters.filter((w) => (w.match(e) ? (w.resolve(e), false) : true));
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  }

  static async open(baseUrl: string, token: string): Promise<AgentSocket> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/agent/v1/events`, [AGENT_PROTOCOL, token]);
    const s = new AgentSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    await s.waitFor(() => true);
    return s;
  }

  /** The latest snapshot received. */
  get last(): AgentSnapshot {
    return this.events[this.events.length - 1].CurrentAgentSnapshot;
  }

  waitFor(match: (e: AgentEvent) => boolean): Promise<AgentEvent> {
    // Only the latest state counts for a recorded match: an old snapshot may no longer be true.
    const latest = this.events[this.events.length - 1];
    if (latest && match(latest)) return Promise.resolve(latest);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  close(): void {
    this.ws.close(1000);
  }
}

/** An agent logged in through the agent API, with its event socket open. */
export class TestAgent {
  private constructor(
    readonly p: TestParley,
    readonly token: string,
    readonly userId: string,
    readonly events: AgentSocket,
  ) {}

  /** Logs a demo user (or any user, with its password) in and opens its event socket. */
  static async login(p: TestParley, username = 'alice', password = p.seeded.demoUsers[username]?.password): Promise<TestAgent> {
    const res = (await call(p, undefined, 'POST', '/agent/v1/login', { InstanceId: p.seeded.instanceId, Username: username, Password: password })) as { Token: string; UserId: string };
    return new TestAgent(p, res.Token, res.UserId, await AgentSocket.open(p.url, res.Token));
  }

  call(method: string, path: string, body?: unknown): Promise<unknown> {
    return call(this.p, this.token, method, path, body);
  }

  async setStatus(name: string): Promise<AgentSnapshot> {
    return (await this.call('PUT', '/agent/v1/status', { AgentStatusId: name })) as AgentSnapshot;
  }

  /** Waits until a contact (this one, or any) is offered to the agent; returns its id. */
  async nextOffer(contactId?: string): Promise<string> {
    const e = await this.events.waitFor((ev) => ev.CurrentAgentSnapshot.Contacts.some((c) => c.State === 'CONNECTING' && (!contactId || c.ContactId === contactId)));
    return e.CurrentAgentSnapshot.Contacts.find((c) => c.State === 'CONNECTING' && (!contactId || c.ContactId === contactId))!.ContactId;
  }

  /** Waits until the agent's contact is in `state`. */
  async contactState(contactId: string, state: string): Promise<void> {
    await this.events.waitFor((ev) => ev.CurrentAgentSnapshot.Contacts.some((c) => c.ContactId === contactId && c.State === state));
  }

  accept(contactId: string) {
    return this.call('POST', `/agent/v1/contacts/${contactId}/accept`) as Promise<{ ContactId: string; ParticipantId: string; ParticipantToken: string }>;
  }

  close(): void {
    this.events.close();
  }
}

async function call(p: TestParley, token: string | undefined, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${p.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new AgentApiError(res.status, String(json.__type), String(json.message));
  return json;
}

export interface ConnectedAgent {
  agent: TestAgent;
  participantId: string;
  participantToken: string;
  connectionToken: string;
  socket: TestSocket;
}

/**
 * Gets an agent into a chat the way a workspace does: logs in (unless given a logged-in agent),
 * becomes Available, waits for the chat's offer, accepts it, connects its participant and opens a
 * socket. The chat must be queued (the seeded inbound flow queues it in BasicQueue).
 */
export async function connectAgent(p: TestParley, chat: TestChat, who: string | TestAgent = 'alice'): Promise<ConnectedAgent> {
  const agent = typeof who === 'string' ? await TestAgent.login(p, who) : who;
  await agent.setStatus('Available');
  await agent.nextOffer(chat.contactId);
  const accepted = await agent.accept(chat.contactId);
  const conn = await p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: accepted.ParticipantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
  const socket = await TestSocket.open(conn.Websocket!.Url!);
  return { agent, participantId: accepted.ParticipantId, participantToken: accepted.ParticipantToken, connectionToken: conn.ConnectionCredentials!.ConnectionToken!, socket };
}
