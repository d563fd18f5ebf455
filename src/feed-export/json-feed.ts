// JSON Feed 1.1 writer: ExportFeed → string. Where an entry came from, and who else reported the
// story, travel in the `_breachwire` extension (JSON Feed §"Extensions": keys starting with "_").
import type { ExportEntry, ExportFeed } from '../types.js'
import { renderEntryHtml, renderExcerpt } from './content.js'
import { formatRfc3339 } from './dates.js'
import { stripIllegalXmlChars } from './xml.js'

export const JSON_FEED_CONTENT_TYPE = 'application/feed+json; charset=utf-8'

interface JsonFeedItem {
  id: string
  url: string
  title: string
  content_html: string
  summary?: string
  date_published?: string
  date_modified?: string
  authors?: { name: string }[]
  tags?: string[]
  _breachwire: {
    source: { id: string; title: string; url: string; homepage: string | null }
    also_reported_by: { source: { id: string; title: string }; url: string }[]
  }
}

/** The feed as a JSON Feed 1.1 document. */
export function renderJsonFeed(feed: ExportFeed): string {
  const doc = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title || 'breachwire',
    home_page_url: feed.homeUrl,
    feed_url: feed.selfUrl,
    description: feed.description,
    authors: [{ name: 'breachwire' }],
    items: feed.entries.map(renderJsonFeedItem),
  }
  // Lone surrogates would become \udXXX escapes that some parsers reject; drop them everywhere.
  return `${JSON.stringify(doc, (_key, value: unknown) => (typeof value === 'string' ? stripIllegalXmlChars(value) : value), 2)}\n`
}

function renderJsonFeedItem(entry: ExportEntry): JsonFeedItem {
  const summary = renderExcerpt(entry.summary)
  const published = formatRfc3339(entry.published)
  const modified = formatRfc3339(entry.updated)
  return {
    id: entry.id,
    url: entry.url,
    title: entry.title,
    content_html: renderEntryHtml(entry),
    ...(summary ? { summary } : {}),
    ...(published ? { date_published: published } : {}),
    ...(modified ? { date_modified: modified } : {}),
    ...(entry.author ? { authors: [{ name: entry.author }] } : {}),
    ...(entry.categories.length > 0 ? { tags: [...entry.categories] } : {}),
    _breachwire: {
      source: { id: entry.source.id, title: entry.source.title, url: entry.source.url, homepage: entry.source.homepage },
      also_reported_by: entry.alsoReportedBy.map(({ source, url }) => ({ source: { id: source.id, title: source.title }, url })),
    },
  }
}
