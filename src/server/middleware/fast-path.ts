// Cached answers served ahead of Express's router. Express 5 spends more per request walking its
// layers than it takes to send a cached body, so a cache hit is answered here, with the same
// security headers, validators and metrics as the routed path: the feed and API paths the app
// lists, and the reader pages (pages/page-routes.ts, from the pages' own cache). Anything else (a
// miss, a bad parameter, an odd path, a request the request limits would refuse) goes to Express
// untouched, which renders, caches, or answers the error the usual way.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AppContext } from '../context.js'
import { sendCached, type CachedBody, type ResponseCache } from '../http-cache.js'
import type { Metrics } from '../metrics.js'
import { matchPageRequest } from '../pages/page-routes.js'
import { resolveAnswerKey, type CachedAnswer, type DescribeAnswer } from './cached-answer.js'
import { DEFAULT_LIMITS } from './limits.js'
import { setSecurityHeaders, type HeaderList } from './security-headers.js'

/** Returns true when it answered the request. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean

export function createFastPath(
  ctx: AppContext,
  cache: ResponseCache,
  pageCache: ResponseCache,
  routes: ReadonlyMap<string, DescribeAnswer>,
  headers: HeaderList,
  metrics: Metrics,
): FastPath {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const url = req.url ?? ''
    if (!isWithinRequestLimits(url) || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) return false
    const query = url.indexOf('?')
    const path = query === -1 ? url : url.slice(0, query)
    const started = process.hrtime.bigint()
    let label: string
    let entry: CachedBody | undefined
    let answer: CachedAnswer
    try {
      const describe = routes.get(path)
      if (describe !== undefined) {
        label = path
        answer = describe(req)
        entry = cache.peek(resolveAnswerKey(ctx, answer.variant, answer.epoch))
      } else {
        const page = matchPageRequest(ctx, url)
        if (page === null) return false
        label = page.label
        answer = page.describe()
        entry = pageCache.peek(resolveAnswerKey(ctx, answer.variant, answer.epoch))
      }
    } catch {
      return false // Express answers it (a 400, or a 5xx with the error logged).
    }
    if (entry === undefined) return false
    setSecurityHeaders(res, headers)
    sendCached(req, res, entry, { maxAgeSeconds: answer.maxAgeSeconds })
    metrics.observeRequest(label, req.method, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9)
    return true
  }
}

/** The request limits' URL checks (middleware/limits.ts), so a hit never answers what they would refuse. */
function isWithinRequestLimits(url: string): boolean {
  if (url.length > DEFAULT_LIMITS.maxUrlBytes) return false // chars ≤ bytes; the exact check is Express's
  let params = 0
  const q = url.indexOf('?')
  if (q !== -1 && q < url.length - 1) {
    params = 1
    for (let i = q + 1; i < url.length; i++) if (url.charCodeAt(i) === 38 /* & */) params++
  }
  return params <= DEFAULT_LIMITS.maxQueryParams
}
