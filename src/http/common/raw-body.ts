import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidParameter } from '../../core/errors.js';

const RAW = Symbol('rawBody');
type WithRaw = FastifyRequest & { [RAW]?: Buffer };

/** The request body exactly as received (SigV4 signs it), empty for requests without one. */
export const rawBodyOf = (req: FastifyRequest): Buffer => (req as WithRaw)[RAW] ?? Buffer.alloc(0);

/** Parses JSON bodies itself, keeping the raw bytes; an empty body is `{}` as the SDK means it. */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'application/x-amz-json-1.1'], { parseAs: 'buffer' }, (req, body, done) => {
    (req as WithRaw)[RAW] = body as Buffer;
    if (!(body as Buffer).length) return done(null, {});
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')));
    } catch (e) {
      done(invalidParameter(`The request body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });
}
