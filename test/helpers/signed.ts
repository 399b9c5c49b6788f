import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { DEV_CREDENTIALS, type TestParley } from './parley.js';

export interface SignedResponse {
  status: number;
  headers: Headers;
  /** The body as text (JSON, JSON lines or CSV). */
  body: string;
  /** The body parsed as JSON ({} when it is not JSON). */
  json: Record<string, unknown>;
}

export interface SignedOptions {
  body?: unknown;
  /** Query parameters (also allowed in `path`). */
  query?: Record<string, string>;
  /** A Parley session token: sent as `Authorization: Bearer` instead of signing. */
  session?: string;
}

/**
 * A request on the connect API SigV4-signed with the development keys, as the AWS CLI or curl
 * `--aws-sigv4` sends it, or carrying a session: for Parley's extensions (usage, records export,
 * webhooks, flow logs), which the SDK has no command for.
 */
export async function signedRequest(p: TestParley, method: string, path: string, opts: SignedOptions = {}): Promise<SignedResponse> {
  const url = new URL(path, p.url);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const text = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const base: Record<string, string> = { host: url.host, ...(text !== undefined ? { 'content-type': 'application/json' } : {}) };
  let headers: Record<string, string>;
  if (opts.session) headers = { ...base, authorization: `Bearer ${opts.session}` };
  else {
    const signer = new SignatureV4({ service: 'connect', region: p.deps.config.region, credentials: DEV_CREDENTIALS, sha256: Sha256 });
    const query = Object.fromEntries(url.searchParams);
    headers = (await signer.sign(new HttpRequest({ method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers: base, body: text }))).headers;
  }
  const res = await fetch(url, { method, headers, body: text });
  const out = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(out) as Record<string, unknown>;
  } catch {
    // not JSON: JSON lines or CSV
  }
  return { status: res.status, headers: res.headers, body: out, json };
}
