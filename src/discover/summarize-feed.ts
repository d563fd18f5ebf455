// A parsed feed → what a person checks before subscribing: its title, format, how many items,
// and the latest few, normalized exactly as the poller would store them.

import { normalizeItems } from '../clean/index.js'
import { resolveUrl } from '../lib/url.js'
import type { FeedFormat, FeedSource, ParsedFeed } from '../types.js'

export interface FeedPreviewItem {
  title: string
  url: string
  /** UTC ISO date, or null when the feed gave none. */
  published: string | null
}

export interface DiscoveredFeed {
  /** The URL to subscribe to. */
  url: string
  /** How it was found: the URL itself, a <link rel="alternate"> of the page, or a usual path. */
  via: 'direct' | 'link' | 'guess'
  format: FeedFormat
  title?: string
  /** The site the feed belongs to (absolute http(s)), when known. */
  homepage?: string
  /** Items that would be stored (unusable ones left out). */
  itemCount: number
  /** Newest first, at most `previewSize`. */
  latestItems: FeedPreviewItem[]
}

/** A throwaway source for normalizing a preview (never stored). */
function previewSource(url: string): FeedSource {
  return { id: 'preview', url, type: 'feed', tags: [], enabled: true, republish: 'full' }
}

export function summarizeFeed(
  feed: ParsedFeed,
  found: { url: string; via: DiscoveredFeed['via']; fetchedFrom: string },
  opts: { now: Date; previewSize: number },
): DiscoveredFeed {
  const { items } = normalizeItems(feed, previewSource(found.url), { feedUrl: found.fetchedFrom, now: opts.now })
  const latest = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const ad = a.item.dateIsFallback ? '' : a.item.publishedAt
      const bd = b.item.dateIsFallback ? '' : b.item.publishedAt
      return ad === bd ? a.index - b.index : ad < bd ? 1 : -1
    })
    .slice(0, opts.previewSize)
    .map(({ item }) => ({ title: item.title, url: item.url, published: item.dateIsFallback ? null : item.publishedAt }))
  const out: DiscoveredFeed = { url: found.url, via: found.via, format: feed.format, itemCount: items.length, latestItems: latest }
  const title = feed.title?.replace(/\s+/g, ' ').trim()
  if (title) out.title = title
  const homepage = resolveUrl(feed.homepage, found.fetchedFrom)
  if (homepage !== undefined) out.homepage = homepage
  return out
}
