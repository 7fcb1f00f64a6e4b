/**
 * Which IP addresses an outbound fetch may reach. Parsed with ipaddr.js, never with regexes:
 * every IPv6 form that carries an IPv4 address (mapped, compatible, translated, NAT64, 6to4,
 * Teredo) is judged by the IPv4 address it carries, so `[::127.0.0.1]` or `[64:ff9b::7f00:1]`
 * is loopback like 127.0.0.1 is.
 */
import ipaddr from 'ipaddr.js';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/** Ranges of ipaddr.js that carry an IPv4 address inside an IPv6 one. */
const CARRIERS = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052', '6to4', 'teredo']);

function v4At(bytes: number[], at: number, invert = false): IPv4 {
  const quad = bytes.slice(at, at + 4).map((b) => (invert ? ~b & 0xff : b));
  return new ipaddr.IPv4(quad);
}

/** The IPv4 addresses an IPv6 address carries (none for a plain IPv6 address). */
export function embeddedIPv4(v6: IPv6): IPv4[] {
  const bytes = v6.toByteArray();
  const p = v6.parts;
  // 2001:0::/32 Teredo: server IPv4 in bits 32–63, client IPv4 (inverted) in the last 32.
  if (p[0] === 0x2001 && p[1] === 0) return [v4At(bytes, 4), v4At(bytes, 12, true)];
  // 2002::/16 6to4: the IPv4 address follows the prefix.
  if (p[0] === 0x2002) return [v4At(bytes, 2)];
  // ::/64 with anything in the next 32 bits covers IPv4-compatible (::a.b.c.d), mapped
  // (::ffff:a.b.c.d) and translated (::ffff:0:a.b.c.d) forms; 64:ff9b::/96 is NAT64.
  if (p.slice(0, 4).every((x) => x === 0) || (p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0))) {
    return [v4At(bytes, 12)];
  }
  return [];
}

/** Why an address must not be fetched ('loopback', 'private', …), or null for a public one. */
export function blockedRange(address: string): string | null {
  let parsed: IPv4 | IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return 'unparseable';
  }
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range();
    return range === 'unicast' ? null : range;
  }
  const v6 = parsed as IPv6;
  const range = v6.range();
  // 64:ff9b:1::/48 is NAT64 for local use: where it leads is the operator's choice, never public.
  if (v6.parts[0] === 0x64 && v6.parts[1] === 0xff9b && v6.parts[2] === 1) return 'rfc8215';
  if (range !== 'unicast' && !CARRIERS.has(range)) return range;
  for (const v4 of embeddedIPv4(v6)) {
    const inner = v4.range();
    if (inner !== 'unicast') return `${inner} (as ${range === 'unicast' ? 'ipv4Compatible' : range})`;
  }
  return null;
}

/** The address in the form a BlockList allow-list can test: IPv4 for IPv4-carrying IPv6. */
export function canonicalForAllowList(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  try {
    const parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
    if (parsed.kind() === 'ipv6') {
      const v6 = parsed as IPv6;
      if (v6.isIPv4MappedAddress()) return { address: v6.toIPv4Address().toString(), family: 'ipv4' };
      return { address: v6.toNormalizedString(), family: 'ipv6' };
    }
    return { address: parsed.toString(), family: 'ipv4' };
  } catch {
    return { address, family: 'ipv4' };
  }
}
