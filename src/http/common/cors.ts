import type { FastifyInstance } from 'fastify';

/** Headers the AWS SDK and chatjs send from browsers (spec §1.2). */
const ALLOW_HEADERS = [
  'content-type',
  'authorization',
  'x-amz-date',
  'x-amz-user-agent',
  'x-amz-content-sha256',
  'x-amz-security-token',
  'x-amz-bearer',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
].join(', ');
const EXPOSE_HEADERS = 'x-amzn-ErrorType, x-amzn-RequestId, x-amz-apigw-id';

/** The request's origin when the list allows it (`*`: any), else null: then no CORS header is sent. */
export function allowedOrigin(allowed: readonly string[]): (origin: string | undefined) => string | null {
  const any = allowed.includes('*');
  return (origin) => (!origin ? null : any || allowed.includes(origin) ? origin : null);
}

/** The CORS headers of any response (preflights add theirs) to a request from an allowed origin. */
export const corsHeaders = (origin: string) => ({ 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': EXPOSE_HEADERS });

/**
 * CORS for every route, preflights included. Participant calls authenticate with a header token
 * and no cookie is ever used, so allowing any origin exposes nothing; the list narrows it.
 */
export function registerCors(app: FastifyInstance, allowed: readonly string[]): void {
  const originFor = allowedOrigin(allowed);
  // A callback hook, not an async one: it runs on every request, and a promise per request costs.
  app.addHook('onRequest', (req, reply, done) => {
    const origin = originFor(req.headers.origin);
    if (origin) reply.headers(corsHeaders(origin));
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (origin) {
        reply.header('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS');
        reply.header('access-control-allow-headers', ALLOW_HEADERS);
        reply.header('access-control-max-age', '600');
      }
      reply.status(origin ? 204 : 403).send();
      return;
    }
    done();
  });
}
