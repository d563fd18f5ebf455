// RSS 2.0 writer: ExportFeed → string. Namespaces: atom (self link), dc (creator), content (full HTML).
import type { ExportEntry, ExportFeed } from '../types.js'
import { renderEntryHtml, renderExcerpt } from './content.js'
import { formatRfc822 } from './dates.js'
import { renderAttributes, renderElement, wrapCdata } from './xml.js'

export const RSS_CONTENT_TYPE = 'application/rss+xml; charset=utf-8'

/** The feed as an RSS 2.0 document (UTF-8). */
export function renderRss(feed: ExportFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    '<channel>',
    renderElement('title', feed.title || 'breachwire'),
    renderElement('link', feed.homeUrl),
    renderElement('description', feed.description || feed.title || 'breachwire'),
    `<atom:link${renderAttributes({ href: feed.selfUrl, rel: 'self', type: 'application/rss+xml' })}/>`,
    renderElement('lastBuildDate', formatRfc822(feed.updated)),
    '<generator>breachwire</generator>',
    '<docs>https://www.rssboard.org/rss-specification</docs>',
    ...feed.entries.map(renderRssItem),
    '</channel>',
    '</rss>',
  ]
  return `${lines.filter((line) => line !== '').join('\n')}\n`
}

function renderRssItem(entry: ExportEntry): string {
  const parts = [
    renderElement('title', entry.title),
    renderElement('link', entry.url),
    // The upstream id is kept as found; it is not promised to be a URL, hence isPermaLink="false".
    renderElement('guid', entry.id, { isPermaLink: 'false' }),
    renderElement('pubDate', formatRfc822(entry.published ?? entry.updated)),
    renderElement('dc:creator', entry.author),
    ...entry.categories.map((name) => renderElement('category', name)),
    renderElement('source', entry.source.title || entry.source.id, { url: entry.source.url }),
    renderElement('description', renderExcerpt(entry.summary)),
    `<content:encoded>${wrapCdata(renderEntryHtml(entry))}</content:encoded>`,
  ]
  return `<item>\n${parts.filter((part) => part !== '').join('\n')}\n</item>`
}
