// Whether a new report may lead its story on its own date (issue 14, story takeover). A source
// speaks for itself: a report whose link is on another site, or that claims a date far older than
// when it was first seen in a story that already exists, competes for the lead with the time it was
// first seen instead, so a hostile feed cannot backdate itself to the top of another source's story.
import { canonicalizeHost } from '../lib/canonical-url.js'
import type { FeedSource } from '../types.js'

/** A report dated more than this before it was first seen is backdated (feeds publish within hours). */
export const BACKDATE_LIMIT_HOURS = 48

export interface CredibilityInput {
  url: string
  publishedAt: string
  /** When the report was first seen (the poll that inserted it). */
  firstSeenAt: string
  /** true when it joins a story that already has a lead. */
  joinsStory: boolean
  /** false on a source's first successful fetch (its archive is legitimately old) and in replays of old reports. */
  checkDate: boolean
}

export function judgeCredibility(report: CredibilityInput, source: Pick<FeedSource, 'url' | 'homepage'>): boolean {
  const sites = [source.url, source.homepage].map(siteOf).filter((site) => site !== undefined)
  if (!sites.includes(siteOf(report.url) ?? '')) return false
  if (!report.joinsStory || !report.checkDate) return true
  const age = Date.parse(report.firstSeenAt) - Date.parse(report.publishedAt)
  return !(age > BACKDATE_LIMIT_HOURS * 3_600_000)
}

/**
 * The site a URL belongs to: its host's last two labels ("feeds.example.com" and
 * "www.example.com" are one site), three under a two-letter country code with a short second
 * level ("news.bbc.co.uk" → "bbc.co.uk"); an IP address is its own site.
 */
export function siteOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined
  let host: string
  try {
    host = canonicalizeHost(new URL(url).hostname)
  } catch {
    return undefined
  }
  if (/^[\d.]+$/.test(host) || host.includes(':')) return host
  const labels = host.split('.')
  const tld = labels.at(-1) ?? ''
  const second = labels.at(-2) ?? ''
  const keep = tld.length === 2 && second.length <= 3 && labels.length > 2 ? 3 : 2
  return labels.slice(-keep).join('.')
}
