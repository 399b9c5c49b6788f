import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChat, type TestChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

/**
 * SendMessage is answered without Fastify for the requests the SDK sends (content type exactly
 * application/json, a Content-Length: http/participant/send-without-fastify.ts) and by Fastify's
 * route for the others (a charset in the content type, a chunked body). Either way a client must
 * get the same answer: the same status, error type and message, CORS and request-id headers.
 */
let p: TestParley;
let chat: TestChat;
beforeAll(async () => {
  p = await startTestParley();
  chat = await startChat(p);
});
afterAll(async () => {
  await p.stop();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /**
   * Whether the route without Fastify answered: the one difference a client can see is the case
   * of a header name (it writes `x-amzn-RequestId`, Fastify lower-cases it), which HTTP ignores.
   */
  withoutFastify: boolean;
}

type Form = 'sdk' | 'charset' | 'chunked';

/** POSTs `body` to /participant/message in one of the forms, over plain node:http (fetch always sends a length). */
function post(form: Form, body: string, headers: Record<string, string>): Promise<Answer> {
  const url = new URL('/participant/message', p.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': form === 'charset' ? 'application/json; charset=utf-8' : 'application/json',
          ...(form === 'chunked' ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(Buffer.byteLength(body)) }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
            withoutFastify: res.rawHeaders.includes('x-amzn-RequestId'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (form === 'chunked') for (let i = 0; i < body.length; i += 7) req.write(body.slice(i, i + 7));
    else req.write(body);
    req.end();
  });
}

/** What must not differ between the two ways: everything but the ids and the date. */
const comparable = (a: Answer) => ({
  status: a.status,
  errorType: a.headers['x-amzn-errortype'],
  contentType: a.headers['content-type'],
  cors: [a.headers['access-control-allow-origin'], a.headers.vary, a.headers['access-control-expose-headers']],
  hasRequestId: typeof a.headers['x-amzn-requestid'] === 'string' && a.headers['x-amzn-requestid'].length > 0,
  keys: Object.keys(a.body).sort(),
  message: a.body.Message,
});

const message = (Content: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ ContentType: 'text/plain', Content, ...extra });

describe('SendMessage answers the same with or without Fastify', () => {
  const auth = (): Record<string, string> => ({ 'x-amz-bearer': chat.connectionToken, origin: 'https://shop.example' });
  it.each<[string, () => string, () => Record<string, string>]>([
    ['a message', () => message('hello'), auth],
    ['a message with a ClientToken', () => message('hello again', { ClientToken: `t-${Math.random()}` }), auth],
    ['a message without an origin', () => message('no cors'), () => ({ 'x-amz-bearer': chat.connectionToken })],
    ['a body that is not JSON', () => '{"ContentType": ', auth],
    ['an empty body (no Content)', () => '', auth],
    ['a missing Content', () => JSON.stringify({ ContentType: 'text/plain' }), auth],
    ['a number for Content', () => JSON.stringify({ ContentType: 'text/plain', Content: 5 }), auth],
    ['an unknown member', () => message('x', { Extra: 1 }), auth],
    ['text too long for text/plain', () => message('x'.repeat(1025)), auth],
    ['an unsupported content type', () => JSON.stringify({ ContentType: 'image/png', Content: 'x' }), auth],
    ['a garbage token', () => message('x'), () => ({ 'x-amz-bearer': 'garbage', origin: 'https://shop.example' })],
    ['no token', () => message('x'), () => ({ origin: 'https://shop.example' })],
  ])('%s', async (_name, body, headers) => {
    const answers = await Promise.all((['sdk', 'charset', 'chunked'] as const).map((form) => post(form, body(), headers())));
    expect(answers.map((a) => a.withoutFastify)).toEqual([true, false, false]);
    const [sdk, ...others] = answers.map(comparable);
    for (const other of others) expect(other).toEqual(sdk);
  });

  it('a message sent each way is delivered, in order, with its own Id and time', async () => {
    const sent = [];
    for (const form of ['sdk', 'charset', 'chunked'] as const) sent.push(await post(form, message(`via ${form}`), { 'x-amz-bearer': chat.connectionToken }));
    for (const a of sent) expect(a.body).toEqual({ Id: expect.any(String), AbsoluteTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    expect(new Set(sent.map((a) => a.body.Id)).size).toBe(3);
  });

  it('a body over the limit is left to Fastify, which refuses it, and nothing is written', async () => {
    const items = () => p.deps.db.kysely.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).where('chat_id', '=', chat.contactId).executeTakeFirstOrThrow();
    const before = await items();
    expect(Number(before.n)).toBeGreaterThan(0);
    const huge = message('x'.repeat(300 * 1024));
    const answers = await Promise.all((['sdk', 'charset'] as const).map((form) => post(form, huge, { 'x-amz-bearer': chat.connectionToken })));
    for (const a of answers) expect(a).toMatchObject({ status: 400, headers: { 'x-amzn-errortype': 'ValidationException' }, withoutFastify: false });
    expect(await items()).toEqual(before);
  });
});
