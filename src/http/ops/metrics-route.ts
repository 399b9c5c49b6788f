import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { liveQueueFigures } from '../../app/metrics/current.js';
import type { Deps } from '../../app/deps.js';

/** What this node can count without the store (optional: the composition root passes what it has). */
export interface NodeGauges {
  /** Open customer, agent and bot chat sockets on this node (ws/chat-hub.ts). */
  chatSockets?: () => number;
}

let processRegistry: Registry | null = null;
/**
 * Process metrics (CPU, memory, event loop lag, GC) on a private registry, made at the first
 * scrape and once per process: they describe the process, so several servers in one process
 * (tests) share them, and a server nobody scrapes starts no event-loop monitor.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const QUEUE_LABELS = ['instance_id', 'instance_alias', 'queue_id', 'queue'] as const;
const AGENT_STATES = ['online', 'available', 'on_contact', 'after_contact_work', 'error'] as const;

/**
 * GET /metrics for operators, in Prometheus text format 0.0.4: process metrics plus live figures
 * per instance and queue read from the store at scrape time (the same definitions as
 * GetCurrentMetricData grouped by QUEUE), so every node answers for the whole cluster. Open to
 * loopback callers, and to anyone with `Authorization: Bearer <PARLEY_METRICS_TOKEN>` when set.
 */
export function metricsRoute(app: FastifyInstance, deps: Deps, node: NodeGauges = {}): void {
  app.get('/metrics', async (req, reply) => {
    const refusal = refusalOf(req, deps.config.metricsToken);
    if (refusal) return reply.status(403).type('text/plain; charset=utf-8').send(`${refusal}\n`);
    // A registry per scrape: two scrapes at once never mix their values.
    const registers = [new Registry()];
    const inQueue = new Gauge({ name: 'parley_contacts_in_queue', help: 'Contacts waiting in the queue (an offered contact no longer counts)', labelNames: QUEUE_LABELS, registers });
    const oldest = new Gauge({ name: 'parley_oldest_contact_age_seconds', help: 'Time the longest-waiting contact of the queue has waited since it was enqueued', labelNames: QUEUE_LABELS, registers });
    const agents = new Gauge({
      name: 'parley_agents',
      help: 'Agents whose routing profile serves the queue, by state (after_contact_work counts contacts in after-contact work, as Connect does)',
      labelNames: [...QUEUE_LABELS, 'state'],
      registers,
    });
    const active = new Gauge({ name: 'parley_active_chats', help: 'Chats started and not yet ended (the instance quota counts these)', labelNames: ['instance_id', 'instance_alias'], registers });
    for (const i of await liveQueueFigures(deps)) {
      active.set({ instance_id: i.instanceId, instance_alias: i.alias }, i.activeChats);
      for (const q of i.queues) {
        const labels = { instance_id: i.instanceId, instance_alias: i.alias, queue_id: q.queueId, queue: q.queueName };
        inQueue.set(labels, q.inQueue);
        oldest.set(labels, q.oldestMs / 1000);
        const byState = [q.agentsOnline, q.agentsAvailable, q.agentsOnContact, q.agentsAfterContactWork, q.agentsError];
        AGENT_STATES.forEach((state, n) => agents.set({ ...labels, state }, byState[n]));
      }
    }
    if (node.chatSockets) new Gauge({ name: 'parley_chat_sockets', help: 'Chat WebSockets open on this node', registers }).set(node.chatSockets());
    const text = (await processMetrics().metrics()) + (await registers[0].metrics());
    return reply.type(registers[0].contentType).send(text);
  });
}

const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip'];
const isLoopback = (address: string | undefined) => !!address && (address === '::1' || /^(::ffff:)?127\./.test(address));

/**
 * Why a scrape is refused, or null. A loopback peer is trusted only when the request was not
 * relayed: a reverse proxy on the same host would otherwise open /metrics to the world. The token
 * is compared in constant time.
 */
function refusalOf(req: FastifyRequest, token: string | null): string | null {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (token && given !== undefined && sameSecret(given, token)) return null;
  const relayed = FORWARDED.some((h) => req.headers[h] !== undefined);
  if (isLoopback(req.socket.remoteAddress) && !relayed) return null;
  if (!token) return 'GET /metrics is open to loopback callers only; set PARLEY_METRICS_TOKEN to scrape it from elsewhere with Authorization: Bearer <token>.';
  return given === undefined ? 'GET /metrics needs Authorization: Bearer <PARLEY_METRICS_TOKEN> from this address.' : 'The metrics token is wrong.';
}

const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
const sameSecret = (a: string, b: string) => crypto.timingSafeEqual(digest(a), digest(b));
