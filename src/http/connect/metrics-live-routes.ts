import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { requireInstance } from '../../app/admin/instances.js';
import { authSession, requirePermission } from '../../app/agents/sessions.js';
import type { Deps } from '../../app/deps.js';
import { liveBoardHub } from '../../app/metrics/live-stream.js';
import type { LiveBoard } from '../../core/metrics/live-board.js';
import { accessDenied, DomainError } from '../../core/errors.js';
import { bearerToken } from '../common/session-auth.js';
import { ERROR_MAP } from '../common/error-map.js';
import { latestOnly } from '../common/latest-only.js';
import { InstanceIdParam } from './schemas.js';

/** What the client waits before reconnecting when the stream breaks (the SSE `retry` field). */
const RETRY_MS = 2000;

/**
 * The live queue board as Server-Sent Events (docs/metrics.md, "Live board stream"):
 * `GET /metrics/live/{InstanceId}` answers `text/event-stream` with an `event: board` carrying
 * the whole board (app/metrics/live-stream.ts) at once, then whenever something changes (at most
 * once a second) and at least every 5 s. Authentication is the connect API's (SigV4, or a
 * session with `supervise`) checked before the stream opens; a session is checked again before
 * each push, and a refusal is sent as `event: error` with the Connect error type, then the stream ends.
 * While the client's connection is backed up, pushes are skipped and the latest board is sent
 * when it drains (common/latest-only.ts).
 * The console reads it with fetch() (EventSource cannot send the Authorization header).
 */
export function metricsLiveRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const, permission: 'supervise' as const };
  const open = new Set<ServerResponse>();
  // A stream never goes idle, so the server's close would wait for it: end them all first.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });
  const hub = liveBoardHub(deps, (e) => app.log.error(e, 'live board failed'));

  app.get<{ Params: Static<typeof InstanceIdParam> }>('/metrics/live/:InstanceId', { config, schema: { params: InstanceIdParam } }, async (req, reply) => {
    const instance = await requireInstance(deps.db.kysely, req.params.InstanceId);
    const token = bearerToken(req);
    const res = reply.raw;
    reply.hijack();
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-amzn-RequestId': req.id,
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    open.add(res);
    let seq = 0;
    // A client that reads slower than the board changes gets the latest board once it catches up, not a backlog.
    const push = latestOnly(res, async (board: LiveBoard) => {
      const refusal = token === undefined ? null : await stillAllowed(deps, token, instance.id);
      if (refusal) {
        res.end(`event: error\ndata: ${JSON.stringify(refusal)}\n\n`);
        return;
      }
      res.write(`id: ${++seq}\nevent: board\ndata: ${JSON.stringify(board)}\n\n`);
    });
    const stop = hub.watch(instance.id, (board) => void push(board));
    res.on('close', () => {
      stop();
      open.delete(res);
    });
  });
}

/** Null while the session may still watch the instance; else the error a call would get, as the wire has it. */
async function stillAllowed(deps: Deps, token: string, instanceId: string): Promise<{ __type: string; message: string } | null> {
  try {
    const caller = await authSession(deps, token);
    if (caller.instanceId !== instanceId) throw accessDenied('A session may only use the instance it was opened on');
    requirePermission(caller, 'supervise');
    return null;
  } catch (e) {
    const code = e instanceof DomainError ? e.code : 'INTERNAL';
    return { __type: ERROR_MAP.connect[code][0], message: e instanceof Error ? e.message : String(e) };
  }
}
