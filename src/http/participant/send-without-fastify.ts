import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Static } from '@sinclair/typebox';
import { sendMessage } from '../../app/chat/messages.js';
import { asSender } from '../../app/chat/participant-auth.js';
import type { Deps } from '../../app/deps.js';
import { allowedOrigin, corsHeaders } from '../common/cors.js';
import { BODY_LIMIT_BYTES, parseJsonBody } from '../common/raw-body.js';
import { errorReplyFor } from '../common/reply-error.js';
import type { RawRoute } from '../common/raw-route.js';
import { compileValidator } from '../common/validator.js';
import { SendMessageBody } from './schemas.js';

/** The participant's token: X-Amz-Bearer (the first, if sent twice). */
export const bearerOf = (headers: IncomingHttpHeaders): string | undefined => {
  const v = headers['x-amz-bearer'];
  return Array.isArray(v) ? v[0] : v;
};

/** The content types the SDK's JSON bodies come as: other forms (a charset, another case) go through Fastify. */
const JSON_TYPES = new Set(['application/json', 'application/x-amz-json-1.1']);

/**
 * SendMessage answered without Fastify, for the requests the SDK and chatjs send: a POST to
 * `/participant/message` with a JSON content type and a Content-Length within the body limit.
 * Every chat message is one, and Fastify's routing, hooks and reply pipeline cost about a tenth of
 * the server's CPU per message without the store (BENCHMARKS.md). Not used where every request is
 * logged (debug). It answers as the Fastify route (participant/routes.ts) does, from the same
 * parts: body parsing and limit, schema, the app's SendMessage, Connect-shaped errors
 * (reply-error.ts), CORS headers and a request id; the tests of SendMessage's answers and errors
 * (bad-input/participant-inputs, cors, send-without-fastify) go through it. Any other request is
 * left to Fastify before anything of it is read.
 */
export function sendWithoutFastify(deps: Deps, opts: { allowedOrigins: readonly string[]; log: (e: unknown, reference: string, requestId: string) => void }): RawRoute {
  const originFor = allowedOrigin(opts.allowedOrigins);
  const validate = compileValidator({ schema: SendMessageBody, httpPart: 'body' });
  const log = opts.log;

  async function answer(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const origin = originFor(req.headers.origin);
    let status = 200;
    let body: string;
    const requestId = randomUUID();
    const headers: Record<string, string | number> = { 'x-amzn-RequestId': requestId, ...(origin ? corsHeaders(origin) : {}) };
    try {
      const checked = validate(parseJsonBody(raw));
      if (checked.error) throw checked.error;
      const input = checked.value as Static<typeof SendMessageBody>;
      body = JSON.stringify(await asSender(deps, bearerOf(req.headers), (caller) => sendMessage(deps, caller, input)));
    } catch (e) {
      const reply = errorReplyFor(e, 'participant', (err, reference) => log(err, reference, requestId));
      status = reply.status;
      body = reply.body;
      headers['x-amzn-ErrorType'] = reply.type;
    }
    // What Fastify sends for JSON, errors included.
    headers['content-type'] = 'application/json; charset=utf-8';
    headers['content-length'] = Buffer.byteLength(body);
    res.writeHead(status, headers).end(body);
  }

  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/participant/message') return false;
    const length = Number(req.headers['content-length']);
    if (!JSON_TYPES.has(req.headers['content-type'] ?? '') || !(length <= BODY_LIMIT_BYTES) || req.headers['transfer-encoding']) return false;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    // A client gone mid-body: nothing was done, nothing to answer.
    req.on('error', () => {});
    req.on('end', () =>
      answer(req, res, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).catch((e: unknown) => {
        // Not an error of the request (those are answered): the answer itself failed.
        log(e, randomUUID(), '');
        res.destroy();
      }),
    );
    return true;
  };
}
