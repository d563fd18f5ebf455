// The canonical form of a URL, for MATCHING only (display keeps the raw link): one scheme, no
// www./m./amp. host prefix, no default port, fragment, tracking parameters, AMP variant, trailing
// slash or index page, sorted query, and known redirector wrappers unwrapped when the original is
// in the link itself. Never throws: a string that is not an http(s) URL comes back trimmed.

import { isTrackingParam as isSharedTrackingParam } from './url.js'

/** Redirector hosts whose original URL sits in a query parameter (host → parameter names). */
const REDIRECTOR_PARAMS: Record<string, string[]> = {
  'news.google.com': ['url'],
  'google.com': ['q', 'url'],
  'l.facebook.com': ['u'],
  'lm.facebook.com': ['u'],
  'facebook.com': ['u'],
  'l.messenger.com': ['u'],
  'l.instagram.com': ['u'],
  'out.reddit.com': ['url'],
  'youtube.com': ['q'],
  'linkedin.com': ['url'],
  'duckduckgo.com': ['uddg'],
  'href.li': [],
  'away.vk.com': ['to'],
  'safelinks.protection.outlook.com': ['url'],
  'nam02.safelinks.protection.outlook.com': ['url'],
  'nam12.safelinks.protection.outlook.com': ['url'],
  'eur01.safelinks.protection.outlook.com': ['url'],
  't.umblr.com': ['z'],
  'exit.sc': ['url'],
  'slack-redir.net': ['url'],
  'feedproxy.google.com': [],
  'feeds.feedburner.com': [],
}

/** Paths a redirector host must have for its parameter to count as a wrapped URL. */
const REDIRECTOR_PATHS: Record<string, RegExp> = {
  'google.com': /^\/url\/?$/,
  'facebook.com': /^\/l\.php$/,
  'youtube.com': /^\/redirect\/?$/,
  'linkedin.com': /^\/redir\/redirect\/?$/,
  'duckduckgo.com': /^\/l\/?$/,
}

// Dropped for MATCHING only (display keeps the raw link): the shared tracking list of lib/url plus
// a few more that are safe to ignore here (ref, share, rss, …); only what lib/url does not cover.
const MATCHING_EXACT = new Set([
  'ref',
  'referrer',
  'cmp',
  'ocid',
  's_cid',
  'spm',
  'ito',
  'smid',
  'smtyp',
  'guccounter',
  'guce_referrer',
  'guce_referrer_sig',
  'taid',
  'mbid',
  'rss',
  'feed_id',
  'share',
  'campaign_id',
  'icid',
  'trk',
  'trkcampaign',
  'ss_source',
  'ss_campaign_id',
  'ss_email_id',
  'ga_source',
  'ga_medium',
  'ga_campaign',
])

const MATCHING_PREFIXES = ['utm-', 'hmb_', 'at_', 'mc_', 'stm_', 'vgo_', 'ir_']

/** True for a (lowercased) parameter name that only tracks. */
function isTrackingParam(name: string): boolean {
  if (isSharedTrackingParam(name) || MATCHING_EXACT.has(name)) return true
  return MATCHING_PREFIXES.some((p) => name.startsWith(p))
}

const HOST_PREFIXES = ['www.', 'www2.', 'www3.', 'm.', 'mobile.', 'amp.']
const INDEX_PAGES = /\/(index|default)\.(html?|php|aspx?|shtml)$/i
const AMP_QUERY = new Set(['amp', 'outputtype', '_amp', 'usqp', 'amp_js_v', 'amp_gsa', 'amp_r'])
const MAX_UNWRAP = 3

/**
 * Canonicalize a URL for story matching.
 * @example canonicalizeUrl('http://WWW.Example.com/a/amp/?utm_source=x#top') // 'https://example.com/a'
 */
export function canonicalizeUrl(url: string): string {
  const raw = url.trim()
  let parsed = parseHttpUrl(raw)
  if (!parsed) return raw
  for (let i = 0; i < MAX_UNWRAP; i++) {
    const inner = unwrapRedirector(parsed)
    if (!inner) break
    parsed = inner
  }
  return renderCanonical(parsed)
}

