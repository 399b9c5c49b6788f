import { describe, expect, it } from 'vitest';
import { SIGNING_PURPOSES, sign, unsign } from './signing.js';

const SECRET = 'a-server-secret-for-this-test';

describe('signed tokens', () => {
  it('are good only for the purpose they were signed for, whatever their payload holds', () => {
    const payload = { a: 'attachment-1', e: 4_102_444_800_000, k: 'chat-1', i: 0, s: 3, d: 'FORWARD' };
    for (const made of SIGNING_PURPOSES) {
      const token = sign(SECRET, made, payload);
      for (const used of SIGNING_PURPOSES) expect(unsign(SECRET, used, token), `${made} used as ${used}`).toEqual(used === made ? payload : null);
    }
  });

  it('refuse another secret and any change to the token', () => {
    const token = sign(SECRET, 'transcript-page', { k: 'chat-1', i: 0, s: 1, d: 'BACKWARD' });
    expect(unsign('another-secret-entirely', 'transcript-page', token)).toBeNull();
    expect(unsign(SECRET, 'transcript-page', `x${token}`)).toBeNull();
    expect(unsign(SECRET, 'transcript-page', token.slice(0, -1))).toBeNull();
    expect(unsign(SECRET, 'transcript-page', 'no-dot')).toBeNull();
  });
});
