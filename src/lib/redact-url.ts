// Source URLs with secrets in them: `https://alice:s3cr3t@host/feed?token=abc` is how many
// private feeds (Miniflux, FreshRSS, GitLab, Jira, S3 presigned links) authenticate. The fetcher
// needs the real URL; everything that shows or exports one (pages, API, /opml, feeds, logs)
// shows `https://***@host/feed?token=***` instead. Pure, never throws.

/** Query or fragment parameter names (lowercase) whose values are credentials. */
const SECRET_NAMES = new Set([
  'token',
  'key',
  'apikey',
  'api_key',
  'api-key',
  'secret',
  'password',
  'passwd',
  'pwd',
  'pass',
  'sig',
  'signature',
  'auth',
  'authorization',
  'access_token',
  'accesstoken',
  'session',
  'sessionid',
  'sid',
  'jwt',
  'private_token',
  'credential',
  'credentials',
])

/** …_token, x-amz-signature, client_secret, feed.key, session_id, …: a secret word as the name's last part. */
const SECRET_SUFFIX = /(?:^|[_.-])(?:token|key|secret|password|passwd|sig|signature|auth|session|credential|sessionid|session_id)$/i

export const REDACTED = '***'

/** true when a query parameter name is one whose value is a credential. */
export function isSecretParam(name: string): boolean {
  let decoded = name
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '))
  } catch {
    // a malformed escape: judge the raw name
  }
  const lower = decoded.trim().toLowerCase()
  return SECRET_NAMES.has(lower) || SECRET_SUFFIX.test(lower)
}

/** `a=1&token=x` → `a=1&token=***`, keeping every other byte as it was. */
function redactParams(params: string): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      if (eq < 0) return pair
      return isSecretParam(pair.slice(0, eq)) && eq < pair.length - 1 ? `${pair.slice(0, eq + 1)}${REDACTED}` : pair
    })
    .join('&')
}

// scheme://userinfo@, up to the authority's last '@' (a password may hold one), as URL parsers read it.
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i

/**
 * `url` with its userinfo replaced by `***` and the values of credential-like query and fragment
 * parameters by `***`; anything else unchanged, byte for byte. Not a URL: returned as it is, but
 * for a userinfo-looking prefix.
 */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf('#')
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt)
  const fragment = hashAt < 0 ? '' : url.slice(hashAt + 1)
  const queryAt = beforeHash.indexOf('?')
  const base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt)
  const query = queryAt < 0 ? undefined : beforeHash.slice(queryAt + 1)
  let out = base.replace(USERINFO, `$1${REDACTED}@`)
  if (query !== undefined) out += `?${redactParams(query)}`
  if (hashAt >= 0) out += `#${fragment.includes('=') ? redactParams(fragment) : fragment}`
  return out
}

/** true when redactUrl would change `url`: it carries credentials. */
export function hasCredentials(url: string): boolean {
  return redactUrl(url) !== url
}

// An absolute http(s) URL inside free text (an error message), up to whitespace or a quote, and
// not ending in the punctuation of the sentence around it.
// A backslash ends it too, so a URL inside a JSON string never swallows an escaped quote.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>\\]*[^\s"'<>\\).,;:!?\]]/gi

/** Every http(s) URL inside `text` (an error message, a log line) redacted. */
export function redactUrlsInText(text: string): string {
  return text.includes('://') ? text.replace(URL_IN_TEXT, (url) => redactUrl(url)) : text
}
