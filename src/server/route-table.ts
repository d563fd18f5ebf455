// Every route the server answers, listed once. app.ts registers each entry on the router (a
// GET, HEAD implied), then a 405 for any other method on the same path; the cached entries are
// answered by the response cache they name (http-cache.ts), as ordinary route handlers that run
// after the request limits and rate limiters. Static files (/static/*) are not routes: they are
// served by express.static, mounted after the router.
import type { Request, RequestHandler } from 'express'
import type { AppContext } from './context.js'
import type { Metrics } from './metrics.js'
import type { DescribeAnswer } from './middleware/cached-answer.js'
import { describeActorPage, describeOrgPage } from './pages/entity-pages.js'
import { describeCategoriesIndexPage, describeSourcesIndexPage } from './pages/index-pages.js'
import {
  describeCategoryPage,
  describeRiverPage,
  describeSearchPage,
  describeSourcePage,
  describeStatusPage,
} from './pages/page-answers.js'
import { describeStoryPage } from './pages/story-page.js'
import { describeWatchPage } from './pages/watch-page.js'
import { extractSearch } from './query.js'
import { describeApiItems, describeApiSources } from './routes/api.js'
import { describeItemsCsv, describeStoriesCsv } from './routes/csv.js'
import { describeFeed, FEED_PATHS } from './routes/feeds.js'
import { answerHealth } from './routes/health.js'
import { answerMetrics } from './routes/metrics.js'
import { describeOpml } from './routes/opml.js'
import { describeApiStories, describeApiStory } from './routes/stories-api.js'
import { describeWatchFeed } from './routes/watch-feeds.js'

/** Every route is read-only: GET (Express answers HEAD with it), and OPTIONS says so. */
export const ROUTE_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const
/** The Allow header of a 405. */
export const ALLOW_HEADER = ROUTE_METHODS.join(', ')

/** Which response cache keeps a route's answers: feeds and API, or the reader pages (pages/page-cache.ts). */
export type CacheName = 'answers' | 'pages'

export interface CachedRoute {
  /** An Express path pattern (case-insensitive, a trailing slash allowed). */
  path: string
  cache: CacheName
  describe: (ctx: AppContext) => DescribeAnswer
}

export interface HandledRoute {
  path: string
  handle: (ctx: AppContext, metrics: Metrics) => RequestHandler
}

export type Route = CachedRoute | HandledRoute

/** The query string of the request, for the page describers (never throws on bad %-escapes). */
function queryOf(req: Request): URLSearchParams {
  return new URLSearchParams(extractSearch(req.originalUrl))
}

function param(req: Request, name: string): string {
  return String(req.params[name] ?? '')
}

/** In the order the router tries them: the busiest first. */
export const ROUTES: readonly Route[] = [
  { path: '/', cache: 'pages', describe: (ctx) => (req) => describeRiverPage(ctx, queryOf(req)) },
  ...FEED_PATHS.map((path): CachedRoute => ({ path, cache: 'answers', describe: (ctx) => describeFeed(ctx, path) })),
  { path: '/api/items', cache: 'answers', describe: describeApiItems },
  { path: '/api/sources', cache: 'answers', describe: describeApiSources },
  { path: '/api/stories', cache: 'answers', describe: describeApiStories },
  { path: '/api/stories/:id', cache: 'answers', describe: (ctx) => (req) => describeApiStory(ctx, param(req, 'id'))(req) },
  { path: '/api/items.csv', cache: 'answers', describe: describeItemsCsv },
  { path: '/api/stories.csv', cache: 'answers', describe: describeStoriesCsv },
  { path: '/sources', cache: 'pages', describe: (ctx) => () => describeSourcesIndexPage(ctx) },
  { path: '/sources/:id', cache: 'pages', describe: (ctx) => (req) => describeSourcePage(ctx, param(req, 'id'), queryOf(req)) },
  { path: '/categories', cache: 'pages', describe: (ctx) => () => describeCategoriesIndexPage(ctx) },
  { path: '/categories/:name', cache: 'pages', describe: (ctx) => (req) => describeCategoryPage(ctx, param(req, 'name'), queryOf(req)) },
  { path: '/orgs/:slug', cache: 'pages', describe: (ctx) => (req) => describeOrgPage(ctx, param(req, 'slug'), queryOf(req)) },
  { path: '/actors/:slug', cache: 'pages', describe: (ctx) => (req) => describeActorPage(ctx, param(req, 'slug'), queryOf(req)) },
  { path: '/search', cache: 'pages', describe: (ctx) => (req) => describeSearchPage(ctx, queryOf(req)) },
  { path: '/stories/:id', cache: 'pages', describe: (ctx) => (req) => describeStoryPage(ctx, param(req, 'id')) },
  { path: '/status', cache: 'pages', describe: (ctx) => (req) => describeStatusPage(ctx, queryOf(req)) },
  { path: '/watches/:id', cache: 'pages', describe: (ctx) => (req) => describeWatchPage(ctx, param(req, 'id')) },
  ...(['feed.xml', 'feed.atom', 'feed.json'] as const).map(
    (file): CachedRoute => ({
      path: `/watches/:id/${file}`,
      cache: 'answers',
      describe: (ctx) => (req) => describeWatchFeed(ctx, file)(param(req, 'id'))(req),
    }),
  ),
  { path: '/opml', cache: 'answers', describe: describeOpml },
  { path: '/healthz', handle: (ctx) => answerHealth(ctx) },
  { path: '/metrics', handle: (_ctx, metrics) => answerMetrics(metrics) },
]

export function isCachedRoute(route: Route): route is CachedRoute {
  return 'cache' in route
}
