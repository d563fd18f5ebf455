// Connect-time enforcement of the address guard. Node calls `lookup` right before it opens the
// socket, so the address checked is the address connected to: a DNS answer that changes between
// checks (rebinding) or a redirect to another host cannot slip past. IP-literal hosts skip
// `lookup` in Node, so they are checked directly (checkLiteralHost).

import type { LookupAddress, LookupOptions } from 'node:dns'
import dns from 'node:dns'
import net from 'node:net'
import { FetchError } from '../errors.js'
import { classifyAddress } from './address-guard.js'

/** Decides whether one resolved address may be connected to. */
export type AddressPolicy = (ip: string) => boolean

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/** A `lookup` for http.request that resolves every address and refuses the connection if any is disallowed. */
export function createGuardedLookup(policy: AddressPolicy, url: string) {
  return function lookupGuarded(hostname: string, options: LookupOptions, callback: LookupCallback): void {
    const family = options.family === 4 || options.family === 6 ? options.family : 0
    dns.lookup(hostname, { family, all: true, hints: options.hints ?? 0 }, (err, addresses) => {
      if (err) return callback(err, '')
      const refused = addresses.find((a) => !policy(a.address))
      if (refused) return callback(createBlockedError(refused.address, url) as NodeJS.ErrnoException, '')
      const first = addresses[0]
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '')
      if (options.all) return callback(null, addresses)
      return callback(null, first.address, first.family)
    })
  }
}

/** Throws blocked_address when the URL's host is an IP literal the policy refuses. */
export function checkLiteralHost(hostname: string, policy: AddressPolicy, url: string): void {
  const host = hostname.replace(/^\[|\]$/g, '')
  if (net.isIP(host) !== 0 && !policy(host)) throw createBlockedError(host, url)
}

function createBlockedError(ip: string, url: string): FetchError {
  const range = classifyAddress(ip)
  const why = range === 'public' ? 'refused by policy' : range
  return new FetchError('blocked_address', `fetch: refused to connect to ${ip} (${why}); set settings.allowPrivateNetworks to allow it`, {
    url,
  })
}
