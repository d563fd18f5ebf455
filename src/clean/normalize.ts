// ParsedFeed → NormalizedItem[]: every field made clean, absolute and UTC.

import { hashFields } from '../lib/hash.js'
import { cleanUrl, isHttpUrl, resolveUrl } from '../lib/url.js'
import type { DropReason, FeedSource, NormalizedItem, NormalizeResult, ParsedFeed, ParsedItem } from '../types.js'
import { normalizeAuthor } from './author.js'
import { normalizeCategories } from './categories.js'
import { normalizeDates } from './dates.js'
import { createTextCollector, extractHtmlText } from './html-text.js'
import { computeIdentityKey } from './identity.js'
import { sanitizeContent } from './sanitize.js'
import { summarizeText } from './summary.js'
import { deriveFallbackTitle, normalizeTitle } from './title.js'
import { stripBadCodeUnits } from './unicode.js'

export interface NormalizeContext {
  /** The URL the feed was fetched from (after redirects): the last base for relative links. */
  feedUrl: string
  now: Date
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

/** The item's own absolute link, else its guid when that is an http(s) URL, else undefined. */
function pickItemUrl(item: ParsedItem, base: string): string | undefined {
  const fromLink = cleanUrl(nonEmpty(item.link), base)
  if (fromLink !== undefined) return fromLink
  const guid = nonEmpty(item.guid)?.trim()
  return guid !== undefined && isHttpUrl(guid) ? cleanUrl(guid) : undefined
}

/** true when the item carries no link at all (as opposed to one that is there but unusable). */
function hasNoLink(item: ParsedItem): boolean {
  return nonEmpty(item.link) === undefined
}

/** Where an item without a link of its own points: the feed's home page, else the source's, else the feed URL. */
function pickFallbackUrl(feed: ParsedFeed, source: FeedSource, feedUrl: string): string | undefined {
  return cleanUrl(nonEmpty(feed.homepage), feedUrl) ?? cleanUrl(nonEmpty(source.homepage), feedUrl) ?? cleanUrl(feedUrl)
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

interface FeedScope {
  sourceId: string
  /** The feed's home page, absolute: the base for relative item links. */
  homepage: string | undefined
  /** The URL given to items that have no link of their own. */
  fallbackUrl: string | undefined
  collidingGuids: ReadonlySet<string>
}

function normalizeOne(item: ParsedItem, scope: FeedScope, ctx: NormalizeContext): NormalizedItem | DropReason {
  const xmlBase = resolveUrl(nonEmpty(item.baseUrl), ctx.feedUrl)
  // A relative link resolves against the item's xml:base, else the feed's home page, else the feed URL.
  const ownUrl = pickItemUrl(item, xmlBase ?? scope.homepage ?? ctx.feedUrl)
  // An item with no link at all (and no http guid) is still an item (contract: "without either,
  // when title + date match"); it points at the home page. A link that is there but unusable
  // (javascript:, mailto:, garbage) still drops the item.
  const linkless = ownUrl === undefined && hasNoLink(item)
  const url = ownUrl ?? (linkless ? scope.fallbackUrl : undefined)
  if (url === undefined) return 'unusable_link'

  const guid = stripBadCodeUnits(nonEmpty(item.guid)?.trim() ?? '').trim() || null
  // The content (else the summary) is sanitized in one tokenizer pass that also yields its text:
  // the summary's text when the summary is that same HTML, or when the summary shows no text.
  const summaryHtml = nonEmpty(item.summary)
  const contentSource = nonEmpty(item.content) ?? summaryHtml
  const contentText = createTextCollector()
  // Relative links inside the content are relative to the item's page unless xml:base says otherwise.
  const contentHtml = sanitizeContent(contentSource, xmlBase ?? url, contentText)
  const ownSummaryText = summaryHtml !== undefined && summaryHtml !== contentSource ? extractHtmlText(summaryHtml) : ''
  const summaryText = summarizeText(ownSummaryText || contentText.text())
  const ownTitle = normalizeTitle(item)
  // Kept whenever something identifies it (a reader shows it): its link, its guid, a title or a summary.
  if (linkless && guid === null && ownTitle === '' && summaryText === '') return 'unidentifiable'
  const title = ownTitle || deriveFallbackTitle(summaryText, url)
  const dates = normalizeDates(item, ctx.now)
  const author = normalizeAuthor(item.author)
  const categories = normalizeCategories(item.categories)

  const identityKey = computeIdentityKey({
    guid: guid !== null && !scope.collidingGuids.has(guid) ? guid : undefined,
    // The home page stands in for a missing link but identifies nothing: title + date do.
    url: linkless ? undefined : url,
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
    sourceId: scope.sourceId,
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
    ...(item.facts !== undefined ? { facts: item.facts } : {}),
  }
}

/**
 * Normalizes every item of a feed for `source`. An item with no link at all (nor an http(s) guid
 * to stand in for one) gets the feed's home page (else the source's, else the feed URL) as its
 * url and is identified by its guid, else its title + date; it is dropped only when nothing
 * identifies it (no guid, title or summary either). An item without a title gets one from its
 * summary, else its URL. Items whose link is there but unusable (not http(s)) are dropped, as are
 * repeats of an identity already seen in this feed (the first one wins); every drop is counted in
 * `dropped` and by reason in `droppedBy`. No text field carries a lone surrogate or U+FFFE/U+FFFF.
 * Never throws on feed content.
 */
export function normalizeItems(feed: ParsedFeed, source: FeedSource, ctx: NormalizeContext): NormalizeResult {
  const run = startNormalizing(feed, source, ctx)
  for (const item of run.items) run.add(item)
  return run.result
}

/**
 * normalizeItems, awaiting `pace` after each item (the poller's lib/pace.ts): thousands of items
 * are seconds of work, and the web server shares the event loop with the poller under `start`.
 */
export async function normalizeItemsPaced(
  feed: ParsedFeed,
  source: FeedSource,
  ctx: NormalizeContext,
  pace: () => Promise<void>,
): Promise<NormalizeResult> {
  const run = startNormalizing(feed, source, ctx)
  for (const item of run.items) {
    run.add(item)
    await pace()
  }
  return run.result
}

/** One feed's normalization, fed one item at a time; `result` fills as items are added. */
function startNormalizing(feed: ParsedFeed, source: FeedSource, ctx: NormalizeContext) {
  const items: unknown[] = Array.isArray(feed.items) ? feed.items : []
  const scope: FeedScope = {
    sourceId: source.id,
    homepage: resolveUrl(nonEmpty(feed.homepage), ctx.feedUrl),
    fallbackUrl: pickFallbackUrl(feed, source, ctx.feedUrl),
    collidingGuids: findCollidingGuids(items.filter(isParsedItem)),
  }
  const seen = new Set<string>()
  const result: NormalizeResult = { items: [], dropped: 0, droppedBy: {} }
  const add = (item: unknown): void => {
    const normalized = isParsedItem(item) ? normalizeOne(item, scope, ctx) : 'not_an_item'
    if (typeof normalized === 'string' || seen.has(normalized.identityKey)) {
      const reason: DropReason = typeof normalized === 'string' ? normalized : 'duplicate'
      result.dropped++
      result.droppedBy[reason] = (result.droppedBy[reason] ?? 0) + 1
      return
    }
    seen.add(normalized.identityKey)
    result.items.push(normalized)
  }
  return { items, add, result }
}
