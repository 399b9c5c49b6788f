import type dns from 'node:dns';
import { expect, it } from 'vitest';
import { PRIVATE_ADDRESS, publicOnlyLookup } from '../../src/adapters/egress/public-lookup.js';

/*
 * The lookup the webhook sender connects through when private targets are not allowed. Numeric
 * hosts resolve without any DNS traffic, so both answers of a lookup (one address, or all of
 * them, as net.connect asks when it races IPv4 and IPv6) can be seen here.
 */

interface Answer {
  err: NodeJS.ErrnoException | null;
  address: string | dns.LookupAddress[];
  family?: number;
}

const lookup = (host: string, options: dns.LookupOptions) =>
  new Promise<Answer>((resolve) => publicOnlyLookup(host, options, (err, address, family) => resolve({ err, address, family })));

it('hands a public address over in the form asked for', async () => {
  expect(await lookup('93.184.216.34', {})).toEqual({ err: null, address: '93.184.216.34', family: 4 });
  expect(await lookup('93.184.216.34', { all: true })).toEqual({ err: null, address: [{ address: '93.184.216.34', family: 4 }], family: undefined });
});

it('refuses loopback, private and link-local answers, by name too', async () => {
  for (const host of ['127.0.0.1', '10.0.0.1', '169.254.169.254', '::1', 'localhost']) {
    for (const options of [{}, { all: true }]) {
      const answer = await lookup(host, options);
      expect([host, answer.err?.code, answer.err?.message]).toEqual([host, PRIVATE_ADDRESS, 'refused: private address']);
    }
  }
});
