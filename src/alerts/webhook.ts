// One webhook POST: signed, through the same connect-time address guard as source fetches
// (loopback and private addresses refused unless settings.allowPrivateNetworks), one timeout
// for the whole exchange, and no redirect followed (a 3xx is a failed delivery: a receiver that
// moved must be edited in feeds.json, not followed blindly to wherever it points).
import { createHmac } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { isPublicAddress } from '../fetch/address-guard.js'
import { checkLiteralHost, createGuardedLookup } from '../fetch/guarded-lookup.js'
import { redactUrl } from '../lib/redact-url.js'

export interface WebhookRequest {
  url: string
  body: string
  event: string
  deliveryId: string
  /** The HMAC key; no signature header without one. */
  secret: string | null
  timeoutMs: number
  allowPrivateNetworks: boolean
  userAgent: string
  now: Date
}

/** How a POST ended: sent, or an error saying whether a retry could help. */
export type WebhookOutcome = { ok: true; status: number } | { ok: false; retry: boolean; error: string }

/** sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>, as receivers recompute it. */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

export function postWebhook(request: WebhookRequest): Promise<WebhookOutcome> {
  const shown = redactUrl(request.url)
  const timestamp = String(Math.floor(request.now.getTime() / 1000))
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(request.body)),
    'user-agent': request.userAgent,
    'x-breachwire-event': request.event,
    'x-breachwire-delivery': request.deliveryId,
    'x-breachwire-timestamp': timestamp,
  }
  if (request.secret !== null) headers['x-breachwire-signature'] = signPayload(request.secret, timestamp, request.body)
  return new Promise((resolve) => {
    let settled = false
    const finish = (outcome: WebhookOutcome): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    let req: http.ClientRequest | undefined
    const timer = setTimeout(() => {
      finish({ ok: false, retry: true, error: `webhook: ${shown} did not answer within ${request.timeoutMs} ms` })
      req?.destroy()
    }, request.timeoutMs)
    try {
      const url = new URL(request.url)
      const policy = request.allowPrivateNetworks ? undefined : isPublicAddress
      if (policy !== undefined) checkLiteralHost(url.hostname, policy, shown)
      const transport = url.protocol === 'https:' ? https : http
      req = transport.request(url, {
        method: 'POST',
        headers,
        agent: false,
        ...(policy === undefined ? {} : { lookup: createGuardedLookup(policy, shown) }),
      })
    } catch (err) {
      finish({ ok: false, retry: false, error: describe(err, shown) })
      return
    }
    req.on('response', (res) => {
      const status = res.statusCode ?? 0
      // The body is not needed; reading it lets the socket close cleanly.
      res.resume()
      res.on('error', () => {})
      if (status >= 200 && status < 300) finish({ ok: true, status })
      else if (status >= 300 && status < 400)
        finish({
          ok: false,
          retry: false,
          error: `webhook: ${shown} answered ${status} (redirects are not followed; put the final URL in feeds.json)`,
        })
      else
        finish({ ok: false, retry: status >= 500 || status === 408 || status === 429, error: `webhook: ${shown} answered HTTP ${status}` })
    })
    req.on('error', (err) => finish({ ok: false, retry: !isBlocked(err), error: describe(err, shown) }))
    req.end(request.body)
  })
}

function isBlocked(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'blocked_address'
}

function describe(err: unknown, shown: string): string {
  const message = err instanceof Error ? err.message.replace(/^fetch: /, '') : String(err)
  return `webhook: ${shown}: ${message}`
}
