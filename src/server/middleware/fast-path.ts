// Cached feed and API answers served ahead of Express's router. Express 5 spends more per request
// walking its layers than it takes to send a cached feed, so a cache hit for an exact cached path
// is answered here, with the same security headers, validators and metrics as the routed path.
// Anything else (a miss, a bad parameter, an odd path) goes to Express untouched, which renders,
// caches, or answers the error the usual way.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AppContext } from '../context.js'
import { sendCached, type ResponseCache } from '../http-cache.js'
import type { Metrics } from '../metrics.js'
import { resolveAnswerKey, type DescribeAnswer } from './cached-answer.js'
import { setSecurityHeaders, type HeaderList } from './security-headers.js'

/** Returns true when it answered the request. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean

export function createFastPath(
  ctx: AppContext,
  cache: ResponseCache,
  routes: ReadonlyMap<string, DescribeAnswer>,
  headers: HeaderList,
  metrics: Metrics,
): FastPath {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const url = req.url ?? ''
    const query = url.indexOf('?')
    const path = query === -1 ? url : url.slice(0, query)
    const describe = routes.get(path)
    if (describe === undefined) return false
    const started = process.hrtime.bigint()
    let entry
    let maxAgeSeconds
    try {
      const answer = describe(req)
      entry = cache.peek(resolveAnswerKey(ctx, answer.variant))
      maxAgeSeconds = answer.maxAgeSeconds
    } catch {
      return false // Express answers it (a 400, or a 5xx with the error logged).
    }
    if (entry === undefined) return false
    setSecurityHeaders(res, headers)
    sendCached(req, res, entry, { maxAgeSeconds })
    metrics.observeRequest(path, req.method, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9)
    return true
  }
}
