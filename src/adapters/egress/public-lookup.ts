import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressScope } from '../../core/net/address-scope.js';

/** The error of a connection refused because the host is, or resolves to, a non-public address. */
export const PRIVATE_ADDRESS = 'PARLEY_PRIVATE_ADDRESS';
export const refusedPrivate = (): NodeJS.ErrnoException => Object.assign(new Error('refused: private address'), { code: PRIVATE_ADDRESS });

/**
 * A `lookup` for net.connect that resolves every address of the name and refuses the connection
 * when any of them is not public (loopback, private, link-local, unspecified, multicast: see
 * core/net/address-scope.ts). The socket then connects to one of exactly these addresses, so a
 * DNS answer that changes between a check and the connection (rebinding) cannot slip a private
 * one in. TLS still verifies, and the Host header still names, the host of the URL.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    if (!addresses.length || addresses.some((a) => addressScope(a.address) !== 'public')) return callback(refusedPrivate(), '');
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  });
};
