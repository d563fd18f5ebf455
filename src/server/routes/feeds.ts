// The combined feed in three formats: GET /feed.xml (RSS 2.0), /feed.atom (Atom 1.0) and
// /feed.json (JSON Feed 1.1), filtered by ?source= (repeatable), ?category=, ?q= and ?limit=
// (and the facts filters); one entry per story, or per report with ?each=report or ?source=.
import {
  ATOM_CONTENT_TYPE,
  buildReportEntry,
  buildStoryEntry,
  type ExportSourceInfo,
  JSON_FEED_CONTENT_TYPE,
  RSS_CONTENT_TYPE,
  renderAtom,
  renderJsonFeed,
  renderRss,
} from '../../feed-export/index.js'
import type { ApiItem, AppConfig, ExportEntry, ExportFeed, ItemQuery, Store } from '../../types.js'
import type { AppContext } from '../context.js'
import { describeFactsFilter } from '../facts-query.js'
import { resolveCacheMaxAges } from '../http-cache.js'
import { resolveBaseUrl } from '../middleware/base-url.js'
import type { DescribeAnswer } from '../middleware/cached-answer.js'
import { findNewestActivity, findNewestItemDate, indexConfigSources, isKnownSource, loadItems } from '../middleware/read-items.js'
import { extractSearch, formatItemQuery, parseRawQuery, readItemQuery } from '../query.js'

const EPOCH = '1970-01-01T00:00:00.000Z'

export const FEED_PATHS = ['/feed.xml', '/feed.atom', '/feed.json'] as const
export type FeedPath = (typeof FEED_PATHS)[number]

const formats: Record<FeedPath, { render: (feed: ExportFeed) => string; contentType: string }> = {
  '/feed.xml': { render: renderRss, contentType: RSS_CONTENT_TYPE },
  '/feed.atom': { render: renderAtom, contentType: ATOM_CONTENT_TYPE },
  '/feed.json': { render: renderJsonFeed, contentType: JSON_FEED_CONTENT_TYPE },
}

/** The cached answer of one feed path for a request. */
export function describeFeed(ctx: AppContext, path: FeedPath): DescribeAnswer {
  const format = formats[path]
  return async (req) => {
    const config = ctx.getConfig()
    const query = await readItemQuery(parseRawQuery(extractSearch(req.originalUrl)), {
      isKnownSource: (id) => isKnownSource(ctx.store, config, id),
      allowCursor: false,
    })
    const base = resolveBaseUrl(ctx, req)
    const search = formatItemQuery(query)
    const selfUrl = `${base}${path}${search ? `?${search}` : ''}`
    return {
      variant: `feed\u0000${selfUrl}`,
      maxAgeSeconds: resolveCacheMaxAges(config).feedSeconds,
      render: async () => {
        const feed = await buildExportFeed(ctx.store, config, query, { selfUrl, homeUrl: `${base}/` })
        return { body: format.render(feed), contentType: format.contentType, lastModified: feed.updated === EPOCH ? null : feed.updated }
      },
    }
  }
}

/**
 * The ExportFeed for a query: one entry per story (its lead's text, every report listed, dated by
 * its last activity), or with ?each=report or ?source= one entry per report, linking its story.
 */
export async function buildExportFeed(
  store: Store,
  config: AppConfig,
  query: ItemQuery,
  urls: { selfUrl: string; homeUrl: string },
): Promise<ExportFeed> {
  const sources = await describeSources(store, config)
  const perReport = query.each === 'report' || (query.sources !== undefined && query.sources.length > 0)
  let entries: ExportEntry[]
  let newest: string | null
  let firstItem: ApiItem | undefined
  if (perReport) {
    const { items } = await loadItems(store, { ...query, cursor: undefined })
    entries = items.map((item) => buildReportEntry(item, sources(item), urls.homeUrl))
    newest = findNewestItemDate(items)
    firstItem = items[0]
  } else {
    const { stories } = await store.listStories({ ...query, cursor: undefined })
    entries = stories.flatMap((story) => {
      const lead = story.reports.find((report) => report.id === story.leadItemId) ?? story.reports[0]
      return lead === undefined ? [] : [buildStoryEntry(story, lead, sources(lead), urls.homeUrl)]
    })
    newest = findNewestActivity(stories)
    firstItem = stories[0]?.reports[0]
  }
  const { sources: ids, category, q, limit: _limit, cursor: _cursor, order: _order, each: _each, sort: _sort, ...facts } = query
  const factsLabel = describeFactsFilter(facts)
  return {
    title: describeFeedTitle(query, ids?.length === 1 && firstItem ? firstItem.source.title : undefined),
    description: [
      perReport
        ? 'Breach and privacy news from many sources, one entry per report.'
        : 'Breach and privacy news from many sources, one entry per story.',
      ids ? `Sources: ${ids.join(', ')}.` : '',
      category ? `Category: ${category}.` : '',
      q ? `Search: ${q}.` : '',
      factsLabel ? `Filtered by ${factsLabel}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
    ...urls,
    updated: newest ?? (await store.newestItemDate({ sources: ids, category, q, ...facts })) ?? EPOCH,
    entries,
  }
}

function describeFeedTitle(query: ItemQuery, singleSourceTitle: string | undefined): string {
  const parts: string[] = []
  if (query.sources?.length === 1) parts.push(singleSourceTitle ?? query.sources[0] ?? '')
  else if (query.sources) parts.push(`${query.sources.length} sources`)
  if (query.category) parts.push(`category "${query.category}"`)
  if (query.q) parts.push(`search "${query.q}"`)
  const facts = describeFactsFilter(query)
  if (facts) parts.push(facts)
  return parts.length > 0 ? `breachwire: ${parts.join(', ')}` : 'breachwire'
}

/** Per item, its source as the feed shows it: config first (title, republish), then stored state. */
async function describeSources(store: Store, config: AppConfig): Promise<(item: ApiItem) => ExportSourceInfo> {
  const configured = indexConfigSources(config)
  const stored = new Map((await store.listSources()).map((state) => [state.id, state]))
  const memo = new Map<string, ExportSourceInfo>()
  return (item) => {
    const id = item.source.id
    let info = memo.get(id)
    if (!info) {
      const source = configured.get(id)
      const state = stored.get(id)
      info = {
        id,
        title: source?.title ?? state?.title ?? item.source.title ?? id,
        url: state?.fetchUrl ?? source?.url ?? '',
        homepage: source?.homepage ?? state?.homepage ?? null,
        republish: source?.republish ?? 'full',
      }
      memo.set(id, info)
    }
    return info
  }
}
