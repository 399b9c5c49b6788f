import { ConnectClient, CreateRoutingProfileCommand, CreateUserCommand, StartChatContactCommand, UpdateUserRoutingProfileCommand } from '@aws-sdk/client-connect';
import WebSocket from 'ws';
import { DEV_ACCESS_KEY_ID, DEV_SECRET_ACCESS_KEY } from '../../src/config.js';
import { AGENT_PROTOCOL } from '../../src/ws/agent-hub.js';
import type { BenchChild } from './child.js';
import type { Lane } from './message-load.js';

const PASSWORD = 'Bench-agent-1';
/** Connect allows at most 10 chats at once per agent; ten agents' worth of chats needs ten agents. */
const CHATS_PER_AGENT = 10;
const SETUP_TIMEOUT_MS = 60_000;

export interface ChatLanes {
  lanes: Lane[];
  /** One agent participant socket per chat, subscribed to aws/chat: where the customers' messages arrive. */
  receivers: WebSocket[];
  close(): void;
}

export const connectClient = (url: string) =>
  new ConnectClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: DEV_ACCESS_KEY_ID, secretAccessKey: DEV_SECRET_ACCESS_KEY }, maxAttempts: 1 });

async function json(url: string, method: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const out = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(out)}`);
  return out;
}

/** A participant connection as a client makes it: a token and an open, subscribed chat socket. */
export async function connectParticipant(url: string, participantToken: string, asAgent: boolean): Promise<{ token: string; ws: WebSocket }> {
  const conn = (await json(`${url}/participant/connection`, 'POST', { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ...(asAgent ? { ConnectParticipant: true } : {}) }, { 'x-amz-bearer': participantToken })) as {
    Websocket: { Url: string };
    ConnectionCredentials: { ConnectionToken: string };
  };
  const ws = new WebSocket(conn.Websocket.Url);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } })));
    const onAck = (data: Buffer) => {
      if (!data.toString().includes('"aws/subscribe"')) return;
      ws.off('message', onAck);
      resolve();
    };
    ws.on('message', onAck);
  });
  return { token: conn.ConnectionCredentials.ConnectionToken, ws };
}

/**
 * `n` chats on the seeded inbound flow, each accepted by an agent the way a workspace does it:
 * the demo users, then users made with CreateUser, on a routing profile of 10 chats at once
 * (UpdateUserRoutingProfile for the demo users), logged in through the
 * agent API with their event socket open, Available, accepting each offer, then connecting their
 * participant and opening its socket. Customers hold no socket: the agent is the one receiver.
 */
export async function chatsWithAgents(server: BenchChild, n: number): Promise<ChatLanes> {
  const url = server.url;
  const r = server.ready as unknown as {
    instanceId: string;
    inboundFlowId: string;
    basicQueueId: string;
    agentSecurityProfileId: string;
    demoUsers: Record<string, { id: string; password: string }>;
  };
  const InstanceId = r.instanceId;
  const connect = connectClient(url);
  const sockets: WebSocket[] = [];
  try {
    const profile = await connect.send(
      new CreateRoutingProfileCommand({
        InstanceId,
        Name: 'Bench agents',
        Description: `${CHATS_PER_AGENT} chats at once`,
        DefaultOutboundQueueId: r.basicQueueId,
        QueueConfigs: [{ QueueReference: { QueueId: r.basicQueueId, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
        MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: CHATS_PER_AGENT }],
      }),
    );
    const receivers = new Map<string, WebSocket>();
    let accepted!: () => void;
    let failed!: (e: unknown) => void;
    const allAccepted = new Promise<void>((resolve, reject) => ((accepted = resolve), (failed = reject)));
    const taken = new Set<string>();
    const demo = Object.entries(r.demoUsers);
    const agent = async (a: number) => {
      let Username = demo[a]?.[0];
      let Password = demo[a]?.[1].password;
      if (Username) await connect.send(new UpdateUserRoutingProfileCommand({ InstanceId, UserId: demo[a][1].id, RoutingProfileId: profile.RoutingProfileId! }));
      else {
        Username = `bench-agent-${a}`;
        Password = PASSWORD;
        await connect.send(
          new CreateUserCommand({
            InstanceId,
            Username,
            Password,
            IdentityInfo: { FirstName: 'Bench', LastName: `Agent ${a}` },
            PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 0 },
            SecurityProfileIds: [r.agentSecurityProfileId],
            RoutingProfileId: profile.RoutingProfileId!,
          }),
        );
      }
      const { Token } = (await json(`${url}/agent/v1/login`, 'POST', { InstanceId, Username, Password })) as { Token: string };
      const events = new WebSocket(`${url.replace(/^http/, 'ws')}/agent/v1/events`, [AGENT_PROTOCOL, Token]);
      sockets.push(events);
      await new Promise((resolve, reject) => events.once('message', resolve).once('error', reject));
      const auth = { authorization: `Bearer ${Token}` };
      events.on('message', (data: Buffer) => {
        const snap = (JSON.parse(data.toString()) as { CurrentAgentSnapshot: { Contacts: { ContactId: string; State: string }[] } }).CurrentAgentSnapshot;
        for (const c of snap.Contacts) {
          if (c.State !== 'CONNECTING' || taken.has(c.ContactId)) continue;
          taken.add(c.ContactId);
          json(`${url}/agent/v1/contacts/${c.ContactId}/accept`, 'POST', undefined, auth)
            .then((acc) => connectParticipant(url, acc.ParticipantToken as string, true))
            .then(({ ws }) => {
              sockets.push(ws);
              receivers.set(c.ContactId, ws);
              if (receivers.size === n) accepted();
            })
            .catch(failed);
        }
      });
      await json(`${url}/agent/v1/status`, 'PUT', { AgentStatusId: 'Available' }, auth);
    };
    await Promise.all(Array.from({ length: Math.ceil(n / CHATS_PER_AGENT) }, (_, a) => agent(a)));
    const chat = async (i: number): Promise<[string, Lane]> => {
      const started = await connect.send(new StartChatContactCommand({ InstanceId, ContactFlowId: r.inboundFlowId, ParticipantDetails: { DisplayName: `Customer ${i}` } }));
      const conn = (await json(`${url}/participant/connection`, 'POST', { Type: ['CONNECTION_CREDENTIALS'] }, { 'x-amz-bearer': started.ParticipantToken! })) as {
        ConnectionCredentials: { ConnectionToken: string };
      };
      return [started.ContactId!, { path: '/participant/message', headers: { 'content-type': 'application/json', 'x-amz-bearer': conn.ConnectionCredentials.ConnectionToken } }];
    };
    const lanes = new Map(await Promise.all(Array.from({ length: n }, (_, i) => chat(i))));
    const timeout = setTimeout(() => failed(new Error(`only ${receivers.size} of ${n} chats were accepted in ${SETUP_TIMEOUT_MS} ms`)), SETUP_TIMEOUT_MS);
    await allAccepted;
    clearTimeout(timeout);
    // Lane i and receiver i belong to the same chat; the receivers list serves the generator.
    const ids = [...lanes.keys()];
    return {
      lanes: ids.map((id) => lanes.get(id)!),
      receivers: ids.map((id) => receivers.get(id)!),
      close: () => sockets.forEach((s) => s.terminate()),
    };
  } catch (e) {
    sockets.forEach((s) => s.terminate());
    throw e;
  } finally {
    connect.destroy();
  }
}
