// createApp(ctx) → the Express app (no listen: the CLI and tests do that). In order: request
// metrics, security headers, the request limits and the /api and /search rate limits, the
// operator token on /metrics and /status (when set), then the
// routes of the route table (route-table.ts: each path's GET, then its 405), the static files,
// the 404 and the one error middleware. Cached routes answer from their response cache
// inside the router, so every answer, a cache hit included, has passed every middleware above.
import express from 'express'
import type { AppContext } from './context.js'
import { createResponseCache, type ResponseCache } from './http-cache.js'
import { createMetrics } from './metrics.js'
import { serveCachedAnswer } from './middleware/cached-answer.js'
import { answerNotFound, answerOtherMethod, handleErrors } from './middleware/errors.js'
import { createLimits } from './middleware/limits.js'
import { createOperatorGuard, OPERATOR_PATHS } from './middleware/operator-token.js'
import { recordRequestMetrics } from './middleware/request-metrics.js'
import { applySecurityHeaders, computeSecurityHeaders } from './middleware/security-headers.js'
import { createPageCache } from './pages/page-cache.js'
import { type CacheName, isCachedRoute, ROUTES } from './route-table.js'
import { serveStatic } from './routes/pages.js'

export function createApp(ctx: AppContext): express.Express {
  const metrics = ctx.metrics ?? createMetrics()
  metrics.watchStore(ctx.store)
  const context: AppContext = { ...ctx, metrics }
  const caches: Record<CacheName, ResponseCache> = {
    answers: createResponseCache(ctx.now ? { now: ctx.now } : {}),
    pages: createPageCache(ctx),
  }

  const app = express()
  app.disable('x-powered-by')
  // Validators are computed over the content by http-cache.ts, not by Express per response.
  app.set('etag', false)
  app.set('trust proxy', false)

  app.use(recordRequestMetrics(metrics))
  app.use(applySecurityHeaders(computeSecurityHeaders()))
  const limits = createLimits(ctx.limits)
  app.use(limits.requestLimits)
  if (limits.apiRateLimit) app.use('/api', limits.apiRateLimit)
  if (limits.searchRateLimit) app.use('/search', limits.searchRateLimit)
  const operatorGuard = createOperatorGuard(ctx.operatorToken ?? process.env['BREACHWIRE_OPERATOR_TOKEN'])
  if (operatorGuard) app.use([...OPERATOR_PATHS], operatorGuard)

  // On the app itself, not a nested Router: one level of layers less on every request.
  for (const route of ROUTES) {
    app.get(
      route.path,
      isCachedRoute(route)
        ? serveCachedAnswer(context, caches[route.cache], route.describe(context), limits.missBudget)
        : route.handle(context, metrics),
    )
  }
  for (const route of ROUTES) app.all(route.path, answerOtherMethod)
  app.use('/static', serveStatic())

  app.use(answerNotFound)
  app.use(handleErrors)
  return app
}
