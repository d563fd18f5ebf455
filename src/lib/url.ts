// URL helpers shared by clean, dedup and server. Pure, never throw: a URL that cannot be
// made into an absolute http(s) URL is `undefined`.

/** Query parameter names that only track the reader (compared lowercase). */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'hsctatracking',
  'igshid',
  'yclid',
  'ref_src',
  'ref_url',
  '__twitter_impression',
  'wt_mc',
  'wt.mc_id',
  'wt.mc_ev',
  'mkt_tok',
  '_ga',
  '_gl',
  'xtor',
  'ncid',
  'cmpid',
  'sr_share',
  'at_medium',
  'at_campaign',
  'at_custom1',
  'at_custom2',
  'at_custom3',
  'at_custom4',
  'twclid',
  'ttclid',
  'li_fat_id',
  'rb_clickid',
  's_kwcid',
  'ef_id',
  'soc_src',
  'soc_trk',
])

/** Name prefixes of tracking parameters (utm_source, oly_enc_id, vero_id, pk_campaign, …). */
const TRACKING_PREFIXES = ['utm_', 'oly_', 'vero_', '__hs', 'pk_', 'mtm_', 'matomo_', 'piwik_']

/** true when a query parameter name is a known tracking parameter. */
export function isTrackingParam(name: string): boolean {
  const key = name.toLowerCase()
  if (TRACKING_PARAMS.has(key)) return true
  return TRACKING_PREFIXES.some((prefix) => key.startsWith(prefix))
}

function parseAbsolute(href: string, base?: string): URL | undefined {
  if (base !== undefined && base !== '') {
    try {
      return new URL(href, base)
    } catch {
      // a bad base: the href may still be absolute on its own
    }
  }
  try {
    return new URL(href)
  } catch {
    // A protocol-relative href with no base to lend a scheme.
    if (href.startsWith('//')) {
      try {
        return new URL(`https:${href}`)
      } catch {
        return undefined
      }
    }
    return undefined
  }
}

function isHttpProtocol(url: URL): boolean {
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
}

/**
 * `href` made absolute against `base`, as long as it ends up http(s).
 * javascript:, data:, vbscript:, file:, mailto: and anything unparseable give undefined.
 * Obfuscations like tabs or newlines inside the scheme are handled as browsers do (WHATWG URL).
 */
export function resolveUrl(href: string | null | undefined, base?: string): string | undefined {
  if (typeof href !== 'string') return undefined
  const trimmed = href.trim()
  if (trimmed === '' || trimmed.length > 8192) return undefined
  const url = parseAbsolute(trimmed, base)
  if (url === undefined || !isHttpProtocol(url)) return undefined
  return url.href
}

/** true when `value` is an absolute http(s) URL. */
export function isHttpUrl(value: string | null | undefined): boolean {
  if (typeof value !== 'string' || value.trim() === '') return false
  try {
    return isHttpProtocol(new URL(value.trim()))
  } catch {
    return false
  }
}

function safeDecode(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** Drops tracking parameters from a query string (without '?'), keeping the others as written and in order. */
function stripTrackingQuery(query: string): string {
  if (query === '') return ''
  const kept: string[] = []
  for (const part of query.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const name = safeDecode(eq === -1 ? part : part.slice(0, eq))
    if (!isTrackingParam(name)) kept.push(part)
  }
  return kept.join('&')
}

/** A fragment that is only tracking (`#xtor=RSS-1`, `#utm_source=feed`) is dropped. */
function isTrackingFragment(hash: string): boolean {
  const body = hash.replace(/^#/, '')
  if (body === '' || !body.includes('=')) return false
  return body.split('&').every((part) => part === '' || isTrackingParam(safeDecode(part.split('=')[0] ?? '')))
}

function cleanParsed(url: URL): string {
  const query = url.search.replace(/^\?/, '')
  const search = stripTrackingQuery(query)
  // Setting search re-parses the URL: only when something changed.
  if (search !== query) url.search = search === '' ? '' : `?${search}`
  if (url.hash !== '' && isTrackingFragment(url.hash)) url.hash = ''
  let href = url.href
  // URL keeps a bare '#' or '?' at the end; they mean nothing.
  if (href.endsWith('#')) href = href.slice(0, -1)
  if (href.endsWith('?')) href = href.slice(0, -1)
  return href
}

/**
 * Removes tracking parameters (utm_*, fbclid, gclid, …) from an absolute URL; other parameters keep
 * their spelling and order. A string that is not a URL comes back unchanged.
 */
export function stripTrackingParams(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url
  }
  return cleanParsed(parsed)
}

/**
 * The canonical form of a link as breachwire stores it: resolved against `base`, http(s) only,
 * tracking parameters removed, scheme and host lowercase, default port and empty fragment dropped.
 */
export function cleanUrl(href: string | null | undefined, base?: string): string | undefined {
  if (typeof href !== 'string') return undefined
  const trimmed = href.trim()
  if (trimmed === '' || trimmed.length > 8192) return undefined
  const url = parseAbsolute(trimmed, base)
  if (url === undefined || !isHttpProtocol(url)) return undefined
  // WHATWG URL already lowercases scheme and host and drops the default port.
  return cleanParsed(url)
}
