// ParsedFeed → NormalizedItem[]: every field made clean, absolute and UTC.

import type { FeedSource, NormalizedItem, NormalizeResult, ParsedFeed, ParsedItem } from '../types.js'
import { hashFields } from '../lib/hash.js'
import { cleanUrl, isHttpUrl, resolveUrl } from '../lib/url.js'
import { normalizeAuthor } from './author.js'
import { normalizeCategories } from './categories.js'
import { normalizeDates } from './dates.js'
import { computeIdentityKey } from './identity.js'
import { sanitizeContent } from './sanitize.js'
import { summarizeItem } from './summary.js'
import { deriveFallbackTitle, normalizeTitle } from './title.js'

export interface NormalizeContext {
  /** The URL the feed was fetched from (after redirects): the last base for relative links. */
  feedUrl: string
  now: Date
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

/** The base for an item's relative link: its xml:base, else the feed's home page, else the feed URL. */
function pickLinkBase(item: ParsedItem, homepage: string | undefined, feedUrl: string): string {
  return resolveUrl(nonEmpty(item.baseUrl), feedUrl) ?? homepage ?? feedUrl
}

/** The item's own absolute link, else its guid when that is an http(s) URL, else undefined. */
function pickItemUrl(item: ParsedItem, base: string): string | undefined {
  const fromLink = cleanUrl(nonEmpty(item.link), base)
  if (fromLink !== undefined) return fromLink
  const guid = nonEmpty(item.guid)?.trim()
  return guid !== undefined && isHttpUrl(guid) ? cleanUrl(guid) : undefined
}

function isParsedItem(value: unknown): value is ParsedItem {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Guids that several items of this feed carry with different links: they identify nothing. */
function findCollidingGuids(items: readonly ParsedItem[]): Set<string> {
  const linkByGuid = new Map<string, string>()
  const colliding = new Set<string>()
  for (const item of items) {
    const guid = nonEmpty(item.guid)?.trim()
    if (guid === undefined) continue
    const link = nonEmpty(item.link)?.trim() ?? ''
    const seen = linkByGuid.get(guid)
    if (seen === undefined) linkByGuid.set(guid, link)
    else if (seen !== link) colliding.add(guid)
  }
  return colliding
}

function normalizeOne(
  item: ParsedItem,
  sourceId: string,
  homepage: string | undefined,
  ctx: NormalizeContext,
  collidingGuids: ReadonlySet<string>,
): NormalizedItem | undefined {
  const url = pickItemUrl(item, pickLinkBase(item, homepage, ctx.feedUrl))
  if (url === undefined) return undefined

  const guid = nonEmpty(item.guid)?.trim() ?? null
  const summaryText = summarizeItem(nonEmpty(item.summary), nonEmpty(item.content))
  const title = normalizeTitle(item) || deriveFallbackTitle(summaryText, url)
  const dates = normalizeDates(item, ctx.now)
  const author = normalizeAuthor(item.author)
  const categories = normalizeCategories(item.categories)
  // Relative links inside the content are relative to the item's page unless xml:base says otherwise.
  const contentBase = resolveUrl(nonEmpty(item.baseUrl), ctx.feedUrl) ?? url
  const contentHtml = sanitizeContent(nonEmpty(item.content) ?? nonEmpty(item.summary), contentBase)

  const identityKey = computeIdentityKey({
    guid: guid !== null && !collidingGuids.has(guid) ? guid : undefined,
    url,
    title,
    rawDate: nonEmpty(item.published) ?? nonEmpty(item.updated),
  })
  const contentHash = hashFields([
    title,
    url,
    author,
    dates.dateIsFallback ? null : dates.publishedAt,
    dates.updatedAt,
    summaryText,
    contentHtml,
    categories.join('\u001f'),
  ])

  return {
    sourceId,
    identityKey,
    guid,
    url,
    title,
    author,
    publishedAt: dates.publishedAt,
    dateIsFallback: dates.dateIsFallback,
    updatedAt: dates.updatedAt,
    summaryText,
    contentHtml,
    categories,
    contentHash,
  }
}

/**
 * Normalizes every item of a feed for `source`. Items without a usable http(s) link (nor an
 * http(s) guid to stand in for one) are dropped, as are repeats of an identity already seen in
 * this feed (the first one wins); both are counted in `dropped`. Never throws on feed content.
 */
export function normalizeItems(feed: ParsedFeed, source: FeedSource, ctx: NormalizeContext): NormalizeResult {
  const homepage = resolveUrl(nonEmpty(feed.homepage), ctx.feedUrl)
  const items: unknown[] = Array.isArray(feed.items) ? feed.items : []
  const collidingGuids = findCollidingGuids(items.filter(isParsedItem))
  const seen = new Set<string>()
  const out: NormalizedItem[] = []
  let dropped = 0
  for (const item of items) {
    const normalized = isParsedItem(item) ? normalizeOne(item, source.id, homepage, ctx, collidingGuids) : undefined
    if (normalized === undefined || seen.has(normalized.identityKey)) {
      dropped++
      continue
    }
    seen.add(normalized.identityKey)
    out.push(normalized)
  }
  return { items: out, dropped }
}
