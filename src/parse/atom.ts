// Atom 1.0 and 0.3, adapted from feedsmith's Atom structure. feedsmith is the primary Atom reader:
// rss-parser throws on one bad date (RangeError from toISOString), rewrites dates to ISO, gives
// Atom 0.3 entries no date and scrambles type="xhtml" content (xml2js loses mixed-content order);
// feedsmith keeps raw dates, maps issued/modified onto published/updated and keeps xhtml markup.

import type { AtomFeed as FeedsmithAtom } from 'feedsmith'
import { parseAtomFeed } from 'feedsmith'
import type { ParsedFeed, ParsedItem } from '../types.js'
import { compactObject, escapeHtml, readFirstString, readString, readStringList } from './field.js'
import { reduceHtmlToText } from './html-text.js'
import { pickItemDates } from './item-dates.js'
import { resolveLink, resolveXmlBase } from './xml-base.js'

type AtomFeed = FeedsmithAtom.Feed<string>
/** feedsmith's Atom structure, as adaptAtomFeed reads it (the fast path builds one too). */
export type AtomFeedStructure = AtomFeed
type AtomEntry = NonNullable<AtomFeed['entries']>[number]
type AtomLink = NonNullable<AtomEntry['links']>[number]
interface AtomText {
  value?: string
  type?: string
  src?: string
  xml?: { base?: string }
}

/** Parses an Atom document (already sanitized) with feedsmith; throws feedsmith's error. */
export function parseAtomDocument(xml: string, feedUrl: string): ParsedFeed {
  return adaptAtomFeed(parseAtomFeed<string>(xml), feedUrl)
}

export function adaptAtomFeed(feed: AtomFeed, feedUrl: string): ParsedFeed {
  const feedBase = feed.xml?.base
  const feedAuthor = readString(feed.authors?.[0]?.name)
  return compactObject({
    format: 'atom',
    title: readFeedTitle(readAtomTitle(feed.title)),
    homepage: resolveLink(pickAlternateLink(feed.links), resolveXmlBase(feedUrl, [feedBase])),
    items: (feed.entries ?? []).map((entry) => adaptAtomEntry(entry, feedUrl, feedBase, feedAuthor)),
  }) as ParsedFeed
}

function adaptAtomEntry(entry: AtomEntry, feedUrl: string, feedBase: string | undefined, feedAuthor: string | undefined): ParsedItem {
  const entryBases = [feedBase, entry.xml?.base]
  const base = resolveXmlBase(feedUrl, entryBases)
  const content = entry.content as AtomText | undefined
  const summary = entry.summary as AtomText | undefined
  const title = readAtomTitle(entry.title)
  return compactObject<ParsedItem>({
    guid: readString(entry.id),
    link: resolveLink(pickAlternateLink(entry.links), base),
    title: title?.title,
    titleType: title?.type,
    author: readFirstString(...(entry.authors ?? []).map((person) => person.name), feedAuthor),
    // feedsmith folds 0.3 issued and created into published, modified into updated.
    ...pickItemDates({
      published: [entry.published, ...(entry.dcterms?.issued ?? [])],
      updated: [entry.updated, ...(entry.dcterms?.modified ?? [])],
      dcDate: entry.dc?.dates ?? [],
      created: entry.dcterms?.created ?? [],
    }),
    summary: readAtomHtml(summary),
    content: readAtomHtml(content),
    categories: readStringList([
      ...(entry.categories ?? []).map((category) => readString(category.label) ?? category.term),
      ...(entry.dc?.subjects ?? []),
    ]),
    baseUrl: resolveXmlBase(feedUrl, [...entryBases, content?.xml?.base]),
  })
}

/** The feed's own title as text (ParsedFeed.title has no type). */
function readFeedTitle(title: { title: string; type: 'text' | 'html' } | undefined): string | undefined {
  if (!title) return undefined
  return title.type === 'html' ? reduceHtmlToText(title.title) || undefined : title.title
}

/** rel="alternate" (or no rel) preferred, text/html first; then any link. */
function pickAlternateLink(links: AtomLink[] | undefined): string | undefined {
  if (!links || links.length === 0) return undefined
  const alternates = links.filter((link) => (link.rel ?? 'alternate').trim().toLowerCase() === 'alternate')
  const html = alternates.find((link) => /html/i.test(link.type ?? 'text/html'))
  return readFirstString(html?.href, ...alternates.map((link) => link.href), ...links.map((link) => link.href))
}

function readAtomTitle(text: AtomText | undefined): { title: string; type: 'text' | 'html' } | undefined {
  const value = readString(text?.value)
  if (value === undefined) return undefined
  return { title: value, type: isHtmlType(text?.type) ? 'html' : 'text' }
}

/** Atom text constructs → HTML: html/xhtml as is, text escaped. Out-of-line content (src) has none. */
function readAtomHtml(text: AtomText | undefined): string | undefined {
  const value = readString(text?.value)
  if (value === undefined || text?.src) return undefined
  return isHtmlType(text?.type) ? value : escapeHtml(value)
}

/** html, xhtml, and Atom 0.3's MIME types (text/html, application/xhtml+xml). */
function isHtmlType(type: string | undefined): boolean {
  const clean = type?.trim().toLowerCase() ?? 'text'
  return clean === 'html' || clean === 'xhtml' || clean.includes('html')
}
