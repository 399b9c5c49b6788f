import type { FastifyRequest } from 'fastify';
import { authSession, requirePermission, type AgentCaller } from '../../app/agents/sessions.js';
import { instanceIdFromRef } from '../../app/arn.js';
import type { Deps } from '../../app/deps.js';
import type { Permission } from '../../core/agents/permissions.js';
import { accessDenied } from '../../core/errors.js';

/** What a connect route may declare in its Fastify `config` about who may call it. */
export interface ConnectRouteConfig {
  api?: string;
  /** The permission a session caller needs, when the default by method (see permissionFor) is wrong for the route. */
  permission?: Permission;
}

/** The session token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 7235); undefined for any other header. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const m = /^Bearer(?:\s+(.*))?$/i.exec(req.headers.authorization?.trim() ?? '');
  return m ? (m[1] ?? '').trim() : undefined;
}

/**
 * The permission a session needs for a connect route: the route's own `config.permission`, else
 * `supervise` to read (GET) and `configure` for anything that changes something.
 */
export function permissionFor(method: string, config: ConnectRouteConfig): Permission {
  return config.permission ?? (method === 'GET' || method === 'HEAD' ? 'supervise' : 'configure');
}

const callers = new WeakMap<FastifyRequest, AgentCaller>();

/**
 * Authenticates a connect API request that carries a Parley session instead of SigV4, before its
 * input is validated: the session must be live, the instance the request names (path
 * `:InstanceId` or body `InstanceId`, by id or ARN) must be the session's own, and the user's
 * security profiles must give the route's permission. Any refusal is ACCESS_DENIED (an unknown
 * instance gets the same answer as another instance's: nothing about other instances leaks).
 * A request naming no instance (ListInstances) passes; its handler narrows the answer with
 * sessionCallerOf.
 */
export async function authorizeSession(deps: Deps, req: FastifyRequest, token: string): Promise<AgentCaller> {
  const caller = await authSession(deps, token || undefined);
  for (const ref of instanceRefs(req)) if (instanceIdFromRef(ref) !== caller.instanceId) throw accessDenied('A session may only use the instance it was opened on');
  requirePermission(caller, permissionFor(req.method, req.routeOptions.config as ConnectRouteConfig));
  callers.set(req, caller);
  return caller;
}

/** The session caller authorizeSession admitted for this request; undefined for a SigV4 (root) request. */
export const sessionCallerOf = (req: FastifyRequest): AgentCaller | undefined => callers.get(req);

/** The instances a request names. A non-string is left to schema validation (it names no instance, so it cannot reach one). */
function instanceRefs(req: FastifyRequest): string[] {
  const fromPath = (req.params as Record<string, unknown> | undefined)?.InstanceId;
  const body = req.body;
  const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).InstanceId : undefined;
  return [fromPath, fromBody].filter((r): r is string => typeof r === 'string');
}
