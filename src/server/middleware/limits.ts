// Limits for a public server: request size (URL length, query parameter count, bodies, which no
// route takes), per-client rate limits on /search and /api, and the per-client budget of cache
// misses every cached route draws on (miss-budget.ts). Every refusal is JSON `{ "error": "…" }`
// with the fitting status, like the error middleware's.
//
//   const limits = createLimits()          // options from BREACHWIRE_RATE_LIMIT, else defaults
//   app.use(limits.requestLimits)
//   if (limits.apiRateLimit) app.use('/api', limits.apiRateLimit)
//   if (limits.searchRateLimit) app.use('/search', limits.searchRateLimit)
//
// Rate limiting is per client IP (the socket address; IPv6 by /56) in a fixed window, kept in
// memory. BREACHWIRE_RATE_LIMIT=off turns it off (benchmarks); "api=600,search=120,misses=60,window=60"
// sets the limits per window (seconds).
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { rateLimit } from 'express-rate-limit'
import { createMissBudget, DEFAULT_MISS_BUDGET, type MissBudget } from './miss-budget.js'

export interface RateLimitOptions {
  /** Window length in milliseconds. Default 60 000. */
  windowMs?: number
  /** Requests per client and window on /api. Default 600. */
  api?: number
  /** Requests per client and window on /search. Default 120. */
  search?: number
  /** Cache misses per client and window on every cached route. Default 60. */
  misses?: number
}

export interface LimitOptions {
  /** false turns rate limiting off (benchmarks, trusted networks). Default on. */
  rateLimit?: false | RateLimitOptions
  /** Longest request target (path and query) in bytes. Default 8192. */
  maxUrlBytes?: number
  /** Most query parameters in one request. Default 50. */
  maxQueryParams?: number
  /** Largest request body in bytes (no route reads one). Default 4096. */
  maxBodyBytes?: number
}

export interface Limits {
  requestLimits: RequestHandler
  /** null when rate limiting is off (nothing to mount). */
  apiRateLimit: RequestHandler | null
  searchRateLimit: RequestHandler | null
  missBudget: MissBudget | null
}

export const DEFAULT_LIMITS = {
  windowMs: 60_000,
  api: 600,
  search: 120,
  maxUrlBytes: 8192,
  maxQueryParams: 50,
  maxBodyBytes: 4096,
} as const

/** Options from BREACHWIRE_RATE_LIMIT ("off", or "api=N,search=N,window=SECONDS"); unknown parts are ignored. */
export function readLimitOptionsFromEnv(env: Record<string, string | undefined> = process.env): LimitOptions {
  const raw = env['BREACHWIRE_RATE_LIMIT']?.trim().toLowerCase()
  if (raw === undefined || raw === '') return {}
  if (raw === 'off' || raw === 'false' || raw === '0') return { rateLimit: false }
  const rate: RateLimitOptions = {}
  for (const part of raw.split(',')) {
    const [key, value] = part.split('=').map((s) => s.trim())
    const n = Number(value)
    if (!Number.isInteger(n) || n <= 0) continue
    if (key === 'api') rate.api = n
    else if (key === 'search') rate.search = n
    else if (key === 'misses') rate.misses = n
    else if (key === 'window') rate.windowMs = n * 1000
  }
  return { rateLimit: rate }
}

interface Refusal {
  status: number
  message: string
  close?: boolean
}

function refuse(res: Response, status: number, message: string, closeConnection = false): void {
  res.setHeader('Cache-Control', 'no-store')
  if (closeConnection) res.setHeader('Connection', 'close')
  res.status(status).json({ error: message })
}

/** Counts query parameters without parsing them (a pathological query is refused before any parser sees it). */
function countQueryParams(url: string): number {
  const q = url.indexOf('?')
  if (q === -1 || q === url.length - 1) return 0
  let count = 1
  for (let i = q + 1; i < url.length; i++) if (url.charCodeAt(i) === 38 /* & */) count++
  return count
}

export function createRequestLimits(opts: LimitOptions = {}): RequestHandler {
  const maxUrl = opts.maxUrlBytes ?? DEFAULT_LIMITS.maxUrlBytes
  const maxParams = opts.maxQueryParams ?? DEFAULT_LIMITS.maxQueryParams
  const maxBody = opts.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes
  const findRefusal = (req: Request): Refusal | null => {
    const url = req.originalUrl
    if (Buffer.byteLength(url) > maxUrl) return { status: 414, message: `request URL too long (at most ${maxUrl} bytes)` }
    if (countQueryParams(url) > maxParams) return { status: 400, message: `too many query parameters (at most ${maxParams})` }
    const length = req.headers['content-length']
    if (length !== undefined) {
      const bytes = Number(length)
      // The body is never read: the connection is closed rather than drained.
      if (!Number.isFinite(bytes) || bytes > maxBody)
        return { status: 413, message: `request body too large (at most ${maxBody} bytes)`, close: true }
    } else if (req.headers['transfer-encoding'] !== undefined) {
      return { status: 411, message: 'a request body needs a Content-Length', close: true }
    }
    return null
  }
  return (req: Request, res: Response, next: NextFunction): void => {
    const refusal = findRefusal(req)
    if (refusal === null) next()
    else refuse(res, refusal.status, refusal.message, refusal.close)
  }
}

function createRateLimit(limit: number, windowMs: number, what: string): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    // No RateLimit-* headers on answers that pass: a cached answer's headers stay the same for
    // every client. Only the refusal says when to come back.
    standardHeaders: false,
    legacyHeaders: false,
    // The socket address is the client (trust proxy is off); a client's X-Forwarded-For is not
    // an operator's misconfiguration to warn about.
    validate: { xForwardedForHeader: false, forwardedHeader: false },
    handler: (req, res) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime
      const seconds =
        resetTime === undefined ? Math.ceil(windowMs / 1000) : Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000))
      res.setHeader('Retry-After', String(seconds))
      refuse(res, 429, `too many ${what} requests; retry after ${seconds} s`)
    },
  })
}

/** The request-size guard, the two rate limiters and the miss budget (none of those when rate limiting is off). */
export function createLimits(opts: LimitOptions = readLimitOptionsFromEnv()): Limits {
  const requestLimits = createRequestLimits(opts)
  if (opts.rateLimit === false) return { requestLimits, apiRateLimit: null, searchRateLimit: null, missBudget: null }
  const rate = opts.rateLimit ?? {}
  const windowMs = rate.windowMs ?? DEFAULT_LIMITS.windowMs
  return {
    requestLimits,
    apiRateLimit: createRateLimit(rate.api ?? DEFAULT_LIMITS.api, windowMs, 'API'),
    searchRateLimit: createRateLimit(rate.search ?? DEFAULT_LIMITS.search, windowMs, 'search'),
    missBudget: createMissBudget({ misses: rate.misses ?? DEFAULT_MISS_BUDGET.misses, windowMs }),
  }
}
