import { Pool } from 'undici';
import { DEV_ACCESS_KEY_ID, DEV_SECRET_ACCESS_KEY } from '../../src/config.js';
import { signedHeaders } from './sigv4.js';

const KEYS = { accessKeyId: DEV_ACCESS_KEY_ID, secretAccessKey: DEV_SECRET_ACCESS_KEY, region: 'us-east-1', service: 'connect' };

/**
 * The HTTP side of setting up thousands of chats or agents: a few keep-alive connections (an
 * unbounded `fetch` per call would open one socket per call in flight and eat the fd budget the
 * scenario measures), Connect API calls signed with SigV4 as the SDK signs them, and the agent and
 * participant APIs with their own credentials. Every call must answer 200.
 */
export class SetupApi {
  private readonly pool: Pool;
  private readonly host: string;

  constructor(readonly origin: string, connections = 16) {
    this.pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
    this.host = new URL(origin).host;
  }

  async call(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const res = await this.pool.request({ path, method: method as 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
    const out = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${method} ${path}: HTTP ${res.statusCode} ${out.slice(0, 300)}`);
    return out ? (JSON.parse(out) as Record<string, unknown>) : {};
  }

  /** A Connect API call, SigV4-signed with the development keys (`path` must need no escaping). */
  connect(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const text = body === undefined ? '' : JSON.stringify(body);
    return this.call(method, path, signedHeaders(KEYS, method, this.host, path, text), body);
  }

  /** An agent API call with a session token. */
  agent(method: string, path: string, token: string, body?: unknown): Promise<Record<string, unknown>> {
    return this.call(method, path, { authorization: `Bearer ${token}` }, body);
  }

  /** A participant API call with a participant or connection token. */
  participant(path: string, token: string, body: unknown): Promise<Record<string, unknown>> {
    return this.call('POST', path, { 'x-amz-bearer': token }, body);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Runs `fn` over `items` with at most `limit` at a time, in order of start; rejects on the first failure. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
