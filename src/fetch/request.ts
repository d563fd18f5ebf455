// One HTTP exchange up to the response headers, over node:http / node:https, with the address
// guard hooked into the connect-time DNS lookup.

import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http'
import http from 'node:http'
import https from 'node:https'
import type { AddressPolicy } from './guarded-lookup.js'
import { checkLiteralHost, createGuardedLookup } from './guarded-lookup.js'
import { toFetchError } from './map-error.js'
import { redactUrl } from './url.js'

export interface SendOptions {
  headers: OutgoingHttpHeaders
  /** Aborts the exchange; its reason (a FetchError) is what the caller sees. */
  signal: AbortSignal
  /** undefined lets every address through (allowPrivateNetworks). */
  policy: AddressPolicy | undefined
}

export interface Exchange {
  req: ClientRequest
  res: IncomingMessage
}

/** Sends a GET and resolves once the status line and headers are in. Rejects only with FetchError. */
export function sendRequest(url: URL, opts: SendOptions): Promise<Exchange> {
  const shownUrl = redactUrl(url)
  return new Promise<Exchange>((resolve, reject) => {
    if (opts.signal.aborted) return reject(toFetchError(opts.signal.reason, shownUrl, opts.signal))
    let req: ClientRequest
    try {
      if (opts.policy) checkLiteralHost(url.hostname, opts.policy, shownUrl)
      const transport = url.protocol === 'https:' ? https : http
      req = transport.request(url, {
        method: 'GET',
        headers: opts.headers,
        // A fresh connection per exchange: nothing pooled outlives the fetch, and every hop is re-checked.
        agent: false,
        signal: opts.signal,
        ...(opts.policy ? { lookup: createGuardedLookup(opts.policy, shownUrl) } : {}),
      })
    } catch (err) {
      return reject(toFetchError(err, shownUrl, opts.signal))
    }
    req.once('response', (res) => resolve({ req, res }))
    req.on('error', (err) => {
      req.destroy()
      reject(toFetchError(err, shownUrl, opts.signal))
    })
    req.end()
  })
}