function parseHttpUrl(raw: string): URL | null {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    return null
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
  if (!u.hostname) return null
  return u
}

/** The host without a trailing dot and without www./m./mobile./amp. when a real domain remains. */
export function canonicalizeHost(hostname: string): string {
  let host = hostname.toLowerCase().replace(/\.$/, '')
  for (let changed = true; changed; ) {
    changed = false
    for (const prefix of HOST_PREFIXES) {
      if (host.startsWith(prefix) && host.slice(prefix.length).includes('.')) {
        host = host.slice(prefix.length)
        changed = true
      }
    }
  }
  return host
}

function unwrapRedirector(u: URL): URL | null {
  const host = canonicalizeHost(u.hostname)
  // AMP cache: https://www-example-com.cdn.ampproject.org/c/s/www.example.com/path
  if (host.endsWith('.cdn.ampproject.org') || host === 'cdn.ampproject.org') {
    const m = /^\/(?:[cvi]\/)+(s\/)?(.+)$/.exec(u.pathname)
    if (m?.[2]) return parseHttpUrl(`${m[1] ? 'https' : 'http'}://${m[2]}${u.search}`)
    return null
  }
  // urldefense v3: https://urldefense.com/v3/__https://example.com/x__;!!abc
  if (host === 'urldefense.com' || host === 'urldefense.proofpoint.com') {
    const m = /^\/v3\/__(.+?)__;/.exec(u.pathname + u.search)
    if (m?.[1]) return parseHttpUrl(m[1])
    const legacy = u.searchParams.get('u')
    if (legacy) return decodeLegacyProofpoint(legacy)
    return null
  }
  const params = REDIRECTOR_PARAMS[host]
  if (!params) return null
  const pathRule = REDIRECTOR_PATHS[host]
  if (pathRule && !pathRule.test(u.pathname)) return null
  if (host === 'href.li') return parseHttpUrl(decodeSafely(u.search.slice(1)))
  if (host === 'feedproxy.google.com' || host === 'feeds.feedburner.com') {
    // /~r/Feed/~3/ID/<original URL> is recoverable only when the original is spelled out.
    const m = /^\/~r\/[^/]+\/~3\/[^/]+\/(https?(?::|%3A).+)$/i.exec(u.pathname)
    return m?.[1] ? parseHttpUrl(decodeSafely(m[1])) : null
  }
  for (const name of params) {
    const value = u.searchParams.get(name)
    if (value) {
      const inner = parseHttpUrl(value)
      if (inner) return inner
    }
  }
  return null
}

function decodeLegacyProofpoint(value: string): URL | null {
  return parseHttpUrl(decodeSafely(value.replace(/-/g, '%').replace(/_/g, '/')))
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

function renderCanonical(u: URL): string {
  const host = canonicalizeHost(u.hostname)
  const port = u.port === '' || u.port === '80' || u.port === '443' ? '' : `:${u.port}`
  const path = canonicalizePath(u.pathname)
  const query = canonicalizeQuery(u.searchParams)
  return `https://${host}${port}${path}${query}`
}

function canonicalizePath(pathname: string): string {
  let path = pathname.replace(/\/{2,}/g, '/')
  path = path.replace(INDEX_PAGES, '/')
  // AMP variants: a leading /amp/ segment, a trailing /amp segment, .amp.html and .amp suffixes.
  path = path.replace(/^\/amp(?=\/)/i, '')
  path = path.replace(/\/amp\/?$/i, '/')
  path = path.replace(/\.amp\.html?$/i, '.html')
  path = path.replace(/\.amp$/i, '')
  path = path.replace(/\/+$/, '')
  return path === '' ? '/' : path
}

function canonicalizeQuery(params: URLSearchParams): string {
  const kept: [string, string][] = []
  for (const [key, value] of params) {
    const lower = key.toLowerCase()
    if (isTrackingParam(lower)) continue
    if (AMP_QUERY.has(lower) && (lower !== 'outputtype' || value.toLowerCase() === 'amp')) continue
    kept.push([key, value])
  }
  if (kept.length === 0) return ''
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
  return `?${new URLSearchParams(kept).toString()}`
}
