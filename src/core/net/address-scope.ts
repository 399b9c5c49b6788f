/**
 * Where an IP address leads, for deciding whether a user-supplied URL may be called from the
 * server (webhooks): anything but 'public' reaches the server itself or its private network
 * (SSRF). Pure string parsing, for both address families.
 */
export type AddressScope = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

type V4Range = [first: number, second: number, prefix: number, scope: AddressScope];

/** IPv4 ranges that are not the public internet, by their first two octets and prefix length. */
const V4_RANGES: V4Range[] = [
  [0, 0, 8, 'unspecified'], // "this network"; 0.0.0.0 reaches the local host on Linux
  [10, 0, 8, 'private'],
  [100, 64, 10, 'private'], // carrier-grade NAT; some clouds put their metadata service here
  [127, 0, 8, 'loopback'],
  [169, 254, 16, 'link-local'], // cloud metadata services (169.254.169.254)
  [172, 16, 12, 'private'],
  [192, 168, 16, 'private'],
  [224, 0, 4, 'multicast'],
  [240, 0, 4, 'reserved'], // and 255.255.255.255, the broadcast address
];

/** The four octets of a dotted-quad IPv4 address, or null. */
export function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p))) return null;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

function scopeOfV4([a, b]: number[]): AddressScope {
  const value = (a << 8) | b; // the first 16 bits are enough: no prefix above is longer
  for (const [first, second, prefix, scope] of V4_RANGES) {
    const mask = (0xffff << (16 - prefix)) & 0xffff;
    if ((value & mask) === (((first << 8) | second) & mask)) return scope;
  }
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (with `::`, a trailing dotted IPv4, a %zone), or null. */
export function parseIPv6(text: string): number[] | null {
  const s = text.replace(/%[\w.-]+$/, '');
  const halves = s.split('::');
  if (halves.length > 2) return null;
  // Only the address's last piece may be a dotted IPv4 address.
  const groupsOf = (part: string, last: boolean): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (const [i, piece] of pieces.entries()) {
      const v4 = last && i === pieces.length - 1 && piece.includes('.') ? parseIPv4(piece) : null;
      if (v4) out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      else if (/^[0-9a-f]{1,4}$/i.test(piece)) out.push(parseInt(piece, 16));
      else return null;
    }
    return out;
  };
  const head = groupsOf(halves[0], halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1], true) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...Array<number>(missing).fill(0), ...tail] : null;
}

function scopeOfV6(g: number[]): AddressScope {
  const embeddedV4 = (hi: number, lo: number) => scopeOfV4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 7)) return g[7] === 0 ? 'unspecified' : g[7] === 1 ? 'loopback' : embeddedV4(g[6], g[7]);
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d): the IPv4 address decides.
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return embeddedV4(g[6], g[7]);
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return embeddedV4(g[6], g[7]); // IPv4-translated ::ffff:0:a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return embeddedV4(g[6], g[7]);
  if (g[0] === 0x2002) return embeddedV4(g[1], g[2]); // 6to4 carries an IPv4 address in bits 16–47
  if ((g[0] & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'private'; // site-local, deprecated
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  return 'public';
}

/** The scope of an IP address (IPv6 with or without brackets), or null when `text` is not one. */
export function addressScope(text: string): AddressScope | null {
  const v4 = parseIPv4(text);
  if (v4) return scopeOfV4(v4);
  const v6 = parseIPv6(text.replace(/^\[(.*)\]$/, '$1'));
  return v6 ? scopeOfV6(v6) : null;
}

/**
 * The scope of a URL's host name as written: an IP address's, 'loopback' for `localhost` and
 * names under it (RFC 6761), null for any other name (only resolving it tells).
 */
export function hostScope(hostname: string): AddressScope | null {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  return addressScope(host);
}
