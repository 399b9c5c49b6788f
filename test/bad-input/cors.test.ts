import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

/** What chatjs (SDK v3 in the browser) lists in Access-Control-Request-Headers for participant calls. */
const CHATJS_HEADERS = 'authorization,content-type,x-amz-bearer,x-amz-content-sha256,x-amz-date,x-amz-user-agent';
/** The AWS SDK in a browser, for admin calls, adds its invocation headers. */
const SDK_HEADERS = 'amz-sdk-invocation-id,amz-sdk-request,authorization,content-type,x-amz-date,x-amz-user-agent';
const SHOP = 'https://shop.example';

const preflight = (base: string, path: string, origin: string, method: string, headers: string) =>
  fetch(`${base}${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });
const listOf = (h: string | null) => (h ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);

describe('any origin allowed (the default)', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(async () => {
    await p.stop();
  });

  it.each([
    ['SendMessage', '/participant/message', 'POST', CHATJS_HEADERS],
    ['CreateParticipantConnection', '/participant/connection', 'POST', CHATJS_HEADERS],
    ['GetTranscript', '/participant/transcript', 'POST', CHATJS_HEADERS],
    ['StartChatContact (unauthenticated preflight of a signed call)', '/contact/chat', 'PUT', SDK_HEADERS],
    ['the attachment upload URL', '/attachments/upload?grant=x', 'PUT', 'content-type'],
  ])('a preflight for %s gets 204 allowing the origin, method and every requested header', async (_name, path, method, headers) => {
    const res = await preflight(p.url, path, 'http://localhost:3000', method, headers);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(listOf(res.headers.get('access-control-allow-methods'))).toContain(method.toLowerCase());
    const allowed = listOf(res.headers.get('access-control-allow-headers'));
    for (const h of headers.split(',')) expect(allowed).toContain(h);
  });

  it('an error answered to a cross-origin call exposes x-amzn-ErrorType, so the browser SDK can type it', async () => {
    const res = await fetch(`${p.url}/participant/message`, {
      method: 'POST',
      headers: { origin: SHOP, 'content-type': 'application/json', 'x-amz-bearer': 'not-a-token' },
      body: JSON.stringify({ ContentType: 'text/plain', Content: 'hi' }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(listOf(res.headers.get('access-control-expose-headers'))).toEqual(expect.arrayContaining(['x-amzn-errortype', 'x-amzn-requestid']));
    expect(res.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
  });

  it('an admin error (no signature) to a cross-origin call is readable too', async () => {
    const res = await fetch(`${p.url}/contact/chat`, { method: 'PUT', headers: { origin: SHOP, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(listOf(res.headers.get('access-control-expose-headers'))).toContain('x-amzn-errortype');
  });

  it('a successful cross-origin call is readable', async () => {
    const chat = await startChat(p);
    const res = await fetch(`${p.url}/participant/transcript`, {
      method: 'POST',
      headers: { origin: SHOP, 'content-type': 'application/json', 'x-amz-bearer': chat.connectionToken },
      body: JSON.stringify({ StartPosition: {} }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
  });
});

describe('PARLEY_ALLOWED_ORIGINS naming one origin', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ env: { PARLEY_ALLOWED_ORIGINS: SHOP } });
  });
  afterAll(async () => {
    await p.stop();
  });

  it('answers that origin’s preflight', async () => {
    const res = await preflight(p.url, '/participant/message', SHOP, 'POST', CHATJS_HEADERS);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
  });

  it.each(['https://evil.example', 'https://shop.example.evil.example', 'http://shop.example'])('refuses the preflight of %s', async (origin) => {
    const res = await preflight(p.url, '/participant/message', origin, 'POST', CHATJS_HEADERS);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('gives another origin no CORS headers on a real call, so its browser cannot read the answer', async () => {
    const chat = await startChat(p);
    const res = await fetch(`${p.url}/participant/transcript`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json', 'x-amz-bearer': chat.connectionToken },
      body: '{}',
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
  });
});
