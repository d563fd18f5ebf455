// A feed URL or a site URL → the feeds it leads to, each one fetched and parsed to prove it works.
//
//   fetch the URL ─ a feed? ─────────────────────────────→ [that feed]
//                 └ an HTML page → <link rel="alternate"> → the ones that parse
//                                 → none? the usual paths (/feed/, /rss.xml, …) → the ones that parse

import { FetchError, ParseError } from '../errors.js'
import { type FetchSourceOptions, fetchSource } from '../fetch/index.js'
import { canonicalizeUrl } from '../lib/canonical-url.js'
import { decodeBody, parseFeed } from '../parse/index.js'
import type { FetchResult, ParsedFeed } from '../types.js'
import { listCommonFeedUrls } from './common-paths.js'
import { DiscoverError, type RejectedCandidate } from './discover-error.js'
import { findFeedLinks } from './find-feed-links.js'
import { type DiscoveredFeed, summarizeFeed } from './summarize-feed.js'

export interface DiscoverOptions {
  fetch: FetchSourceOptions
  /** When to try the usual paths: only when the page announces no working feed (default), always, never. */
  probeCommonPaths?: 'fallback' | 'always' | 'never'
  /** Latest items kept per feed. Default 5. */
  previewSize?: number
  /** Candidate fetches at once. Default 3. */
  concurrency?: number
  now?: Date
}

type Fetched = Extract<FetchResult, { kind: 'fetched' }>

interface Candidate {
  url: string
  via: DiscoveredFeed['via']
}

/** The URL to keep for a fetched feed: where a permanent redirect moved it, else the one asked for. */
function resolveKeptUrl(result: FetchResult): string {
  return result.permanentRedirectTo ?? result.requestedUrl
}

async function fetchOnce(url: string, opts: FetchSourceOptions): Promise<Fetched> {
  const result = await fetchSource({ url, unconditional: true }, opts)
  if (result.kind !== 'fetched') {
    throw new FetchError('empty_body', `fetch: ${url} answered 304 Not Modified to a request without validators`, { url })
  }
  return result
}

async function parseFetched(result: Fetched): Promise<ParsedFeed> {
  const ctx = result.contentType === undefined ? { url: result.finalUrl } : { url: result.finalUrl, contentType: result.contentType }
  return parseFeed(result.body, ctx)
}

function describeFailure(err: unknown): string {
  if (err instanceof FetchError && err.code === 'http_status' && err.status !== undefined) return `HTTP ${err.status}`
  if (err instanceof Error) return err.message
  return String(err)
}

/**
 * The feeds `url` leads to, best first. Throws FetchError when the URL itself cannot be fetched,
 * DiscoverError('no_feed') when it answers but no candidate is a working feed.
 */
export async function discoverFeeds(url: string, opts: DiscoverOptions): Promise<DiscoveredFeed[]> {
  const now = opts.now ?? new Date()
  const previewSize = opts.previewSize ?? 5
  const page = await fetchOnce(url, opts.fetch)

  let pageError: ParseError
  try {
    const feed = await parseFetched(page)
    return [summarizeFeed(feed, { url: resolveKeptUrl(page), via: 'direct', fetchedFrom: page.finalUrl }, { now, previewSize })]
  } catch (err) {
    if (!(err instanceof ParseError)) throw err
    pageError = err
  }

  const isHtml = pageError.code === 'unrecognized_format' && /HTML/.test(pageError.message)
  const { text } = decodeBody(page.body, page.contentType)
  const links = isHtml ? findFeedLinks(text, page.finalUrl) : []
  // Candidates are fetched once per exact URL (/feed and /feed/ may differ: one can 404); results
  // are kept once per canonical URL (the same feed at both counts once).
  const seen = new Set<string>([page.finalUrl, page.requestedUrl])
  const rejected: RejectedCandidate[] = []
  const found: DiscoveredFeed[] = []

  const probeAll = async (candidates: Candidate[]): Promise<void> => {
    const fresh = candidates.filter((c) => {
      if (seen.has(c.url)) return false
      seen.add(c.url)
      return true
    })
    const results = await mapLimited(fresh, opts.concurrency ?? 3, async (c) => probeCandidate(c, opts.fetch, now, previewSize))
    results.forEach((r, i) => {
      const c = fresh[i] as Candidate
      if ('feed' in r) {
        if (!found.some((f) => canonicalizeUrl(f.url) === canonicalizeUrl(r.feed.url))) found.push(r.feed)
      } else rejected.push({ url: c.url, reason: r.reason })
    })
  }

  await probeAll(links.map((l) => ({ url: l.url, via: 'link' })))
  const mode = opts.probeCommonPaths ?? 'fallback'
  if (mode === 'always' || (mode === 'fallback' && found.length === 0)) {
    await probeAll(listCommonFeedUrls(page.finalUrl).map((u) => ({ url: u, via: 'guess' })))
  }
  if (found.length > 0) return found
  throw new DiscoverError('no_feed', describeNoFeed(url, pageError, links.length, rejected), rejected)
}

async function probeCandidate(
  c: Candidate,
  fetchOpts: FetchSourceOptions,
  now: Date,
  previewSize: number,
): Promise<{ feed: DiscoveredFeed } | { reason: string }> {
  try {
    const result = await fetchOnce(c.url, fetchOpts)
    const feed = await parseFetched(result)
    const kept = c.via === 'guess' ? result.finalUrl : resolveKeptUrl(result)
    return { feed: summarizeFeed(feed, { url: kept, via: c.via, fetchedFrom: result.finalUrl }, { now, previewSize }) }
  } catch (err) {
    if (err instanceof FetchError || err instanceof ParseError) return { reason: describeFailure(err) }
    throw err
  }
}

function describeNoFeed(url: string, pageError: ParseError, linkCount: number, rejected: RejectedCandidate[]): string {
  const what = /HTML/.test(pageError.message) ? 'is an HTML page' : `is not a feed (${pageError.message})`
  const announced =
    linkCount === 0 ? 'announces no feed (no <link rel="alternate">)' : `announces ${linkCount} feed link(s) that did not work`
  const shown = rejected.slice(0, 12).map((r) => `${r.url}: ${r.reason}`)
  const more = rejected.length > shown.length ? `; and ${rejected.length - shown.length} more` : ''
  return (
    `discover: no feed found for ${url}: it ${what} that ${announced}, and none of the usual feed URLs answered with a feed` +
    (shown.length > 0 ? ` (tried ${shown.join('; ')}${more})` : '')
  )
}

/** Runs fn over items, at most `limit` at once, results in input order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next
      next += 1
      results[i] = await fn(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return results
}
