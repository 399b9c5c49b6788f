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
