import http from 'node:http';
import https from 'node:https';
import { addressScope } from '../../core/net/address-scope.js';
import { PRIVATE_ADDRESS, publicOnlyLookup, refusedPrivate } from './public-lookup.js';

/** How one POST to a webhook went: the status when the receiver answered, else why not. */
export interface PostOutcome {
  status: number | null;
  error: string | null;
}

/**
 * POSTs `body` as it is (the bytes that were signed) with `headers`, until `signal` aborts it.
 * Redirects are not followed (a 3xx is an answer, and not a 2xx: following one could lead
 * anywhere). The answer's body is not read: a receiver's reply means nothing but its status.
 * Unless `allowPrivate`, the connection goes to a public address only: an IP address in the URL
 * is checked as it is, a name when it is resolved (public-lookup.ts), right before connecting.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, signal: AbortSignal, opts: { allowPrivate: boolean }): Promise<PostOutcome> {
  return new Promise((resolve) => {
    try {
      const u = new URL(url);
      const literal = addressScope(u.hostname);
      if (!opts.allowPrivate && literal !== null && literal !== 'public') throw refusedPrivate();
      const req = (u.protocol === 'https:' ? https : http).request(u, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal,
        ...(opts.allowPrivate ? {} : { lookup: publicOnlyLookup }),
      });
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        // Not read, not kept: a receiver streaming an endless answer holds nothing open.
        res.destroy();
        resolve({ status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` });
      });
      req.on('error', (e) => resolve(failed(e, signal)));
      req.end(body);
    } catch (e) {
      resolve(failed(e, signal));
    }
  });
}

function failed(e: unknown, signal: AbortSignal): PostOutcome {
  return { status: null, error: describe(e as NodeJS.ErrnoException, signal) };
}

function describe(e: NodeJS.ErrnoException, signal: AbortSignal): string {
  if (signal.aborted) return signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
  if (e.code === PRIVATE_ADDRESS) return e.message;
  return e.code && e.message && !e.message.startsWith(e.code) ? `${e.code}: ${e.message}` : (e.message ?? e.code ?? String(e));
}
