import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { authSession, liveTokens, type AgentCaller } from '../app/agents/sessions.js';
import { agentSnapshot } from '../app/agents/snapshot.js';
import type { Deps } from '../app/deps.js';
import { InQuery } from '../adapters/store/in-query.js';
import { inFixedChunks } from '../app/routing/chunks.js';
import { Rotation } from './rotation.js';

/** The subprotocol of the agent event socket; the session token travels as the second offered subprotocol (browsers cannot set headers on a WebSocket). */
export const AGENT_PROTOCOL = 'parley.agent.v1';
/**
 * A node's presence for a run of agents, built once per run length (in-query.ts): the runs of
 * inFixedChunks are powers of two, so none is padded (a repeated row would make PostgreSQL's
 * upsert fail). Kysely building a 256-row upsert at every renewal stalled the event loop.
 */
const presenceUpsert = new InQuery((db, [users, [node], [until]]) =>
  db
    .insertInto('agent_presence')
    .values(users.map((user) => ({ user_id: user as string, node: node as string, until: until as number })))
    .onConflict((oc) => oc.columns(['user_id', 'node']).doUpdateSet({ until: until as number })),
);

/** A node's presence for an agent lasts this long (wall ms) unless renewed: a crashed node's agents stop being routed within it. */
const PRESENCE_MS = 60_000;
const RENEW_MS = 20_000;
/** Connect's agent event stream sends HEART_BEAT when nothing else happened. */
const HEARTBEAT_MS = 60_000;
/** One turn every 100 ms: an agent's snapshot costs about 250 µs, so a turn stays short with thousands of agents. */
const HEARTBEAT_TURNS = 600;
/** Close code when the session expired or the user logged out: log in again, do not just reconnect. */
export const CLOSE_SESSION_ENDED = 4001;

interface AgentSock {
  ws: WebSocket;
  caller: AgentCaller;
  token: string;
  last: string;
  /** Frames are read and sent one after another, so an older snapshot never overtakes a newer one. */
  chain: Promise<void>;
  /** A change push queued on the chain and not yet started: later changes ride on it (it reads the state when it starts). */
  queued: Promise<void> | null;
}

/**
 * The agent event sockets of this node (GET /agent/v1/events). Each socket gets the agent's
 * snapshot (agents/snapshot.ts) at once and again whenever the bus says the agent changed,
 * in Connect's agent event stream envelope. An open socket is what makes an agent present:
 * routing offers contacts only to agents with a live presence lease, so an agent whose browser
 * closed is never parked with chats.
 */
