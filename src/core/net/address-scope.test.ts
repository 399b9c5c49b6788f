import { describe, expect, it } from 'vitest';
import { addressScope, hostScope, parseIPv6 } from './address-scope.js';

describe('addressScope', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.100.100.200', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    // Just outside the ranges: 172.15/16 and 172.32/16 border 172.16/12, 100.63 and 100.128 border 100.64/10.
    ['172.15.255.255', 'public'],
    ['172.32.0.1', 'public'],
    ['100.63.255.255', 'public'],
    ['100.128.0.1', 'public'],
    ['93.184.216.34', 'public'],
  ])('IPv4 %s is %s', (ip, scope) => expect(addressScope(ip)).toBe(scope));

  it.each([
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    // IPv4 inside IPv6: the IPv4 address decides, in either spelling (the URL parser writes the hex one).
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['64:ff9b::c0a8:101', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['::ffff:5db8:d822', 'public'],
    ['2606:4700::1111', 'public'],
    ['fec0::1', 'private'],
  ])('IPv6 %s is %s', (ip, scope) => expect(addressScope(ip)).toBe(scope));

  it('answers null for what is not an IP address', () => {
    expect(['example.com', '1.2.3', '1.2.3.256', '01.2.3.4', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', '1.2.3.4::', ''].map(addressScope)).toEqual(Array(9).fill(null));
  });

  it('expands :: to the missing zero groups', () => {
    expect(parseIPv6('1:2::7:8')).toEqual([1, 2, 0, 0, 0, 0, 7, 8]);
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIPv6('1:2:3:4::5:6:7:8')).toBeNull(); // :: must stand for at least one group
  });
});

describe('hostScope', () => {
  it('takes localhost and names under it for loopback, whatever their case or a final dot', () => {
    expect(['localhost', 'LOCALHOST.', 'api.localhost'].map(hostScope)).toEqual(['loopback', 'loopback', 'loopback']);
  });
  it('leaves other names to resolution', () => {
    expect(['receiver.example.com', 'localhost.example.com', 'mylocalhost'].map(hostScope)).toEqual([null, null, null]);
  });
});
