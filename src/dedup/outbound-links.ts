// The links an item cites: the articles and primary sources (court filings, regulator notices, the
// original report) in its content, canonicalized. Links back to the source's own site, share
// buttons, tag/category/author/feed pages, images and media, and bare home pages are left out.

import { Parser } from 'htmlparser2'
import { canonicalizeHost, canonicalizeUrl } from '../lib/canonical-url.js'

/** At most this many outbound links are kept per item. */
export const MAX_OUTBOUND_LINKS = 50

const SHARE_LINKS: [RegExp, RegExp][] = [
  [/^(twitter\.com|x\.com)$/, /^\/(intent|share|home)\b/],
  [/^facebook\.com$/, /^\/(sharer|share|dialog)/],
  [/^linkedin\.com$/, /^\/(sharearticle|shareArticle|share|cws\/share)/i],
  [/^reddit\.com$/, /^\/submit/],
  [/^(api\.whatsapp\.com|wa\.me|web\.whatsapp\.com|whatsapp\.com)$/, /./],
  [/^(t\.me|telegram\.me)$/, /^\/share/],
  [/^pinterest\.[a-z.]+$/, /^\/pin\/create/],
  [/^(news\.ycombinator\.com)$/, /^\/submitlink/],
  [/^(tumblr\.com)$/, /^\/(share|widgets\/share)/],
  [/^(bsky\.app)$/, /^\/intent/],
  [/^(mastodonshare\.com|toot\.kytta\.dev|addtoany\.com|sharethis\.com|getpocket\.com|buffer\.com|flipboard\.com)$/, /./],
]

const NAV_PATH =
  /\/(tag|tags|category|categories|author|authors|topic|topics|label|labels)(\/|$)|\/(feed|rss|atom)(\.xml)?$|\/(comments\/feed|wp-login\.php|wp-admin)\b|^\/(search|login|subscribe|newsletter|about|contact|privacy-policy)$/i
const MEDIA_FILE = /\.(jpe?g|png|gif|webp|svg|bmp|ico|avif|heic|tiff?|mp4|m4v|webm|mov|avi|mkv|mp3|m4a|wav|ogg|oga|flac|aac)$/i

/** The canonical host of a URL-ish string, or null. */
export function hostOf(url: string | undefined): string | null {
  if (!url) return null
  try {
    const u = new URL(url)
    return u.protocol === 'http:' || u.protocol === 'https:' ? canonicalizeHost(u.hostname) : null
  } catch {
    return null
  }
}

/** True when host is one of ownHosts or a subdomain of one. */
export function isOwnHost(host: string, ownHosts: string[]): boolean {
  return ownHosts.some((own) => host === own || host.endsWith(`.${own}`))
}

/** True for links that are not citations: share buttons, tag/feed pages, media, bare home pages. */
export function isNonCitation(canonical: string): boolean {
  let u: URL
  try {
    u = new URL(canonical)
  } catch {
    return true
  }
  const host = u.hostname
  const path = u.pathname
  if (path === '/' && u.search === '') return true
  if (SHARE_LINKS.some(([h, p]) => h.test(host) && p.test(path))) return true
  if (
    /^(twitter\.com|x\.com|facebook\.com|linkedin\.com|instagram\.com|youtube\.com|t\.me)$/.test(host) &&
    path.split('/').filter(Boolean).length <= 1
  )
    return true
  if (NAV_PATH.test(path)) return true
  if (MEDIA_FILE.test(path)) return true
  return false
}

/**
 * Canonical outbound links of an HTML fragment, in document order, deduplicated, capped.
 * Relative hrefs resolve against baseUrl. Never throws.
 */
export function extractOutboundLinks(html: string, baseUrl: string, ownHosts: string[], selfCanonical: string): string[] {
  if (!html || !/<a\b/i.test(html)) return []
  let hrefs: string[]
  try {
    hrefs = readAnchorHrefs(html)
  } catch {
    return []
  }
  const out: string[] = []
  const seen = new Set<string>([selfCanonical])
  for (const href of hrefs) {
    if (out.length >= MAX_OUTBOUND_LINKS) break
    const absolute = resolveHref(href, baseUrl)
    if (!absolute) continue
    const canonical = canonicalizeUrl(absolute)
    if (seen.has(canonical)) continue
    seen.add(canonical)
    const host = hostOf(canonical)
    if (!host || isOwnHost(host, ownHosts) || isNonCitation(canonical)) continue
    out.push(canonical)
  }
  return out
}

/**
 * The href of every <a> in document order, entities decoded: one streaming htmlparser2 pass (the
 * parser cheerio/slim builds its tree with, in the same HTML mode), no document tree.
 */
function readAnchorHrefs(html: string): string[] {
  const hrefs: string[] = []
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const href = attribs['href']
        if (name === 'a' && href !== undefined) hrefs.push(href)
      },
    },
    { decodeEntities: true },
  )
  parser.end(html)
  return hrefs
}

function resolveHref(href: string, baseUrl: string): string | null {
  const trimmed = href.trim()
  if (trimmed === '' || trimmed.startsWith('#')) return null
  try {
    const u = new URL(trimmed, baseUrl)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null
  } catch {
    return null
  }
}
