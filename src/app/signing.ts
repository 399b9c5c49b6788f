import crypto from 'node:crypto';

/**
 * What a signed token is for. The purpose is part of what is signed, so a token made for one
 * purpose (a transcript page) never passes for another (an upload or download URL), whatever
 * fields its payload happens to carry.
 */
export const SIGNING_PURPOSES = ['transcript-page', 'flow-log-page', 'flow-list-page', 'config-list-page', 'metric-data-page', 'attachment-upload', 'attachment-download', 'contact-search-page'] as const;
export type SigningPurpose = (typeof SIGNING_PURPOSES)[number];

/**
 * Opaque tokens that carry their own state (pagination cursors, signed URLs), HMAC-signed with
 * the server secret, so that any node can check them and no client can forge or alter them.
 */
export function sign(secret: string, purpose: SigningPurpose, payload: unknown): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, purpose, body)}`;
}

/** The payload, or null when the token was not made by this server for this purpose. */
export function unsign<T>(secret: string, purpose: SigningPurpose, token: string): T | null {
  const dot = token.lastIndexOf('.');
  if (dot < 1) return null;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const want = Buffer.from(mac(secret, purpose, body));
  if (given.length !== want.length || !crypto.timingSafeEqual(given, want)) return null;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString()) as T;
  } catch {
    return null;
  }
}

/**
 * The participant token answered to a request with a ClientToken: derived, not random, so that a
 * retry gets the same token while the idempotency record keeps no copy of it (only its hash is
 * stored, in participants.token_hash). The participant id makes it unique even when a
 * ClientToken comes back after its retention.
 */
export function derivedParticipantToken(secret: string, scope: string, clientToken: string, participantId: string): string {
  return crypto.createHmac('sha256', secret).update(`participant-token:${scope}:${clientToken}:${participantId}`).digest('base64url');
}

const mac = (secret: string, purpose: SigningPurpose, body: string) =>
  crypto.createHmac('sha256', secret).update(`${purpose}\n${body}`).digest('base64url').slice(0, 32);
