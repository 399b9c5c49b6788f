import crypto from 'node:crypto';

/**
 * Opaque tokens that carry their own state (pagination cursors, signed URLs), HMAC-signed with
 * the server secret, so that any node can check them and no client can forge or alter them.
 */
export function sign(secret: string, payload: unknown): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/** The payload, or null when the token was not made by this server. */
export function unsign<T>(secret: string, token: string): T | null {
  const dot = token.lastIndexOf('.');
  if (dot < 1) return null;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const want = Buffer.from(mac(secret, body));
  if (given.length !== want.length || !crypto.timingSafeEqual(given, want)) return null;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString()) as T;
  } catch {
    return null;
  }
}

const mac = (secret: string, body: string) => crypto.createHmac('sha256', secret).update(body).digest('base64url').slice(0, 32);
