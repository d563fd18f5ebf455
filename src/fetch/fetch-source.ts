// FetchRequest → FetchResult: conditional GET, redirects, one deadline, byte cap, decompression,
// and the private-network guard on every connection. Every failure is a FetchError.

import type { IncomingMessage } from 'node:http'
import http from 'node:http'
import { FetchError } from '../errors.js'
import type { FetchOptions, FetchRequest, FetchResult } from '../types.js'
import { isPublicAddress } from './address-guard.js'
import { createTooLargeError, readBody } from './body.js'
import { startDeadline } from './deadline.js'
import type { AddressPolicy } from './guarded-lookup.js'
import { buildRequestHeaders } from './headers.js'
import { readHints } from './hints.js'
import { toFetchError } from './map-error.js'
import type { RedirectTrail } from './redirect.js'
import { isRedirectStatus, resolveRedirect } from './redirect.js'
import type { Exchange } from './request.js'
import { sendRequest } from './request.js'
import { parseFetchUrl, redactUrl } from './url.js'

const defaultMaxRedirects = 5

/** FetchOptions plus hooks for tests; callers outside tests pass plain FetchOptions. */
export interface FetchSourceOptions extends FetchOptions {
  /**
   * Replaces the built-in address classifier when allowPrivateNetworks is false
   * (tests use it to allow 127.0.0.1 but refuse 127.0.0.2).
   */
  isAddressAllowed?: AddressPolicy
  /** Clock for Retry-After dates. Default Date.now. */
  now?: () => number
}

/** Fetches one source. Resolves with the body or "not modified"; rejects only with FetchError. */
export async function fetchSource(req: FetchRequest, opts: FetchSourceOptions): Promise<FetchResult> {
  let current: URL | undefined
  let deadline: ReturnType<typeof startDeadline> | undefined
  try {
    current = parseFetchUrl(req.url)
    const start = current
    deadline = startDeadline(clampTimeout(opts.timeoutMs), opts.signal, () => redactUrl(current ?? start))
    const signal = deadline.signal
    const policy = opts.allowPrivateNetworks ? undefined : (opts.isAddressAllowed ?? isPublicAddress)
    const headers = buildRequestHeaders(req, opts.userAgent)
    const maxRedirects = Math.max(0, opts.maxRedirects ?? defaultMaxRedirects)
    const trail: RedirectTrail = { visited: [start.href], allPermanent: true }

    for (;;) {
      const exchange = await sendRequest(current, { headers, signal, policy })
      const status = exchange.res.statusCode ?? 0
      const location = exchange.res.headers.location
      if (isRedirectStatus(status) && location !== undefined) {
        discard(exchange)
        current = resolveRedirect(location, current, status, trail, maxRedirects)
        continue
      }
      try {
        return await finishExchange(exchange, { req, opts, maxBytes: clampMaxBytes(opts.maxBytes), start, current, trail, signal })
      } finally {
        discard(exchange)
      }
    }
  } catch (err) {
    if (err instanceof FetchError) throw err
    const shown = current ? redactUrl(current) : req.url
    throw toFetchError(err, shown, deadline?.signal ?? new AbortController().signal)
  } finally {
    deadline?.dispose()
  }
}

interface FinishContext {
  req: FetchRequest
  opts: FetchSourceOptions
  maxBytes: number
  start: URL
  current: URL
  trail: RedirectTrail
  signal: AbortSignal
}

/** Turns a non-redirect response into a result (304, 2xx) or a FetchError. */
async function finishExchange(exchange: Exchange, ctx: FinishContext): Promise<FetchResult> {
  const { res } = exchange
  const status = res.statusCode ?? 0
  const url = redactUrl(ctx.current)
  const now = ctx.opts.now?.() ?? Date.now()
  const hints = readHints(res.headers, now)
  const common = {
    requestedUrl: redactUrl(ctx.start),
    finalUrl: url,
    status,
    hints,
    ...(ctx.trail.visited.length > 1 && ctx.trail.allPermanent ? { permanentRedirectTo: ctx.current.href } : {}),
  }

  if (status === 304) {
    const etag = res.headers.etag ?? ctx.req.etag ?? undefined
    const lastModified = res.headers['last-modified'] ?? ctx.req.lastModified ?? undefined
    return { kind: 'not-modified', ...common, ...optional({ etag, lastModified }) }
  }
  if (status < 200 || status > 299) throw createStatusError(res, url, hints.retryAfterMs)

  const declared = Number(res.headers['content-length'])
  // Content-Length counts encoded bytes; decoding never makes a body meaningfully smaller, so refuse early.
  if (Number.isFinite(declared) && declared > ctx.maxBytes) throw createTooLargeError(ctx.maxBytes, url)
  let body: Buffer
  try {
    body = await readBody(res, { maxBytes: ctx.maxBytes, url, signal: ctx.signal })
  } catch (err) {
    throw toFetchError(err, url, ctx.signal)
  }
  if (body.length === 0) throw new FetchError('empty_body', `fetch: HTTP ${status} with an empty body from ${url}`, { status, url })
  return {
    kind: 'fetched',
    ...common,
    ...optional({
      etag: res.headers.etag,
      lastModified: res.headers['last-modified'],
      contentType: res.headers['content-type'],
      contentLocation: res.headers['content-location'],
    }),
    body,
  }
}

function createStatusError(res: IncomingMessage, url: string, retryAfterMs: number | undefined): FetchError {
  const status = res.statusCode ?? 0
  // The server's own reason phrase is untrusted: only used for unknown codes, and trimmed.
  const reason =
    http.STATUS_CODES[status] ??
    (res.statusMessage ?? '')
      .replace(/[^\x20-\x7e]/g, '')
      .trim()
      .slice(0, 60)
  const withRetry = (status === 429 || status === 503) && retryAfterMs !== undefined
  return new FetchError('http_status', `fetch: HTTP ${status}${reason ? ` ${reason}` : ''} from ${url}`, {
    status,
    url,
    ...(withRetry ? { retryAfterMs } : {}),
  })
}

/** Option values the config validator should already have bounded; kept safe here anyway. */
const defaultMaxBytes = 10 * 1024 * 1024
const maxTimerMs = 2 ** 31 - 1

function clampTimeout(timeoutMs: number): number {
  return Number.isFinite(timeoutMs) ? Math.min(Math.max(1, timeoutMs), maxTimerMs) : maxTimerMs
}

function clampMaxBytes(maxBytes: number): number {
  return Number.isFinite(maxBytes) && maxBytes >= 0 ? maxBytes : defaultMaxBytes
}

/** Drops undefined and empty values so optional fields stay absent. */
function optional<T extends Record<string, string | null | undefined>>(fields: T): { [K in keyof T]?: string } {
  const out: { [K in keyof T]?: string } = {}
  for (const key of Object.keys(fields) as (keyof T)[]) {
    const value = fields[key]
    if (typeof value === 'string' && value !== '') out[key] = value
  }
  return out
}

/** Closes the exchange's socket (a no-op once the body was read). */
function discard(exchange: Exchange): void {
  exchange.res.destroy()
  exchange.req.destroy()
}
