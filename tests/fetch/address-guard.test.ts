import { describe, expect, it } from 'vitest'
import { classifyAddress, isPublicAddress } from '../../src/fetch/address-guard.js'

const cases: [string, string][] = [
  // IPv4
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['169.254.169.254', 'link-local'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.255', 'carrier-grade NAT'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.1', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['93.184.216.34', 'public'],
  ['8.8.8.8', 'public'],
  ['172.32.0.1', 'public'],
  ['100.128.0.1', 'public'],
  ['1.1.1.1', 'public'],
  // IPv6
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['fd00::1', 'unique local'],
  ['fc00::1', 'unique local'],
  ['fec0::1', 'site-local'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'documentation'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:93.184.216.34', 'public'],
  ['::127.0.0.1', 'loopback'],
  ['::ffff:0:192.168.0.1', 'private'],
  ['64:ff9b::10.1.2.3', 'private'],
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['64:ff9b:1::1', 'reserved'],
  ['2002:c0a8:0101::1', 'private'],
  ['2002:7f00:1::', 'loopback'],
  ['2002:5db8:d822::1', 'public'],
  ['2001:2::1', 'benchmarking'],
  ['2001::1', 'reserved'],
  ['100::1', 'reserved'],
  ['4000::1', 'reserved'],
  ['2606:4700::1111', 'public'],
  ['2001:4860:4860::8888', 'public'],
  ['[2606:4700::1111]', 'public'],
  // not addresses
  ['localhost', 'invalid'],
  ['', 'invalid'],
  ['999.1.1.1', 'invalid'],
]

describe('classifyAddress', () => {
  it.each(cases)('%s is %s', (ip, range) => {
    expect(classifyAddress(ip)).toBe(range)
    expect(isPublicAddress(ip)).toBe(range === 'public')
  })
})
