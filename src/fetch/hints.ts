// Caching hints from response headers: Retry-After, Cache-Control max-age, Expires.
// Field parsers: they never throw; a value they cannot read is left out.

import type { IncomingHttpHeaders } from 'node:http'
import type { FetchHints } from '../types.js'

/** Retry-After can be at most a year away; anything further is treated as a year. */
const maxRetryAfterMs = 365 * 24 * 3600 * 1000

export function readHints(headers: IncomingHttpHeaders, now: number): FetchHints {
  const hints: FetchHints = {}
  const retryAfterMs = parseRetryAfter(headerText(headers['retry-after']), now)
  if (retryAfterMs !== undefined) hints.retryAfterMs = retryAfterMs
  const maxAgeSeconds = parseMaxAge(headerText(headers['cache-control']))
  if (maxAgeSeconds !== undefined) hints.maxAgeSeconds = maxAgeSeconds
  const expires = parseHttpDate(headerText(headers['expires']))
  if (expires !== undefined) hints.expires = expires
  return hints
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds from `now` (never negative). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, maxRetryAfterMs)
  if (!/[a-z]/i.test(text)) return undefined
  const at = Date.parse(text)
  if (!Number.isFinite(at)) return undefined
  return Math.min(Math.max(0, at - now), maxRetryAfterMs)
}

/** Cache-Control s-maxage, else max-age, in seconds. Other directives (no-store, no-cache) are ignored. */
export function parseMaxAge(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  let maxAge: number | undefined
  let sMaxAge: number | undefined
  for (const directive of value.split(',')) {
    const match = /^\s*(s-maxage|max-age)\s*=\s*"?(\d+)"?\s*$/i.exec(directive)
    if (!match) continue
    const seconds = Math.min(Number(match[2]), 2 ** 31 - 1)
    if (match[1]?.toLowerCase() === 's-maxage') sMaxAge ??= seconds
    else maxAge ??= seconds
  }
  return sMaxAge ?? maxAge
}

/** An HTTP date (Expires) as ISO 8601; invalid dates such as "0" or "-1" give undefined. */
export function parseHttpDate(value: string | undefined): string | undefined {
  if (value === undefined || !/[a-z]/i.test(value)) return undefined
  const at = Date.parse(value.trim())
  return Number.isFinite(at) ? new Date(at).toISOString() : undefined
}

function headerText(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.join(', ')
  return value
}
