// The private-network guard (SSRF defence): which IP addresses a fetch may connect to.
// Checked on the address actually connected to (see guarded-lookup.ts), never on the URL's text alone.
// IPv6 forms that carry an IPv4 address (mapped, compatible, translated, NAT64, 6to4) are judged
// by the IPv4 address inside them.

import ipaddr from 'ipaddr.js'

/** Why an address is refused, or 'public' when it may be fetched. */
export type AddressRange =
  | 'public'
  | 'invalid'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrier-grade NAT'
  | 'link-local'
  | 'multicast'
  | 'broadcast'
  | 'benchmarking'
  | 'documentation'
  | 'reserved'
  | 'unique local'
  | 'site-local'

type Cidr = [string, number, AddressRange]

// Order matters only for the name given: the first matching row names the range.
const ipv4Blocked: Cidr[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
]

const ipv6Blocked: Cidr[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b:1::', 48, 'reserved'],
  ['100::', 64, 'reserved'],
  ['2001:2::', 48, 'benchmarking'],
  ['2001::', 23, 'reserved'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'reserved'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
]

const ipv4Table = ipv4Blocked.map(([addr, bits, range]) => ({ net: ipaddr.IPv4.parse(addr), bits, range }))
const ipv6Table = ipv6Blocked.map(([addr, bits, range]) => ({ net: ipaddr.IPv6.parse(addr), bits, range }))

// IPv6 prefixes whose low 32 bits (or, for 6to4, bits 16..47) are an IPv4 address.
const embeddingPrefixes = [
  { net: ipaddr.IPv6.parse('::ffff:0:0'), bits: 96 }, // IPv4-mapped
  { net: ipaddr.IPv6.parse('::'), bits: 96 }, // IPv4-compatible (deprecated)
  { net: ipaddr.IPv6.parse('::ffff:0:0:0'), bits: 96 }, // IPv4-translated (RFC 6145)
  { net: ipaddr.IPv6.parse('64:ff9b::'), bits: 96 }, // NAT64 well-known prefix (RFC 6052)
]
const sixToFour = { net: ipaddr.IPv6.parse('2002::'), bits: 16 }
const globalUnicast = { net: ipaddr.IPv6.parse('2000::'), bits: 3 }

/** Names the range an IP address (v4 or v6 text, optional zone id) falls in; 'public' when none. Never throws. */
export function classifyAddress(ip: string): AddressRange {
  const text = ip
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return classifyIpv4(ipaddr.IPv4.parse(text))
  if (!ipaddr.IPv6.isValid(text)) return 'invalid'
  return classifyIpv6(ipaddr.IPv6.parse(text))
}

/** true when a fetch may connect to this address with private networks disallowed. */
export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip) === 'public'
}

function classifyIpv4(addr: ipaddr.IPv4): AddressRange {
  for (const row of ipv4Table) if (addr.match(row.net, row.bits)) return row.range
  return 'public'
}

function classifyIpv6(addr: ipaddr.IPv6): AddressRange {
  for (const row of ipv6Table) if (addr.match(row.net, row.bits)) return row.range
  const parts = addr.parts
  for (const prefix of embeddingPrefixes) {
    if (addr.match(prefix.net, prefix.bits)) return classifyIpv4(ipv4FromWords(parts[6] ?? 0, parts[7] ?? 0))
  }
  if (addr.match(sixToFour.net, sixToFour.bits)) {
    const embedded = classifyIpv4(ipv4FromWords(parts[1] ?? 0, parts[2] ?? 0))
    if (embedded !== 'public') return embedded
  }
  // Everything outside 2000::/3 is unassigned or special-purpose.
  if (!addr.match(globalUnicast.net, globalUnicast.bits)) return 'reserved'
  return 'public'
}

function ipv4FromWords(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff])
}
