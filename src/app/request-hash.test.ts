import { describe, expect, it } from 'vitest';
import { messageHash, requestHash } from './request-hash.js';

describe('messageHash', () => {
  it('is requestHash of the same message, so that a retry matches whichever path hashed the first request', () => {
    const bodies = [
      { type: 'text/plain', content: 'hello' },
      { type: 'text/markdown', content: '**"quoted"** \\ back\nslash\t' },
      { type: 'application/json', content: '{"a":[1,2,{"b":null}]}' },
      { type: 'text/plain', content: 'émoji 👋 \u2028 \u0000 end' },
      { type: 'text/plain', content: '' },
    ];
    for (const body of bodies) expect(messageHash(body)).toBe(requestHash(body));
  });

  it('tells different messages apart', () => {
    expect(messageHash({ type: 'text/plain', content: 'a' })).not.toBe(messageHash({ type: 'text/markdown', content: 'a' }));
    expect(messageHash({ type: 'text/plain', content: 'a' })).not.toBe(messageHash({ type: 'text/plain', content: 'b' }));
  });
});
