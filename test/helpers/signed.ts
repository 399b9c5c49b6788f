import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { DEV_CREDENTIALS, type TestParley } from './parley.js';

export interface SignedResponse {
  status: number;
  headers: Headers;
  /** The body as text (JSON, JSON lines or CSV). */
  body: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: Record<string, unknown> | undefined;
}

/**
 * A SigV4-signed request on the connect API, as the AWS CLI or `awscurl` sends it: for Parley's
 * extensions (usage, records export, webhooks), which the SDK has no command for. `path` may carry
 * a query string.
 */
export async function signedRequest(p: TestParley, method: string, path: string, body?: unknown): Promise<SignedResponse> {
  const url = new URL(path, p.url);
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { host: url.host, ...(text !== undefined ? { 'content-type': 'application/json' } : {}) };
  const query = Object.fromEntries(url.searchParams);
  const signer = new SignatureV4({ service: 'connect', region: p.deps.config.region, credentials: DEV_CREDENTIALS, sha256: Sha256 });
  const signed = await signer.sign(new HttpRequest({ method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers, body: text }));
  const res = await fetch(url, { method, headers: signed.headers, body: text });
  const out = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(out) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, body: out, json };
}
