// When to poll a source next. Pure: everything it needs comes in as arguments.
//
//   success:     max(next cron tick, freshness floor from Cache-Control max-age / Expires / RSS ttl)
//   failure:     max(next cron tick, backoff = interval × 2^failures ± 10 %)
//   Retry-After: max(the above, the server's time); a 429/503 that says when to come back is
//                backing off, not failing, so it comes with failures = 0 and escalates nothing
//   every delay is capped at 24 h, so no hint can park a source for longer than a day.
import type { FetchHints } from '../types.js'

export const maxDelayMs = 24 * 3600 * 1000

export { backingOffCode } from '../errors.js'
/** How often a conditional-GET source gets an unconditional fetch (a server stuck on 304). */
export const unconditionalEveryMs = 24 * 3600 * 1000

export interface NextRunInput {
  now: Date
  /** The source's next cron tick after now. */
  cronNext: Date
  /** The source schedule's interval: the backoff base. */
  intervalMs: number
  /** Consecutive failures including this poll (0 after a success). */
  failures: number
  /** HTTP caching hints of a successful answer (200 or 304). */
  hints?: FetchHints
  /** RSS <ttl> of a successful answer, in minutes. */
  ttlMinutes?: number
  /** Retry-After of a 429/503, in ms from now (with failures = 0: the source is backing off). */
  retryAfterMs?: number
  /** For the jitter; default Math.random. */
  random?: () => number
}

/** The next time the source may be polled. */
export function computeNextRun(input: NextRunInput): Date {
  const now = input.now.getTime()
  let next = input.cronNext.getTime()
  if (input.failures > 0) {
    next = Math.max(next, now + computeBackoffMs(input.failures, input.intervalMs, input.random))
  } else {
    next = Math.max(next, now + computeFreshnessMs(input.hints, input.ttlMinutes, input.now))
  }
  if (input.retryAfterMs !== undefined && input.retryAfterMs > 0) {
    next = Math.max(next, now + Math.min(input.retryAfterMs, maxDelayMs))
  }
  return new Date(next)
}

/** interval × 2^failures, with ±10 % jitter, at most 24 h; 0 when there is no failure. */
export function computeBackoffMs(failures: number, intervalMs: number, random: () => number = Math.random): number {
  if (failures <= 0) return 0
  const raw = Math.max(intervalMs, 1000) * 2 ** Math.min(failures, 40)
  const capped = Math.min(raw, maxDelayMs)
  const jitter = 0.9 + 0.2 * clampUnit(random())
  return Math.round(Math.min(capped * jitter, maxDelayMs))
}

/**
 * How long the answer stays fresh: Cache-Control max-age (which overrides Expires, RFC 9111),
 * else Expires − now; and the RSS ttl; the larger of the two, capped at 24 h.
 */
export function computeFreshnessMs(hints: FetchHints | undefined, ttlMinutes: number | undefined, now: Date): number {
  let http = 0
  if (hints?.maxAgeSeconds !== undefined && Number.isFinite(hints.maxAgeSeconds)) {
    http = Math.max(0, hints.maxAgeSeconds * 1000)
  } else if (hints?.expires !== undefined) {
    const expires = Date.parse(hints.expires)
    if (Number.isFinite(expires)) http = Math.max(0, expires - now.getTime())
  }
  const ttl = ttlMinutes !== undefined && Number.isFinite(ttlMinutes) && ttlMinutes > 0 ? ttlMinutes * 60_000 : 0
  return Math.min(Math.max(http, ttl), maxDelayMs)
}

/** True when the validators should be left off this time (none sent for a day, or never). */
export function isUnconditionalDue(lastUnconditionalAt: string | null, now: Date): boolean {
  if (lastUnconditionalAt === null) return true
  const last = Date.parse(lastUnconditionalAt)
  return !Number.isFinite(last) || now.getTime() - last >= unconditionalEveryMs
}

function clampUnit(x: number): number {
  return Number.isFinite(x) ? Math.min(Math.max(x, 0), 1) : 0.5
}
