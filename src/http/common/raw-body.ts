import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidParameter } from '../../core/errors.js';

const RAW = Symbol('rawBody');
type WithRaw = FastifyRequest & { [RAW]?: Buffer };

/** The request body exactly as received (SigV4 signs it), empty for requests without one. */
export const rawBodyOf = (req: FastifyRequest): Buffer => (req as WithRaw)[RAW] ?? Buffer.alloc(0);

/** The largest request body accepted (bigger: ValidationException / InvalidParameterException). */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** A JSON request body: empty is `{}`, as the SDK means it; anything unparsable is a bad parameter. */
export function parseJsonBody(body: Buffer): unknown {
  if (!body.length) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw invalidParameter(`The request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Parses JSON bodies itself, keeping the raw bytes; an empty body is `{}` as the SDK means it. */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'application/x-amz-json-1.1'], { parseAs: 'buffer' }, (req, body, done) => {
    (req as WithRaw)[RAW] = body as Buffer;
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
