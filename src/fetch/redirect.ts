// Redirect bookkeeping: which statuses redirect, which are permanent, loops and the hop limit.

import { FetchError } from '../errors.js'
import { parseFetchUrl, redactUrl } from './url.js'

const redirectStatuses = new Set([301, 302, 303, 307, 308])

export function isRedirectStatus(status: number): boolean {
  return redirectStatuses.has(status)
}

function isPermanentRedirect(status: number): boolean {
  return status === 301 || status === 308
}

export interface RedirectTrail {
  /** Every URL requested so far, in order. */
  visited: string[]
  /** false once any hop was temporary (302, 303, 307). */
  allPermanent: boolean
}

/** Resolves a Location against the current URL and checks the scheme, the hop limit and loops. */
export function resolveRedirect(location: string, current: URL, status: number, trail: RedirectTrail, maxRedirects: number): URL {
  const next = parseFetchUrl(location, current)
  const hops = trail.visited.length
  if (trail.visited.includes(next.href)) {
    throw new FetchError('too_many_redirects', `fetch: redirect loop: ${redactUrl(current)} sends back to ${redactUrl(next)}`, {
      url: redactUrl(current),
    })
  }
  if (hops > maxRedirects) {
    throw new FetchError(
      'too_many_redirects',
      `fetch: more than ${maxRedirects} redirects, starting at ${redactUrl(new URL(trail.visited[0] ?? current.href))}`,
      {
        url: redactUrl(current),
      },
    )
  }
  trail.visited.push(next.href)
  if (!isPermanentRedirect(status)) trail.allPermanent = false
  return next
}
