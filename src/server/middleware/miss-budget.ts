// What a client may make the server render: every cached route (pages, feeds, API, OPML) answers
// a hit from memory, but a miss renders, and a miss of a search or a wide feed costs a quarter of a
// second of CPU. So each client has a bucket of miss tokens (a token bucket per client IP, IPv6 by
// /56, as the rate limiters count): a miss takes one, the bucket refills steadily, and a client
// with none left gets 429 with Retry-After. Hits cost nothing here (the request limiters still
// count them on /api and /search). 700 distinct `?q=` misses from one client: the first 60 render.
import type { Request, Response } from 'express'
import { ipKeyGenerator } from 'express-rate-limit'
import { HttpError } from '../../errors.js'

export interface MissBudgetOptions {
  /** Misses a client may cause per window, and the bucket's size (a burst). Default 60. */
  misses?: number
  /** The window in milliseconds: the bucket refills misses/window. Default 60 000. */
  windowMs?: number
  /** Clients remembered; the least recently seen are forgotten (a full bucket again). Default 10 000. */
  maxClients?: number
  now?: () => number
}

export interface MissBudget {
  /** Takes a token for the request's client, or throws HttpError 429 (with Retry-After set on res). */
  charge(req: Request, res: Response): void
}

export const DEFAULT_MISS_BUDGET = { misses: 60, windowMs: 60_000, maxClients: 10_000 } as const

export function createMissBudget(opts: MissBudgetOptions = {}): MissBudget {
  const capacity = opts.misses ?? DEFAULT_MISS_BUDGET.misses
  const windowMs = opts.windowMs ?? DEFAULT_MISS_BUDGET.windowMs
  const maxClients = opts.maxClients ?? DEFAULT_MISS_BUDGET.maxClients
  const now = opts.now ?? Date.now
  const perMs = capacity / windowMs
  const buckets = new Map<string, { tokens: number; at: number }>()

  return {
    charge(req, res) {
      const client = ipKeyGenerator(req.socket.remoteAddress ?? 'unknown')
      const t = now()
      const bucket = buckets.get(client) ?? { tokens: capacity, at: t }
      buckets.delete(client)
      bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs)
      bucket.at = t
      buckets.set(client, bucket)
      if (buckets.size > maxClients) {
        const oldest = buckets.keys().next().value
        if (oldest !== undefined) buckets.delete(oldest)
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return
      }
      const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000))
      res.setHeader('Retry-After', String(seconds))
      res.setHeader('Cache-Control', 'no-store')
      throw new HttpError(429, `too many uncached requests; retry after ${seconds} s`)
    },
  }
}
