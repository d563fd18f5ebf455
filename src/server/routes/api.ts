// The JSON API: GET /api/items (filters and cursor pagination) and GET /api/sources.
import { redactUrl, redactUrlsInText } from '../../lib/redact-url.js'
import type { ApiSource, SourceState } from '../../types.js'
import type { AppContext } from '../context.js'
import { resolveCacheMaxAges } from '../http-cache.js'
import type { DescribeAnswer } from '../middleware/cached-answer.js'
import { findNewestItemDate, isKnownSource, listConfiguredSources, loadItems } from '../middleware/read-items.js'
import { extractSearch, formatItemQuery, parseRawQuery, readItemQuery } from '../query.js'

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

/** GET /api/items: filters plus a cursor; one item per story unless ?source= is given. */
export function describeApiItems(ctx: AppContext): DescribeAnswer {
  return async (req) => {
    const config = ctx.getConfig()
    const query = await readItemQuery(parseRawQuery(extractSearch(req.originalUrl)), {
      isKnownSource: (id) => isKnownSource(ctx.store, config, id),
      allowCursor: true,
    })
    return {
      variant: `api-items\u0000${formatItemQuery(query)}`,
      maxAgeSeconds: resolveCacheMaxAges(config).apiSeconds,
      render: async () => {
        const page = await loadItems(ctx.store, query)
        const { limit: _limit, cursor: _cursor, ...filters } = query
        return {
          body: JSON.stringify({ items: page.items, nextCursor: page.nextCursor }),
          contentType: JSON_CONTENT_TYPE,
          lastModified: findNewestItemDate(page.items) ?? (await ctx.store.newestItemDate(filters)),
        }
      },
    }
  }
}

/** GET /api/sources: the sources still in feeds.json. */
export function describeApiSources(ctx: AppContext): DescribeAnswer {
  return () => ({
    variant: 'api-sources',
    maxAgeSeconds: resolveCacheMaxAges(ctx.getConfig()).apiSeconds,
    render: async () => {
      const sources = await listConfiguredSources(ctx.store)
      return { body: JSON.stringify(sources.map(toApiSource)), contentType: JSON_CONTENT_TYPE, lastModified: findNewestTry(sources) }
    },
  })
}

/** The contract's shape: no fetch internals (etag, error codes, fetch URL), no credentials in URLs or errors. */
export function toApiSource(state: SourceState): ApiSource {
  return {
    id: state.id,
    title: state.title,
    url: redactUrl(state.url),
    homepage: state.homepage === null ? null : redactUrl(state.homepage),
    enabled: state.enabled,
    lastTriedAt: state.lastTriedAt,
    lastSuccessAt: state.lastSuccessAt,
    lastStatus: state.lastStatus,
    lastError: state.lastError === null ? null : redactUrlsInText(state.lastError),
    consecutiveFailures: state.consecutiveFailures,
    nextRunAt: state.nextRunAt,
    itemCount: state.itemCount,
    lastWarning: state.lastWarning === null ? null : redactUrlsInText(state.lastWarning),
    lastDropped: state.lastDropped,
  }
}

function findNewestTry(sources: SourceState[]): string | null {
  let newest: string | null = null
  for (const source of sources) {
    for (const iso of [source.lastTriedAt, source.lastSuccessAt]) {
      if (iso && (newest === null || Date.parse(iso) > Date.parse(newest))) newest = iso
    }
  }
  return newest
}
