// The typed errors of breachwire. Every one extends BreachwireError and carries a closed `code`
// so callers branch on it (and describeError reports it as is), and a message that starts with
// the module name ("fetch: …", "config: …").

/** The base of every error breachwire throws on purpose: a stable `code` beside the message. */
export class BreachwireError<Code extends string = string> extends Error {
  override name = 'BreachwireError'
  readonly code: Code
  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

export class ConfigError extends BreachwireError<'config'> {
  override name = 'ConfigError'
  /** `feeds.json: sources[3].url: not a URL` style path, without the message. */
  readonly path: string
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('config', `${path}: ${message}`, options)
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

export class FetchError extends BreachwireError<FetchErrorCode> {
  override name = 'FetchError'
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
    super(code, message.startsWith('fetch:') ? message : `fetch: ${message}`, { cause: extra.cause })
    if (extra.status !== undefined) this.status = extra.status
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs
    if (extra.url !== undefined) this.url = extra.url
  }
}

export type ParseErrorCode = 'unrecognized_format' | 'malformed' | 'empty' | 'selector_empty'

export class ParseError extends BreachwireError<ParseErrorCode> {
  override name = 'ParseError'
  constructor(code: ParseErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message.startsWith('parse:') || message.startsWith('extract:') ? message : `parse: ${message}`, options)
  }
}

/** fenced: a poller's lease on the source was taken over by another poller, so its writes are refused. */
export type StoreErrorCode = 'busy' | 'readonly' | 'full' | 'corrupt' | 'io' | 'fenced' | 'other'

export class StoreError extends BreachwireError<StoreErrorCode> {
  override name = 'StoreError'
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message.startsWith('store:') ? message : `store: ${message}`, options)
  }
}

/** An error a route throws on purpose: its status and its public message go to the client. */
export class HttpError extends BreachwireError<'http'> {
  override name = 'HttpError'
  readonly status: number
  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super('http', message, options)
    this.status = status
  }
}

/** A query the caller wrote wrong (bad cursor, bad search syntax, bad limit). Routes turn it into a 400. */
export class BadQueryError extends BreachwireError<'bad_query'> {
  override name = 'BadQueryError'
  constructor(message: string, options?: { cause?: unknown }) {
    super('bad_query', message, options)
  }
}

/**
 * lastErrorCode (and the outcome's error code) of a source a 429/503 with Retry-After put on
 * hold: nextRunAt is when the server said to come back, and consecutiveFailures did not grow.
 * Here because the poller writes it and the pages read it.
 */
export const backingOffCode = 'backing_off'

/**
 * A short description of any thrown value, safe to store and show: our own errors keep their
 * code (a config error keeps every line: each is one problem); anything else is `internal`,
 * cut to its first line.
 */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof ConfigError) return { code: err.code, message: err.message }
  if (err instanceof BreachwireError) return { code: err.code, message: firstLine(err.message) }
  if (err instanceof Error) return { code: 'internal', message: firstLine(err.message) }
  return { code: 'internal', message: String(err) }
}

function firstLine(message: string): string {
  return message.split('\n')[0] || 'error'
}
