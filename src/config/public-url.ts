// The public base URL of the web server (`https://news.example`, or `https://example.org/news`
// behind a proxy that serves it under a path): what feeds' self links, OPML and every absolute
// URL the server writes start with. From --public-url, else BREACHWIRE_PUBLIC_URL, else
// settings.publicUrl; without any, the server uses the address it listens on, never the request's
// Host or X-Forwarded-* headers (a client could otherwise write into cached bodies, and fill the
// cache with one copy per Host).

/** The URL as the server uses it (no trailing slash), or the reason it is refused. */
export function parsePublicUrl(raw: string): { url: string } | { error: string } {
  let parsed: URL
  try {
    parsed = new URL(raw.trim())
  } catch {
    return { error: `not a URL: ${JSON.stringify(raw.slice(0, 80))}` }
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { error: `expected an http or https URL, got ${JSON.stringify(parsed.protocol.replace(/:$/, ''))}` }
  }
  if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '') {
    return { error: 'expected a base URL without credentials, query or fragment' }
  }
  return { url: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}` }
}

/** --public-url, else BREACHWIRE_PUBLIC_URL: the URL (none when neither is set), or an error naming the one that is wrong. */
export function resolvePublicUrlOption(flag: unknown, env: string | undefined): { url?: string } | { error: string } {
  const [raw, from] = typeof flag === 'string' ? [flag, '--public-url'] : [env, 'BREACHWIRE_PUBLIC_URL']
  if (raw === undefined || (from === 'BREACHWIRE_PUBLIC_URL' && raw.trim() === '')) return {}
  const parsed = parsePublicUrl(raw)
  return 'error' in parsed ? { error: `${from}: ${parsed.error}` } : parsed
}
