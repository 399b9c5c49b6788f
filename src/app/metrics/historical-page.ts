import { invalidParameter } from '../../core/errors.js';
import { requestHash } from '../request-hash.js';
import { sign, unsign } from '../signing.js';

interface Cursor {
  /** The request the token was made for (without NextToken and MaxResults). */
  h: string;
  /** How many results earlier pages returned. */
  o: number;
}

const DEFAULT_PAGE = 100;

/**
 * A page of computed results. The NextToken is signed and names the request it belongs to, so it
 * is only good for the same parameters again (as Connect requires); the results are computed
 * again for each page from the stored records.
 */
export function pageOf<T>(secret: string, results: readonly T[], request: object, page: { NextToken?: string; MaxResults?: number }): { items: T[]; NextToken?: string } {
  const h = requestHash(Object.fromEntries(Object.entries(request).filter(([k]) => k !== 'NextToken' && k !== 'MaxResults')));
  let offset = 0;
  if (page.NextToken) {
    const c = unsign<Cursor>(secret, 'metric-data-page', page.NextToken);
    if (!c || c.h !== h || !Number.isInteger(c.o) || c.o < 0) throw invalidParameter('NextToken is not valid for this request');
    offset = c.o;
  }
  const limit = page.MaxResults ?? DEFAULT_PAGE;
  const items = results.slice(offset, offset + limit);
  const next = offset + limit < results.length ? sign(secret, 'metric-data-page', { h, o: offset + limit } satisfies Cursor) : undefined;
  return { items, ...(next ? { NextToken: next } : {}) };
}
