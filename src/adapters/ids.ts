import crypto from 'node:crypto';
import type { Ids } from '../core/ports.js';
import { sha256Base64url } from './sha256.js';

export const randomIds: Ids = {
  uuid: () => crypto.randomUUID(),
  timeUuid: () => timeOrdered(Date.now(), crypto.randomUUID()),
  token: () => crypto.randomBytes(32).toString('base64url'),
};

/** Tokens are stored only as this hash, so a copy of the database grants no access. */
export const hashToken = (token: string): string => sha256Base64url(token);

/**
 * A version 7 UUID made from a random one: the first 48 bits become the time in milliseconds and
 * the version digit 7; the remaining 74 random bits stay (RFC 9562 §5.7).
 */
export function timeOrdered(ms: number, random: string): string {
  const t = ms.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${random.slice(15)}`;
}
