// GET /watches/:id/feed.xml|.atom|.json: a watch's matched reports as a feed, one entry per
// report (the feed reader's view of the same alerts the webhooks and emails carry).

import { HttpError } from '../../errors.js'
import {
  ATOM_CONTENT_TYPE,
  buildReportEntry,
  type ExportSourceInfo,
  JSON_FEED_CONTENT_TYPE,
  RSS_CONTENT_TYPE,
  renderAtom,
  renderJsonFeed,
  renderRss,
} from '../../feed-export/index.js'
import type { ExportFeed } from '../../types.js'
import type { AppContext } from '../context.js'
import { resolveCacheMaxAges } from '../http-cache.js'
import { resolveBaseUrl } from '../middleware/base-url.js'
import type { DescribeAnswer } from '../middleware/cached-answer.js'
import { findNewestItemDate, indexConfigSources } from '../middleware/read-items.js'
import { describeWatchFilter, toWatchPath } from '../pages/watch-links.js'
import { WATCH_ITEMS } from '../pages/watch-page.js'

const EPOCH = '1970-01-01T00:00:00.000Z'

export const WATCH_FEED_FORMATS = {
  'feed.xml': { render: renderRss, contentType: RSS_CONTENT_TYPE },
  'feed.atom': { render: renderAtom, contentType: ATOM_CONTENT_TYPE },
  'feed.json': { render: renderJsonFeed, contentType: JSON_FEED_CONTENT_TYPE },
} as const

export type WatchFeedFile = keyof typeof WATCH_FEED_FORMATS

export function describeWatchFeed(ctx: AppContext, file: WatchFeedFile): (id: string) => DescribeAnswer {
  const format = WATCH_FEED_FORMATS[file]
  return (id) => (req) => {
    const config = ctx.getConfig()
    const watch = config.watches?.find((w) => w.id === id)
    if (watch === undefined) throw new HttpError(404, `no watch with id ${JSON.stringify(id.slice(0, 64))} in feeds.json`)
    const base = resolveBaseUrl(ctx, req)
    const selfUrl = `${base}${toWatchPath(watch.id)}/${file}`
    return {
      variant: `watch-feed\u0000${selfUrl}`,
      maxAgeSeconds: resolveCacheMaxAges(config).feedSeconds,
      render: async () => {
        const items = await ctx.store.alerts.listWatchItems(watch.id, WATCH_ITEMS)
        const configured = indexConfigSources(config)
        const sourceOf = (sourceId: string, title: string): ExportSourceInfo => {
          const source = configured.get(sourceId)
          return {
            id: sourceId,
            title: source?.title ?? title,
            url: source?.url ?? '',
            homepage: source?.homepage ?? null,
            republish: source?.republish ?? 'full',
          }
        }
        const newest = findNewestItemDate(items)
        const feed: ExportFeed = {
          title: `breachwire watch: ${watch.title}`,
          description: `Reports matching ${describeWatchFilter(watch)}.`,
          selfUrl,
          homeUrl: `${base}${toWatchPath(watch.id)}`,
          updated: newest ?? EPOCH,
          entries: items.map((item) => buildReportEntry(item, sourceOf(item.source.id, item.source.title), `${base}/`)),
        }
        return { body: format.render(feed), contentType: format.contentType, lastModified: newest }
      },
    }
  }
}
