import crypto from 'node:crypto';
import { DomainError } from '../../core/errors.js';

export interface SigV4Keys {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
}

export interface SignedRequest {
  method: string;
  /** The request target as received: path and query, still percent-encoded. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** How far the x-amz-date may be from the wall clock, as AWS allows. */
export const MAX_SKEW_MS = 15 * 60_000;

const fail = (message: string) => new DomainError('INVALID_SIGNATURE', message);

/**
 * Verifies an AWS Signature Version 4 `Authorization` header against the configured key, the
 * body actually received and the wall clock. Throws MISSING_AUTHENTICATION, UNRECOGNIZED_CLIENT
 * or INVALID_SIGNATURE; returns normally when the request is authentic.
 */
export function verifySigV4(req: SignedRequest, keys: SigV4Keys, wallNow: number): void {
  const auth = header(req, 'authorization');
  if (!auth) throw new DomainError('MISSING_AUTHENTICATION', 'Missing Authentication Token');
  const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(auth.trim());
  if (!m) throw fail('Authorization header is not a valid AWS4-HMAC-SHA256 signature');
  const [, credential, signedHeaders, signature] = m;
  const [keyId, date, region, service, terminator, ...rest] = credential.split('/');
  if (keyId !== keys.accessKeyId) throw new DomainError('UNRECOGNIZED_CLIENT', 'The security token included in the request is invalid.');
  if (rest.length || terminator !== 'aws4_request' || region !== keys.region || service !== keys.service)
    throw fail(`Credential should be scoped to a valid region and service: expected ${keys.region}/${keys.service}, got ${region}/${service}`);
  const amzDate = header(req, 'x-amz-date') ?? '';
  const t = parseAmzDate(amzDate);
  if (t === null) throw fail('X-Amz-Date is missing or malformed');
  if (amzDate.slice(0, 8) !== date) throw fail('Credential date does not match X-Amz-Date');
  if (Math.abs(wallNow - t) > MAX_SKEW_MS) throw fail(`Signature expired: ${amzDate} is more than 15 minutes from the server time`);
  const names = signedHeaders.split(';');
  if (!names.includes('host')) throw fail('The host header must be signed');

  const payloadHash = crypto.createHash('sha256').update(req.body).digest('hex');
  const claimed = header(req, 'x-amz-content-sha256');
  if (claimed && claimed !== 'UNSIGNED-PAYLOAD' && claimed !== payloadHash) throw fail('The request body does not match its signed hash');
  const [rawPath, rawQuery = ''] = req.url.split('?', 2);
  const canonical = [
    req.method.toUpperCase(),
    canonicalPath(rawPath),
    canonicalQuery(rawQuery),
    names.map((n) => `${n}:${(header(req, n) ?? '').trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n');
  const expected = hmac(signingKey(keys, scope), toSign);
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    throw fail('The request signature we calculated does not match the signature you provided.');
}

/** The key derived for each key pair's latest scope: it changes once a day, and deriving it costs four HMACs per request. */
const derived = new WeakMap<SigV4Keys, { scope: string; key: Buffer }>();

function signingKey(keys: SigV4Keys, scope: string): Buffer {
  const known = derived.get(keys);
  if (known?.scope === scope) return known.key;
  const [date, ...parts] = scope.split('/');
  let key: Buffer = hmac(`AWS4${keys.secretAccessKey}`, date);
  for (const part of parts) key = hmac(key, part);
  derived.set(keys, { scope, key });
  return key;
}

const hmac = (key: string | Buffer, data: string) => crypto.createHmac('sha256', key).update(data).digest();
const sha256hex = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

function header(req: SignedRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

function parseAmzDate(s: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : null;
}

/** RFC 3986 encoding, as the AWS signer does it. */
const escape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The SDK signs the already-encoded path encoded once more (non-S3 services), dot segments removed. */
function canonicalPath(raw: string): string {
  const segs: string[] = [];
  for (const s of raw.split('/')) {
    if (!s || s === '.') continue;
    if (s === '..') segs.pop();
    else segs.push(s);
  }
  const path = `/${segs.join('/')}${segs.length && raw.endsWith('/') ? '/' : ''}`;
  return escape(path).replace(/%2F/g, '/');
}

function canonicalQuery(raw: string): string {
  if (!raw) return '';
  const pairs = raw
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf('=');
      const k = decode(i < 0 ? p : p.slice(0, i));
      const v = i < 0 ? '' : decode(p.slice(i + 1));
      return [escape(k), escape(v)] as const;
    })
    .filter(([k]) => k.toLowerCase() !== 'x-amz-signature');
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** A query component as the signer saw it; one that is not valid percent-encoding was not signed by an SDK. */
function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw fail('The query string is not valid percent-encoding');
  }
}
