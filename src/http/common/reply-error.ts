import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from '../../core/errors.js';
import { ERROR_MAP, type Api } from './error-map.js';

/** The API a route belongs to, set in its route config; unknown routes answer as connect does. */
export const apiOf = (req: FastifyRequest): Api => ((req.routeOptions?.config as { api?: Api } | undefined)?.api ?? 'connect');

/** An error response as it goes on the wire, whoever sends it (Fastify, or a route without it). */
export interface ErrorReply {
  status: number;
  type: string;
  body: string;
}

/**
 * A Connect-shaped error: the type in `x-amzn-ErrorType` and in the body's `__type` (the browser
 * SDK cannot read the header unless CORS exposes it), `Message` and `message`, and never a `code`
 * key, which the SDK would read first.
 */
export function errorReply(api: Api, code: ErrorCode, message: string, details: Record<string, unknown> = {}): ErrorReply {
  const [type, status] = ERROR_MAP[api][code];
  // InvalidContactFlowException carries its `problems` list in the body, where the SDK reads it.
  const extra = (api === 'participant' && code === 'NOT_FOUND') || code === 'INVALID_FLOW' ? details : {};
  return { status, type, body: JSON.stringify({ __type: type, Message: message, message, ...extra }) };
}

const send = (reply: FastifyReply, r: ErrorReply) => reply.status(r.status).header('x-amzn-ErrorType', r.type).header('content-type', 'application/json').send(r.body);

/** Sends a Connect-shaped error (errorReply). */
export function sendError(reply: FastifyReply, api: Api, code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
  return send(reply, errorReply(api, code, message, details));
}

interface FastifyLikeError {
  validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
  validationContext?: string;
  statusCode?: number;
  code?: string;
  message: string;
}

/** Maps any thrown error to the wire: domain errors by the table, schema failures as bad parameters. */
export function handleError(err: unknown, req: FastifyRequest, reply: FastifyReply, log: (e: unknown, id: string) => void) {
  return send(reply, errorReplyFor(err, apiOf(req), log));
}

/** The response for any thrown error (handleError); an unexpected one is logged with the reference it answers. */
export function errorReplyFor(err: unknown, api: Api, log: (e: unknown, id: string) => void): ErrorReply {
  if (err instanceof DomainError) return errorReply(api, err.code, err.message, err.details);
  const e = err as FastifyLikeError;
  if (e.validation) {
    const where = e.validationContext === 'querystring' ? 'query' : e.validationContext === 'params' ? 'path' : 'body';
    const problems = e.validation.map((v) => {
      const field = [v.instancePath?.slice(1).replace(/\//g, '.'), v.params?.missingProperty].filter(Boolean).join('.') || where;
      return `Value at '${field}' failed to satisfy constraint: ${v.message}`;
    });
    return errorReply(api, 'INVALID_PARAMETER', `${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${problems.join('; ')}`);
  }
  if (e.statusCode === 413) return errorReply(api, 'INVALID_PARAMETER', 'The request body is too large');
  if (e.statusCode === 415) return errorReply(api, 'INVALID_PARAMETER', 'Requests must be application/json');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return errorReply(api, 'INVALID_PARAMETER', e.message);
  const id = crypto.randomUUID();
  log(err, id);
  return errorReply(api, 'INTERNAL', `Internal error (reference ${id})`);
}
