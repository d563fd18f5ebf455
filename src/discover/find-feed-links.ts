// The feeds a web page announces: <link rel="alternate" type="application/rss+xml" href="…">
// (RSS, Atom, RDF, JSON Feed), hrefs resolved against <base href> and the page URL.

import { load } from 'cheerio'
import { resolveUrl } from '../lib/url.js'

/** The link types that announce a feed, lowercase, parameters removed. */
const feedTypes = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
  'application/x.atom+xml',
  'application/x-atom+xml',
  'application/x-rss+xml',
  'text/xml',
  'application/xml',
])

/** Links tried at most per page (a hostile page could list thousands). */
const maxLinks = 10

export interface FeedLink {
  url: string
  title?: string
  type: string
}

/** true when a link's title or URL says it is a comments feed (those are listed last). */
function isCommentsFeed(link: FeedLink): boolean {
  return /comment/i.test(link.title ?? '') || /\/comments\/feed\/?$|[?&]feed=comments/i.test(link.url)
}

/**
 * The feeds a page links to, in document order with comment feeds last, each URL once, at most 10.
 * Never throws; a page without any gives [].
 */
export function findFeedLinks(html: string, pageUrl: string): FeedLink[] {
  const $ = load(html)
  const base = resolveUrl($('base[href]').first().attr('href'), pageUrl) ?? pageUrl
  const links: FeedLink[] = []
  const seen = new Set<string>()
  $('link[href], a[rel][href]').each((_, el) => {
    const node = $(el)
    const rel = (node.attr('rel') ?? '').toLowerCase().split(/\s+/)
    if (!rel.includes('alternate') && !rel.includes('feed')) return
    const type = (node.attr('type') ?? '').toLowerCase().split(';')[0]?.trim() ?? ''
    if (!feedTypes.has(type)) return
    const url = resolveUrl(node.attr('href'), base)
    if (url === undefined || seen.has(url)) return
    seen.add(url)
    const title = node.attr('title')?.trim()
    links.push(title ? { url, title, type } : { url, type })
  })
  return [...links.filter((l) => !isCommentsFeed(l)), ...links.filter(isCommentsFeed)].slice(0, maxLinks)
}
