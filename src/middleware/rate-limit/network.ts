/**
 * The client network a request counts against: an IPv4 address as it is, an IPv6 address by its
 * /64 prefix (IPV6_PREFIX_BITS). One IPv6 subscriber gets at least a /64, so keying on the exact
 * address would let one machine count as 2^64 clients.
 */
import { IPV6_PREFIX_BITS } from '../../limits';

/** The key of a request with no client address (wrangler dev without CF-Connecting-IP). */
export const NO_ADDRESS = 'local';
/** The key of an address that cannot be read: all such requests share one count. */
export const UNREADABLE = 'unreadable';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/** An IPv4 address in its usual form (no leading zeros), or null. */
function ipv4(text: string): string | null {
  const parts = IPV4.exec(text)?.slice(1).map(Number);
  return parts && parts.every((part) => part <= 255) ? parts.join('.') : null;
}

/**
 * The eight 16-bit pieces of an IPv6 address, or null. The URL parser checks the syntax and
 * writes the address in its canonical compressed form (hex pieces only, one `::` at most), which
 * is then simple to expand. Only hex digits, `:` and `.` reach it, so no other URL part can form.
 */
function ipv6(text: string): number[] | null {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return null;
  let host: string;
  try {
    host = new URL(`http://[${text}]/`).hostname;
  } catch {
    return null;
  }
  const [head = '', tail] = host.slice(1, -1).split('::');
  const pieces = (part: string) => (part ? part.split(':').map((hex) => parseInt(hex, 16)) : []);
  const start = pieces(head);
  const end = tail === undefined ? [] : pieces(tail);
  return [...start, ...Array<number>(8 - start.length - end.length).fill(0), ...end];
}

/**
 * The network key of a client address (CF-Connecting-IP): `203.0.113.7` for IPv4 (also written
 * as IPv4-mapped IPv6, `::ffff:203.0.113.7`), `2001:db8:1:2::/64` for IPv6 whatever its
 * spelling (compressed or not, any case, with a zone id or brackets). Never throws.
 */
export function networkOf(address: string | undefined | null): string {
  if (address === undefined || address === null) return NO_ADDRESS;
  // An IPv4 address as Cloudflare sends nearly every one: read before the trims and replaces
  // (every limited request asks; those regular expressions were most of clientNetwork's 4 µs).
  const plain = ipv4(address);
  if (plain) return plain;
  const text = address
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
  const v4 = ipv4(text);
  if (v4) return v4;
  const pieces = ipv6(text);
  if (!pieces) return UNREADABLE;
  // ::ffff:a.b.c.d is an IPv4 client reaching us over IPv6 sockets: count it as that IPv4 address.
  if (pieces.slice(0, 5).every((piece) => piece === 0) && pieces[5] === 0xffff)
    return [pieces[6]! >> 8, pieces[6]! & 255, pieces[7]! >> 8, pieces[7]! & 255].join('.');
  const prefix = pieces.map((piece, i) => {
    const bits = Math.min(16, Math.max(0, IPV6_PREFIX_BITS - 16 * i));
    return piece & (0xffff << (16 - bits)) & 0xffff;
  });
  const kept = prefix.slice(0, Math.ceil(IPV6_PREFIX_BITS / 16)).map((piece) => piece.toString(16));
  return `${kept.join(':')}${kept.length < 8 ? '::' : ''}/${IPV6_PREFIX_BITS}`;
}
