// createApp(ctx) → the Express app (no listen: the CLI and tests do that). Security headers,
// request metrics, then the routes in order: health, metrics, API, feeds, OPML, pages; then the
// 404/405 and the one error middleware. Cache hits of the feed and API routes are answered by a
// fast path before the router (middleware/fast-path.ts) with the same headers and metrics.
import type { IncomingMessage, ServerResponse } from 'node:http'
import express from 'express'
import type { AppContext } from './context.js'
import { createResponseCache } from './http-cache.js'
import { createMetrics } from './metrics.js'
import type { DescribeAnswer } from './middleware/cached-answer.js'
import { answerNotFound, handleErrors } from './middleware/errors.js'
import { createFastPath } from './middleware/fast-path.js'
import { createLimits } from './middleware/limits.js'
import { recordRequestMetrics } from './middleware/request-metrics.js'
import { applySecurityHeaders, computeSecurityHeaders } from './middleware/security-headers.js'
import { createPageCache } from './pages/page-cache.js'
import { apiRouter, describeApiItems, describeApiSources } from './routes/api.js'
import { describeFeed, FEED_PATHS, feedsRouter } from './routes/feeds.js'
import { healthRouter } from './routes/health.js'
import { metricsRouter } from './routes/metrics.js'
import { describeOpml, opmlRouter } from './routes/opml.js'
import { pagesRouter } from './routes/pages.js'

type Handle = (req: IncomingMessage, res: ServerResponse, callback?: (err?: unknown) => void) => void

export function createApp(ctx: AppContext): express.Express {
  const metrics = ctx.metrics ?? createMetrics()
  metrics.watchStore(ctx.store)
  const context: AppContext = { ...ctx, metrics }
  const cache = createResponseCache(ctx.now ? { now: ctx.now } : {})
  const pageCache = createPageCache(ctx)
  const securityHeaders = computeSecurityHeaders()

  const app = express()
  app.disable('x-powered-by')
  // Validators are computed over the content by http-cache.ts, not by Express per response.
  app.set('etag', false)
  app.set('trust proxy', false)

  app.use(recordRequestMetrics(metrics))
  app.use(applySecurityHeaders(securityHeaders))
  const limits = createLimits()
  app.use(limits.requestLimits)
  app.use('/api', limits.apiRateLimit)
  app.use('/search', limits.searchRateLimit)

  app.use(healthRouter(context))
  app.use(metricsRouter(metrics))
  app.use(apiRouter(context, cache))
  app.use(feedsRouter(context, cache))
  app.use(opmlRouter(context, cache))
  app.use(pagesRouter(context, pageCache))

  app.use(answerNotFound)
  app.use(handleErrors)

  const cachedRoutes = new Map<string, DescribeAnswer>([
    ...FEED_PATHS.map((path) => [path, describeFeed(context, path)] as const),
    ['/opml', describeOpml(context)],
    ['/api/items', describeApiItems(context)],
    ['/api/sources', describeApiSources(context)],
  ])
  const fastPath = createFastPath(context, cache, pageCache, cachedRoutes, securityHeaders, metrics)
  // express() calls app.handle for every request; a cache hit never reaches the router.
  const routed = app as unknown as { handle: Handle }
  const handle = routed.handle.bind(app)
  routed.handle = (req, res, callback) => {
    if (!fastPath(req, res)) handle(req, res, callback)
  }
  return app
}
