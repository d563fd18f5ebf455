// The HTTP Content-Location header as the document's base URI (RFC 3986 §5.1.2, as feedparser
// reads it): relative links outside any xml:base resolve against it rather than the fetched URL.

import type { ParsedFeed } from '../types.js'
import { resolveLink } from './xml-base.js'

/** `feed` with its home page and item links resolved against the Content-Location base (xml:base still wins). */
export function applyContentLocation(feed: ParsedFeed, contentLocation: string | undefined, documentUrl: string): ParsedFeed {
  const base = resolveLink(contentLocation?.trim() || undefined, documentUrl)
  if (base === undefined || !/^https?:/i.test(base)) return feed
  return {
    ...feed,
    homepage: resolveLink(feed.homepage, base),
    items: feed.items.map((item) => {
      const itemBase = item.baseUrl ?? base
      return { ...item, link: resolveLink(item.link, itemBase), baseUrl: itemBase }
    }),
  }
}
