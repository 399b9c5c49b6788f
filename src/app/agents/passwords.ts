import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/** scrypt at N=2^15, r=8, p=1 (about 32 MiB and tens of milliseconds a hash): slow for a guesser, fine at login rate. */
const COST = { N: 32768, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

/** A self-describing hash: `scrypt$N$r$p$salt$key`, so the cost can rise later without breaking stored hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, KEY_BYTES, { ...COST, maxmem: 128 * COST.N * COST.r * 2 });
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `stored`, compared in constant time; a malformed hash matches nothing. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    // Spend the same time as a real check, so that a missing user is not told apart by timing.
    await hashPassword(password);
    return false;
  }
  const [, n, r, p, salt, key] = parts;
  const expected = Buffer.from(key, 'base64url');
  const N = Number(n);
  const R = Number(r);
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N, r: R, p: Number(p), maxmem: 128 * N * R * 2 });
  return crypto.timingSafeEqual(actual, expected);
}

/**
 * Connect's password rule (CreateUser): 8–64 characters with at least one uppercase letter, one
 * lowercase letter and one digit. Returns why a password is refused, or null.
 */
export function passwordProblem(password: string): string | null {
  if (password.length < 8 || password.length > 64) return 'Password must have 8 to 64 characters';
  if (!/[A-Z]/.test(password) || !/[a-z]/.test(password) || !/[0-9]/.test(password))
    return 'Password must contain an uppercase letter, a lowercase letter and a number';
  return null;
}
