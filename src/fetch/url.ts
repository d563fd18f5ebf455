// The URLs a fetch may use: absolute http: or https: only. Messages show URLs without credentials.

import { FetchError } from '../errors.js'

/** Parses an absolute URL, or a Location relative to `base`; only http(s). Throws bad_url. */
export function parseFetchUrl(text: string, base?: URL): URL {
  let url: URL
  try {
    url = base ? new URL(text, base) : new URL(text)
  } catch (err) {
    const where = base ? ` (redirect from ${redactUrl(base)})` : ''
    throw new FetchError('bad_url', `fetch: not a valid URL: ${JSON.stringify(text.slice(0, 200))}${where}`, { cause: err })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const where = base ? ` (redirect from ${redactUrl(base)})` : ''
    throw new FetchError('bad_url', `fetch: only http and https URLs can be fetched, got ${url.protocol}${where}`, {
      url: redactUrl(url),
    })
  }
  url.hash = ''
  return url
}

/** The URL as text with any user:password removed, for messages and results shown to people. */
export function redactUrl(url: URL): string {
  if (url.username === '' && url.password === '') return url.href
  const copy = new URL(url.href)
  copy.username = ''
  copy.password = ''
  return copy.href
}
