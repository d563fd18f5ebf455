// The second reader: feedsmith, for documents rss-parser rejects (malformed XML it cannot read,
// truncated documents) or reads without items. feedsmith is lenient (fast-xml-parser, entities
// left unexpanded) and keeps whatever complete items it finds.

import type { RdfFeed as FeedsmithRdf, RssFeed as FeedsmithRss } from 'feedsmith'
import { parseFeed as parseAnyFeed } from 'feedsmith'
import type { ParsedFeed, ParsedItem } from '../types.js'
import { adaptAtomFeed } from './atom.js'
import { compactObject, readFirstString, readString, readStringList } from './field.js'
import { pickItemDates } from './item-dates.js'
import { resolveLink, resolveXmlBase } from './xml-base.js'

type RssFeed = FeedsmithRss.Feed<string>
type RdfFeed = FeedsmithRdf.Feed<string>
type RssItem = NonNullable<RssFeed['items']>[number]
type RdfItem = NonNullable<RdfFeed['items']>[number]

/** Parses any XML feed with feedsmith; throws feedsmith's error when it recognizes nothing. */
export function parseWithFeedsmith(xml: string, feedUrl: string): ParsedFeed {
  const parsed = parseAnyFeed<string>(xml)
  switch (parsed.format) {
    case 'atom':
      return adaptAtomFeed(parsed.feed, feedUrl)
    case 'rss':
      return adaptFeedsmithRss(parsed.feed, feedUrl)
    case 'rdf':
      return adaptFeedsmithRdf(parsed.feed, feedUrl)
    case 'json':
      throw new Error('feedsmith read the document as JSON Feed, not XML')
  }
}

function adaptFeedsmithRss(feed: RssFeed, feedUrl: string): ParsedFeed {
  const channelBase = feed.xml?.base
  const ttl = typeof feed.ttl === 'number' && feed.ttl > 0 ? feed.ttl : undefined
  return compactObject({
    format: 'rss',
    title: readString(feed.title),
    homepage: resolveLink(readString(feed.link), resolveXmlBase(feedUrl, [channelBase])),
    ttlMinutes: ttl,
    items: (feed.items ?? []).map((item) => adaptFeedsmithRssItem(item, feedUrl, channelBase)),
  }) as ParsedFeed
}

function adaptFeedsmithRssItem(item: RssItem, feedUrl: string, channelBase: string | undefined): ParsedItem {
  return compactObject<ParsedItem>({
    guid: readString(item.guid?.value),
    ...readSharedItemFields(item, resolveXmlBase(feedUrl, [channelBase, item.xml?.base])),
    author: readFirstString(...(item.dc?.creators ?? []), ...(item.authors ?? []).map((person) => person.name ?? person.email)),
    ...readDates(item, item.pubDate),
    categories: readStringList([...(item.categories ?? []).map((category) => category.name), ...(item.dc?.subjects ?? [])]),
  })
}

function adaptFeedsmithRdf(feed: RdfFeed, feedUrl: string): ParsedFeed {
  return compactObject({
    format: 'rdf',
    title: readString(feed.title),
    homepage: readString(feed.link),
    items: (feed.items ?? []).map((item) => adaptFeedsmithRdfItem(item, feedUrl)),
  }) as ParsedFeed
}

function adaptFeedsmithRdfItem(item: RdfItem, feedUrl: string): ParsedItem {
  return compactObject<ParsedItem>({
    guid: readString(item.rdf?.about),
    ...readSharedItemFields(item, resolveXmlBase(feedUrl, [item.xml?.base])),
    author: readFirstString(...(item.dc?.creators ?? [])),
    ...readDates(item, undefined),
    categories: readStringList(item.dc?.subjects ?? []),
  })
}

function readDates(item: RssItem | RdfItem, pubDate: string | undefined): Pick<ParsedItem, 'published' | 'updated'> {
  return pickItemDates({
    published: [pubDate, ...(item.dcterms?.issued ?? [])],
    updated: item.dcterms?.modified ?? [],
    dcDate: item.dc?.dates ?? [],
    created: item.dcterms?.created ?? [],
  })
}

/** What RSS and RDF items share: link, an HTML title, summary and content with rss.ts's precedence. */
function readSharedItemFields(item: RssItem | RdfItem, base: string | undefined): Partial<ParsedItem> {
  const media = 'media' in item ? item.media : undefined
  const groups = media?.groups ?? []
  const title = readFirstString(item.title, ...(item.dc?.titles ?? []), media?.title?.value, ...groups.map((group) => group.title?.value))
  const summary = readFirstString(
    item.description,
    ...(item.dc?.descriptions ?? []),
    'itunes' in item ? item.itunes?.summary : undefined,
    media?.description?.value,
    ...groups.map((group) => group.description?.value),
  )
  return {
    link: resolveLink(readString(item.link), base),
    title,
    titleType: title === undefined ? undefined : 'html',
    summary,
    content: readString(item.content?.encoded) ?? summary,
    baseUrl: base,
  }
}
