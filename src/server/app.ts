// createApp(ctx) → the Express app (no listen: the CLI and tests do that). Security headers,
// request metrics, then the routes in order: health, metrics, API, feeds, OPML, pages; then the
// 404s and the one error middleware.
import express from 'express'
import type { Request, Response } from 'express'
import helmet from 'helmet'
import type { AppContext } from './context.js'
import { createResponseCache } from './http-cache.js'
import { createMetrics } from './metrics.js'
import { answerApiNotFound, handleErrors } from './middleware/errors.js'
import { recordRequestMetrics } from './middleware/request-metrics.js'
import { apiRouter } from './routes/api.js'
import { feedsRouter } from './routes/feeds.js'
import { healthRouter } from './routes/health.js'
import { metricsRouter } from './routes/metrics.js'
import { opmlRouter } from './routes/opml.js'
import { pagesRouter, renderNotFoundPage } from './routes/pages.js'

export function createApp(ctx: AppContext): express.Express {
  const metrics = ctx.metrics ?? createMetrics()
  metrics.watchStore(ctx.store)
  const context: AppContext = { ...ctx, metrics }
  const cache = createResponseCache(ctx.now ? { now: ctx.now } : {})

  const app = express()
  app.disable('x-powered-by')
  // Validators are computed over the content by http-cache.ts, not by Express per response.
  app.set('etag', false)
  app.set('trust proxy', false)

  app.use(recordRequestMetrics(metrics))
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'self'"],
          // Item images are hot-linked from the sources' sites; no data: or http: images.
          imgSrc: ["'self'", 'https:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      // Served on loopback over plain HTTP by default; a TLS front end sets HSTS.
      strictTransportSecurity: false,
    }),
  )

  app.use(healthRouter(context))
  app.use(metricsRouter(metrics))
  app.use(apiRouter(context, cache))
  app.use(feedsRouter(context, cache))
  app.use(opmlRouter(context, cache))
  app.use(pagesRouter(context))

  app.use('/api', answerApiNotFound)
  app.use((req: Request, res: Response) => renderNotFoundPage(req, res))
  app.use(handleErrors)
  return app
}
