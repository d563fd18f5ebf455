// The reader pages: the merged river, a source, a category, search, source status, the static
// assets they use, and the 404 page. Server-rendered with Eta, no client script. Every page is
// rendered once per store generation, config and minute (pages/page-cache.ts) and then served
// from memory with ETag/304 and gzip/br; the fast path answers cache hits before Express does.
import express from 'express'
import type { Request, Response } from 'express'
import type { AppContext } from '../context.js'
import type { ResponseCache } from '../http-cache.js'
import { sendCachedAnswer, type CachedAnswer } from '../middleware/cached-answer.js'
import { describeCategoryPage, describeRiverPage, describeSearchPage, describeSourcePage, describeStatusPage, renderMessageHtml, renderNotFoundHtml } from '../pages/page-answers.js'
import { staticDir } from '../pages/view-engine.js'
import { extractSearch } from '../query.js'

const STATIC_MAX_AGE_MS = 365 * 24 * 3600 * 1000

/** `cache` is the pages' own (pages/page-cache.ts), shared with the fast path. */
export function pagesRouter(ctx: AppContext, cache: ResponseCache): express.Router {
  const router = express.Router()
  const serve = (describe: (req: Request) => CachedAnswer) => (req: Request, res: Response): void =>
    sendCachedAnswer(ctx, cache, req, res, describe(req))
  const queryOf = (req: Request): URLSearchParams => new URLSearchParams(extractSearch(req.originalUrl))

  router.use(
    '/static',
    express.static(staticDir, { maxAge: STATIC_MAX_AGE_MS, immutable: true, index: false, redirect: false }),
  )
  router.get('/', serve((req) => describeRiverPage(ctx, queryOf(req))))
  router.get('/sources/:id', serve((req) => describeSourcePage(ctx, String(req.params['id'] ?? ''), queryOf(req))))
  router.get('/categories/:name', serve((req) => describeCategoryPage(ctx, String(req.params['name'] ?? ''), queryOf(req))))
  router.get('/search', serve((req) => describeSearchPage(ctx, queryOf(req))))
  router.get('/status', serve(() => describeStatusPage(ctx)))
  return router
}

/** The 404 page, for unknown sources, categories and any path no route claims. */
export function renderNotFoundPage(req: Request, res: Response, message?: string): void {
  res.status(404).type('html').send(renderNotFoundHtml(req.path, message))
}

/** A page with a heading and a sentence, for errors a route wants to show as HTML. */
export function renderMessagePage(res: Response, status: number, heading: string, message: string): void {
  res.status(status).type('html').send(renderMessageHtml(status, heading, message))
}