export class AgentHub {
  private readonly node = randomUUID();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024, handleProtocols: (p) => (p.has(AGENT_PROTOCOL) ? AGENT_PROTOCOL : false) });
  private readonly byUser = new Map<string, Set<AgentSock>>();
  private readonly renewer: NodeJS.Timeout;
  /** HEART_BEAT to every agent once a minute, spread over the minute (rotation.ts). */
  private readonly heart = new Rotation<string>(HEARTBEAT_MS, HEARTBEAT_TURNS, (userId) => void this.push(userId, 'HEART_BEAT', true));
  private readonly unsubscribe: () => void;
  private closing = false;

  constructor(private readonly deps: Deps, private readonly log: (msg: string, e?: unknown) => void) {
    this.unsubscribe = deps.bus.subscribeAgents((userId) => void this.push(userId, 'STATE_CHANGE'));
    this.renewer = setInterval(() => void this.renew(), RENEW_MS);
    this.renewer.unref();
  }

  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    const token = offered.find((p) => p !== AGENT_PROTOCOL) ?? '';
    let caller: AgentCaller;
    try {
      if (!offered.includes(AGENT_PROTOCOL)) throw new Error(`offer the ${AGENT_PROTOCOL} subprotocol`);
      caller = await authSession(this.deps, token);
    } catch (e) {
      const text = (e as Error).message;
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ message: text })}`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.open(ws, caller, token));
  }

  private async open(ws: WebSocket, caller: AgentCaller, token: string): Promise<void> {
    const sock: AgentSock = { ws, caller, token, last: '', chain: Promise.resolve(), queued: null };
    let set = this.byUser.get(caller.userId);
    if (!set) this.byUser.set(caller.userId, (set = new Set()));
    set.add(sock);
    this.heart.add(caller.userId);
    ws.on('close', () => void this.closed(sock));
    ws.on('error', () => ws.terminate());
    try {
      await this.present([caller.userId]);
      this.deps.routing.wake();
      await this.send(sock, 'LOGIN', true).catch((e) => this.log('agent event failed', e));
      // Others (a supervisor's view) hear that the agent came online.
      this.deps.bus.publishAgent(caller.userId);
    } catch (e) {
      this.log('agent socket open failed', e);
      ws.close(1011);
    }
  }

  /** This node's presence for `userIds`, renewed: a multi-row upsert per 256 agents. */
  private async present(userIds: readonly string[]): Promise<void> {
    const until = Date.now() + PRESENCE_MS;
    await this.deps.db.write(async (tx) => {
      for (const chunk of inFixedChunks(userIds)) await presenceUpsert.run(tx, chunk, [this.node], [until]);
    });
  }

  private async closed(sock: AgentSock): Promise<void> {
    if (this.closing) return;
    const set = this.byUser.get(sock.caller.userId);
    set?.delete(sock);
    if (set?.size) return;
    this.byUser.delete(sock.caller.userId);
    this.heart.delete(sock.caller.userId);
    try {
      await this.deps.db.write((tx) => tx.deleteFrom('agent_presence').where('user_id', '=', sock.caller.userId).where('node', '=', this.node).execute());
      this.deps.bus.publishAgent(sock.caller.userId);
    } catch (e) {
      this.log('agent presence removal failed', e);
    }
  }

  /**
   * Renews the presence of connected agents; sockets whose session ended are closed. All sockets
   * at once: a few statements for thousands of agents. Runs every RENEW_MS (tests call it too).
   */
  async renew(): Promise<void> {
    try {
      const socks = [...this.byUser.values()].flatMap((set) => [...set]);
      const live = await liveTokens(this.deps, socks.map((s) => s.token));
      for (const s of socks) if (!live.has(s.token)) s.ws.close(CLOSE_SESSION_ENDED, 'session ended');
      const users = [...this.byUser].filter(([, set]) => [...set].some((s) => s.ws.readyState === s.ws.OPEN)).map(([userId]) => userId);
      if (users.length) await this.present(users);
    } catch (e) {
      this.log('agent presence renewal failed', e);
    }
  }

  private async push(userId: string, type: string, force = false): Promise<void> {
    for (const sock of this.byUser.get(userId) ?? []) await this.send(sock, type, force).catch((e) => this.log('agent event failed', e));
  }

  private send(sock: AgentSock, type: string, force: boolean): Promise<void> {
    if (!force && sock.queued) return sock.queued;
    const next = sock.chain.then(() => {
      if (sock.queued === next) sock.queued = null;
      return this.sendNow(sock, type, force);
    });
    if (!force) sock.queued = next;
    sock.chain = next.catch(() => undefined);
    return next;
  }

  private async sendNow(sock: AgentSock, type: string, force: boolean): Promise<void> {
    const snapshot = await agentSnapshot(this.deps.db, this.deps.config, sock.caller.userId, Date.now());
    const body = JSON.stringify(snapshot);
    // A notification that changed nothing this agent sees is not worth a frame (the bus may repeat itself).
    if (!force && body === sock.last) return;
    sock.last = body;
    if (sock.ws.readyState !== sock.ws.OPEN) return;
    // The snapshot is serialized once: the envelope is written around the text compared above.
    const head = JSON.stringify({ EventType: type, EventId: randomUUID(), EventTimestamp: new Date(this.deps.clock.now()).toISOString() });
    sock.ws.send(`${head.slice(0, -1)},"CurrentAgentSnapshot":${body}}`);
  }

  /** Closes every socket and removes this node's presence (shutdown). */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.renewer);
    this.heart.stop();
    this.unsubscribe();
    const users = [...this.byUser.keys()];
    for (const set of this.byUser.values()) for (const s of set) s.ws.terminate();
    this.byUser.clear();
    if (users.length) await this.deps.db.write((tx) => tx.deleteFrom('agent_presence').where('node', '=', this.node).execute()).catch(() => undefined);
  }
}
