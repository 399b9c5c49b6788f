import crypto from 'node:crypto';

type OneShot = (algorithm: string, data: string, outputEncoding: 'base64url') => string;
/** `crypto.hash` (Node ≥ 20.12) is about 4 × faster than a Hash object for short inputs; the message path hashes twice per message. */
const oneShot = (crypto as { hash?: OneShot }).hash;

/** SHA-256 of a string, base64url: the same digest either way, one-shot where Node offers it. */
export const sha256Base64url: (data: string) => string = oneShot
  ? (data) => oneShot('sha256', data, 'base64url')
  : (data) => crypto.createHash('sha256').update(data).digest('base64url');
