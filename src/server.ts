import { randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import type { Clock } from './core/ports.js';
import { FsBlobStore } from './adapters/blob/fs-blob-store.js';
import { LocalBus } from './adapters/bus/local-bus.js';
import { SimulatedClock } from './adapters/clock/simulated-clock.js';
import { SystemClock } from './adapters/clock/system-clock.js';
import { randomIds } from './adapters/ids.js';
import type { Db } from './adapters/store/db.js';
import { openPostgres } from './adapters/store/postgres.js';
import { openSqlite } from './adapters/store/sqlite.js';
import { seed, type Seeded } from './app/admin/seed.js';
import { onChatDeadline } from './app/chat/deadline.js';
import { onFlowTimeout } from './app/flows/flow-timer.js';
import { FLOW_TIMER } from './app/flows/runner.js';
import type { Deps } from './app/deps.js';
import { houseKeep } from './app/timers/housekeeping.js';
import { Scheduler } from './app/timers/scheduler.js';
import { connectRoutes } from './http/connect/routes.js';
import { registerCors } from './http/common/cors.js';
import { BODY_LIMIT_BYTES, registerJsonParser } from './http/common/raw-body.js';
import { routeFirst, type RawRoute } from './http/common/raw-route.js';
import { sendWithoutFastify } from './http/participant/send-without-fastify.js';
import { handleError, sendError, apiOf } from './http/common/reply-error.js';
import { attachmentUrlRoutes } from './http/participant/attachment-urls.js';
import { compileValidator } from './http/common/validator.js';
import { participantRoutes } from './http/participant/routes.js';
import { testControlRoutes } from './http/test-control.js';
import { ChatHub } from './ws/chat-hub.js';
import { BuiltinBot } from './adapters/bots/builtin-bot.js';
import { ACW_TIMER, OFFER_TIMER } from './app/agents/after-contact.js';
import { onAcwLimit, onOfferTimeout } from './app/agents/offers.js';
import { PARTICIPANT_TIMER, onParticipantTimer } from './app/chat/participant-timers.js';
import { Router } from './app/routing/router.js';
import { Projector } from './app/contacts/projector.js';
import { enqueueDeliveries } from './app/webhooks/deliveries.js';
import { WebhookDispatcher } from './app/webhooks/dispatcher.js';
import { AgentHub } from './ws/agent-hub.js';
import { agentRoutes } from './http/agent/routes.js';
import { webRoutes } from './http/web/static-routes.js';
import { widgetRoutes } from './http/widget/routes.js';
import { metricsRoute } from './http/ops/metrics-route.js';

const HOUSEKEEPING_EVERY_MS = 10 * 60_000;

export interface Parley {
  app: FastifyInstance;
  deps: Deps;
  seeded: Seeded;
  scheduler: Scheduler;
  router: Router;
  projector: Projector;
  /** Sends contact-event webhooks (app/webhooks/). */
  webhooks: WebhookDispatcher;
  hub: ChatHub;
  agentHub: AgentHub;
  /** The base URL the server listens on. */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Defaults: a simulated clock under test control, else the wall clock. */
  clock?: Clock;
  /** An open store to use instead of the one the config names (tests). */
  db?: Db;
}

/**
 * PARLEY_PORT=0 asks for any free port. The URLs handed to clients need the real one, and the
 * config is frozen before anything uses it, so a free port is chosen up front and used both to
 * listen on and, unless PARLEY_PUBLIC_URL names another, in the public URL.
 */
async function withPort(config: Readonly<Config>): Promise<Readonly<Config>> {
  if (config.port !== 0) return config;
  const port = await freePort(config.host);
  const publicUrl = new URL(config.publicUrl);
  // A public URL on port 0 is the default one (http://127.0.0.1:PORT): it takes the real port.
  const derived = publicUrl.port === '0' ? `${publicUrl.protocol}//${publicUrl.hostname}:${port}${publicUrl.pathname.replace(/\/+$/, '')}` : config.publicUrl;
  return Object.freeze({ ...config, port, publicUrl: derived });
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Opens the store named by the config: PostgreSQL for a postgres:// URL, else SQLite under the data dir. */
export function openStore(config: Readonly<Config>): Promise<Db> {
  return config.databaseUrl
    ? openPostgres({ url: config.databaseUrl })
    : openSqlite({ file: path.join(config.dataDir, 'parley.db'), durability: config.durability });
}

/**
 * The composition root: builds every adapter, seeds, and starts the roles (HTTP API, sockets,
 * timers). `close` shuts down in order: stop accepting, close sockets, stop timers, close the store.
 */
export async function startParley(given: Readonly<Config>, opts: StartOptions = {}): Promise<Parley> {
  const config = await withPort(given);
  const clock = opts.clock ?? (config.testControl ? new SimulatedClock(Date.now()) : new SystemClock());
  const db = opts.db ?? (await openStore(config));
  const seeded = await seed(db, randomIds, config, clock.now());
  // One line per request floods the log at chat volumes: only at debug, where every request also goes through Fastify.
  const logsRequests = config.logLevel === 'debug' || config.logLevel === 'trace';
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    genReqId: () => randomUUID(),
    // Errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: !logsRequests }),
    // Path labels are bounded by the route schemas (a ContactId may have 256 characters), not by
    // the router's default of 100; a URL the router cannot decode still gets a Connect-shaped error.
    routerOptions: { maxParamLength: 2048 },
    frameworkErrors: (err, req, reply) => sendError(reply, req.url.startsWith('/participant/') ? 'participant' : 'connect', 'INVALID_PARAMETER', err.message),
  });
  // SendMessage's common requests skip Fastify (send-without-fastify.ts), except when every
  // request is logged, and once close() has begun (Fastify then answers 503).
  let rawRoute: RawRoute | null = null;
  let closing = false;
  routeFirst(app.server, () => (closing ? null : rawRoute));
  let scheduler: Scheduler | null = null;
  let router: Router | null = null;
  let projector: Projector | null = null;
  const deps: Deps = {
    config,
    db,
    clock,
    ids: randomIds,
    bus: new LocalBus(),
    blobs: new FsBlobStore(path.join(config.dataDir, 'attachments')),
    secret: config.secret ?? seeded.secret,
    timers: { wake: (dueAt) => scheduler?.wake(dueAt) },
    routing: { wake: () => router?.wake() },
    bot: new BuiltinBot(config.bots),
    records: { catchUp: async () => projector?.catchUp() },
  };
  scheduler = new Scheduler(
    db,
    clock,
    {
      'chat-deadline': (target, dueAt) => onChatDeadline(deps, target, dueAt),
      [FLOW_TIMER]: (target, dueAt) => onFlowTimeout(deps, target, dueAt),
      [OFFER_TIMER]: (target) => onOfferTimeout(deps, target),
      [ACW_TIMER]: (target) => onAcwLimit(deps, target),
      [PARTICIPANT_TIMER]: (target, dueAt) => onParticipantTimer(deps, target, dueAt),
    },
    (e) => app.log.error(e, 'timer failed'),
  );
  router = new Router(deps, (e) => app.log.error(e, 'routing failed'));
  projector = new Projector(deps, [(tx, events) => enqueueDeliveries(tx, deps, events)], (e) => app.log.error(e, 'contact records failed'));
  const webhooks = new WebhookDispatcher(deps, { error: (e, msg) => app.log.error(e, msg), warn: (msg) => app.log.warn(msg) });
  const hub = new ChatHub(deps, (msg, e) => app.log.error(e, msg));
  const agentHub = new AgentHub(deps, (msg, e) => app.log.error(e, msg));

  registerCors(app, config.allowedOrigins);
  registerJsonParser(app);
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-amzn-RequestId', req.id);
    done(null, payload);
  });
  // A response still streaming when close() begins (an attachment download) leaves a keep-alive
  // connection that turns idle only afterwards, and Node's close() would wait out keepAliveTimeout
  // (72 s) for it: close such connections as soon as their response is done.
  app.server.on('request', (_req, res) => {
    res.once('close', () => {
      if (closing) setImmediate(() => app.server.closeIdleConnections());
    });
  });
  app.setValidatorCompiler(compileValidator);
  app.setErrorHandler((err, req, reply) => handleError(err, req, reply, (e, id) => app.log.error({ err: e, reference: id }, 'request failed')));
  if (!logsRequests) rawRoute = sendWithoutFastify(deps, { allowedOrigins: config.allowedOrigins, log: (e, id, reqId) => app.log.error({ err: e, reference: id, reqId }, 'request failed') });
  app.setNotFoundHandler((req, reply) => sendError(reply, apiOf(req), 'UNKNOWN_OPERATION', `No operation at ${req.method} ${req.url.split('?')[0]}`));
  app.get('/health', async () => ({ status: 'ok' }));
  metricsRoute(app, deps, { chatSockets: () => hub.size });
  connectRoutes(app, deps);
  participantRoutes(app, deps);
  agentRoutes(app, deps);
  widgetRoutes(app, deps, seeded);
  webRoutes(app);
  await app.register((child) => attachmentUrlRoutes(child, deps));
  if (config.testControl) testControlRoutes(app, clock);

  app.server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').startsWith('/ws/v1/chat')) void hub.upgrade(req, socket, head);
    else if ((req.url ?? '').startsWith('/agent/v1/events')) void agentHub.upgrade(req, socket, head);
    else socket.destroy();
  });
  await app.listen({ host: config.host, port: config.port });
  scheduler.start();
  router.wake();
  projector.wake();
  webhooks.start();
  const sweeper = setInterval(() => void houseKeep(db, clock).catch((e) => app.log.error(e, 'housekeeping failed')), HOUSEKEEPING_EVERY_MS);
  sweeper.unref();
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  return {
    app,
    deps,
    seeded,
    scheduler,
    router,
    projector,
    webhooks,
    hub,
    agentHub,
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    async close() {
      closing = true;
      clearInterval(sweeper);
      await hub.close();
      await agentHub.close();
      await app.close();
      await router?.stop();
      await scheduler?.stop();
      await projector?.stop();
      await webhooks.stop();
      await db.close();
    },
  };
}
