// The few typed errors of breachwire. Each carries a closed `code` so callers branch on it,
// and a message that starts with the module name ("fetch: …", "config: …").

export class ConfigError extends Error {
  override name = 'ConfigError'
  /** `feeds.json: sources[3].url: not a URL` style path, without the message. */
  readonly path: string
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(`${path}: ${message}`, options)
    this.path = path
  }
}

export type FetchErrorCode =
  | 'bad_url'
  | 'timeout'
  | 'tls'
  | 'dns'
  | 'connection'
  | 'http_status'
  | 'too_large'
  | 'too_many_redirects'
  | 'blocked_address'
  | 'empty_body'
  | 'aborted'

export class FetchError extends Error {
  override name = 'FetchError'
  readonly code: FetchErrorCode
  /** HTTP status when code is 'http_status'. */
  readonly status?: number
  /** Retry-After resolved to milliseconds from now, on 429/503. */
  readonly retryAfterMs?: number
  /** The URL that failed (after redirects). */
  readonly url?: string
  constructor(
    code: FetchErrorCode,
    message: string,
    extra: { status?: number; retryAfterMs?: number; url?: string; cause?: unknown } = {},
  ) {
    super(message.startsWith('fetch:') ? message : `fetch: ${message}`, { cause: extra.cause })
    this.code = code
    if (extra.status !== undefined) this.status = extra.status
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs
    if (extra.url !== undefined) this.url = extra.url
  }
}

export type ParseErrorCode = 'unrecognized_format' | 'malformed' | 'empty' | 'selector_empty'

export class ParseError extends Error {
  override name = 'ParseError'
  readonly code: ParseErrorCode
  constructor(code: ParseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message.startsWith('parse:') || message.startsWith('extract:') ? message : `parse: ${message}`, options)
    this.code = code
  }
}

export class StoreError extends Error {
  override name = 'StoreError'
  readonly code: 'busy' | 'readonly' | 'full' | 'corrupt' | 'io' | 'other'
  constructor(code: StoreError['code'], message: string, options?: { cause?: unknown }) {
    super(message.startsWith('store:') ? message : `store: ${message}`, options)
    this.code = code
  }
}

/** An error a route throws on purpose: its status and its public message go to the client. */
export class HttpError extends Error {
  override name = 'HttpError'
  readonly status: number
  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.status = status
  }
}

/** A short, single-line description of any thrown value, safe to store and show. */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof FetchError || err instanceof ParseError || err instanceof StoreError) {
    return { code: err.code, message: err.message }
  }
  if (err instanceof ConfigError) return { code: 'config', message: err.message }
  if (err instanceof Error) return { code: 'internal', message: err.message.split('\n')[0] ?? 'error' }
  return { code: 'internal', message: String(err) }
}

/** A query the caller wrote wrong (bad cursor, bad search syntax, bad limit). Routes turn it into a 400. */
export class BadQueryError extends Error {
  override name = 'BadQueryError'
}
