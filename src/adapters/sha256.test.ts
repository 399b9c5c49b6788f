import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Base64url } from './sha256.js';

describe('sha256Base64url', () => {
  it('is the digest a Hash object gives, for ASCII, non-ASCII and empty strings', () => {
    for (const s of ['', 'token-abc', '{"content":"héllo 👋","type":"text/plain"}', 'x'.repeat(20_000)])
      expect(sha256Base64url(s)).toBe(crypto.createHash('sha256').update(s).digest('base64url'));
  });
});
