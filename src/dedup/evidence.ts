// NormalizedItem → StoryEvidence: what story matching looks at for one item.

import { extractFacts, type Facts } from '../facts/index.js'
import { canonicalizeUrl } from '../lib/canonical-url.js'
import type { FeedSource, NormalizedItem, StoryEvidence } from '../types.js'
import { encodeFactKeys } from './fact-evidence.js'
import { extractOutboundLinks, hostOf } from './outbound-links.js'
import { tokenizeTitle } from './title-tokens.js'

/**
 * Collect the matching evidence of one item: its canonical URL, the canonical links it cites (not
 * its own site, share buttons, tag pages, media or home pages), its normalized title tokens and
 * its fact keys (victims, record count, actors, official or not). Facts are `facts` when the caller
 * has them (the poller's facts step: a row's stated facts over extracted ones), else the row's own
 * stated facts, else extracted here.
 * Never throws; an item without usable content simply has no outbound links.
 */
export function collectEvidence(item: NormalizedItem, source: Pick<FeedSource, 'url' | 'homepage'>, facts?: Facts): StoryEvidence {
  const canonicalUrl = canonicalizeUrl(item.url)
  const ownHosts = unique([hostOf(item.url), hostOf(canonicalUrl), hostOf(source.homepage), hostOf(source.url)])
  const outboundLinks = extractOutboundLinks(item.contentHtml, item.url, ownHosts, canonicalUrl)
  const siteNames = ownHosts.map((h) => h.split('.').slice(0, -1).join('.') || h)
  return {
    canonicalUrl: isSitePage(canonicalUrl, source) ? noPermalinkKey(item) : canonicalUrl,
    outboundLinks,
    titleTokens: [
      ...tokenizeTitle(item.title, siteNames),
      ...encodeFactKeys(facts ?? item.facts ?? readFacts(item), item.facts?.origin === 'official'),
    ],
    publishedAt: item.publishedAt,
  }
}

function readFacts(item: NormalizedItem): Facts {
  return extractFacts({ title: item.title, summary: item.summaryText, content: item.contentHtml })
}

/**
 * An item without a link of its own gets the site's home page (or the feed URL) as its url. That
 * url says nothing about the story, and two such items must never match on it: the evidence then
 * carries a key that nothing else can equal.
 */
function isSitePage(canonicalUrl: string, source: Pick<FeedSource, 'url' | 'homepage'>): boolean {
  if (canonicalUrl === canonicalizeUrl(source.url)) return true
  if (source.homepage !== undefined && canonicalUrl === canonicalizeUrl(source.homepage)) return true
  try {
    return new URL(canonicalUrl).pathname === '/'
  } catch {
    return true
  }
}

function noPermalinkKey(item: NormalizedItem): string {
  return `urn:breachwire:no-permalink:${item.sourceId}:${item.identityKey}`
}

function unique(hosts: (string | null)[]): string[] {
  return [...new Set(hosts.filter((h): h is string => h !== null && h !== ''))]
}
