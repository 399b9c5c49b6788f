import { sha256Base64url } from '../adapters/sha256.js';

/** A stable hash of a request (keys sorted), to tell a retry from a different request with the same ClientToken. */
export function requestHash(value: unknown): string {
  return sha256Base64url(stable(value));
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/**
 * requestHash of a message's `{ type, content }`, written out: every SendMessage with a ClientToken
 * hashes its body, and the general stable form costs a sort and a string per key. The same
 * string, so the same hash (request-hash.test.ts): a retry is recognized whichever computed it.
 */
export function messageHash(body: { type: string; content: string }): string {
  return sha256Base64url(`{"content":${JSON.stringify(body.content)},"type":${JSON.stringify(body.type)}}`);
}
