// Rendered answers, cached and served with HTTP validators.
//
// A body is rendered once per (route, normalized query, store generation, config) and kept in an
// LRU bounded in bytes (not entries: one feed of 200 items weighs as much as a hundred small
// answers) with its strong ETag (a hash of the bytes) and its Last-Modified; gzip and brotli
// variants are compressed on first demand and kept with it. Serving answers If-None-Match
// (list, weak comparison, `*`) and If-Modified-Since (only when If-None-Match is absent) with
// 304, and negotiates Content-Encoding (Vary: Accept-Encoding). Cache-Control max-age follows
// the poll schedule (resolveCacheMaxAges): nothing new can appear between two polls.
// A route may cache an error answer too (a reader page's 404 or 400, rendered once per
// generation like the rest): it is sent with its status, without validators, never as a 304.
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib'
import { measureShortestCronInterval } from '../lib/cron-interval.js'
import type { AppConfig } from '../types.js'

/** What a route renders: the bytes, their type, and the newest date they show (ISO), if any. */
export interface RenderedBody {
  body: string | Buffer
  contentType: string
  lastModified: string | null
  /** HTTP status; default 200. Anything else is cached but sent without validators. */
  status?: number
}

export type ContentCoding = 'br' | 'gzip' | 'identity'

export interface CachedBody {
  body: Buffer
  contentType: string
  status: number
  /** Strong validator over the identity bytes, quoted (`"…"`). */
  etag: string
  /** Whole seconds. */
  lastModified: Date
  /** The body in a coding, compressed on first use and then kept. */
  encode(coding: ContentCoding): Buffer
}

export interface ResponseCache {
  /**
   * The cached body for `key`, rendering it on a miss. `variant` is the key without the
   * generation part: it lets Last-Modified move forward when a variant's bytes change.
   * Requests that miss the same key while it renders share that one render.
   */
  getOrRender(key: string, variant: string, render: () => Promise<RenderedBody>): Promise<CachedBody>
  /** Whether a request for `key` would be answered without a render of its own (kept, or rendering now). */
  has(key: string): boolean
  /** Entries kept. */
  readonly size: number
  /** Bytes charged for the entries kept (see chargeFor), never above maxBytes. */
  readonly bytes: number
}

export interface ResponseCacheOptions {
  /** Bytes the kept entries may take, keys and compressed variants included. Default 32 MiB. */
  maxBytes?: number
  now?: () => Date
}

/** The default byte budget of one response cache. */
export const DEFAULT_CACHE_BYTES = 32 * 1024 * 1024

/**
 * What an entry is charged: its key (UTF-16) and body, and as much again for the gzip and brotli
 * variants it may grow (each smaller than the body for the text we serve), plus a fixed overhead.
 */
function chargeFor(key: string, body: Buffer): number {
  return 2 * key.length + 2 * body.length + 256
}

/** A Map kept in least-recently-used order whose values carry a byte charge, evicting past maxBytes. */
function createByteLru<V>(maxBytes: number) {
  const map = new Map<string, { value: V; bytes: number }>()
  let total = 0
  return {
    get(key: string): V | undefined {
      const found = map.get(key)
      if (found === undefined) return undefined
      map.delete(key)
      map.set(key, found)
      return found.value
    },
    set(key: string, value: V, bytes: number): void {
      const old = map.get(key)
      if (old !== undefined) {
        map.delete(key)
        total -= old.bytes
      }
      // An entry bigger than the whole budget is served but not kept.
      if (bytes > maxBytes) return
      map.set(key, { value, bytes })
      total += bytes
      for (const [oldest, entry] of map) {
        if (total <= maxBytes) break
        map.delete(oldest)
        total -= entry.bytes
      }
    },
    has: (key: string): boolean => map.has(key),
    get size() {
      return map.size
    },
    get bytes() {
      return total
    },
  }
}

/** Bodies smaller than this are sent as they are: compressing them saves nothing. */
const MIN_COMPRESS_BYTES = 512

export function createResponseCache(opts: ResponseCacheOptions = {}): ResponseCache {
  const maxBytes = opts.maxBytes ?? DEFAULT_CACHE_BYTES
  const now = opts.now ?? (() => new Date())
  const entries = createByteLru<CachedBody>(maxBytes)
  // Per variant: the last ETag served and its Last-Modified, so an unchanged body keeps its date
  // across generations and a changed one gets a later date even when no item date moved. Small
  // values, but a variant carries a query of up to 8 KB: an eighth of the budget.
  const history = createByteLru<{ etag: string; lastModified: Date }>(Math.ceil(maxBytes / 8))
  // Renders in progress: a burst of requests after a poll must not render one page fifty times.
  const rendering = new Map<string, Promise<CachedBody>>()

  return {
    async getOrRender(key, variant, render) {
      const hit = entries.get(key)
      if (hit) return hit
      let pending = rendering.get(key)
      if (pending === undefined) {
        pending = render().then((rendered) => keepRendered(key, variant, rendered))
        rendering.set(key, pending)
        // Settled either way: a failed render is tried again by the next request.
        void pending.then(
          () => rendering.delete(key),
          () => rendering.delete(key),
        )
      }
      return pending
    },
    has: (key) => entries.has(key) || rendering.has(key),
    get size() {
      return entries.size
    },
    get bytes() {
      return entries.bytes
    },
  }

  function keepRendered(key: string, variant: string, rendered: RenderedBody): CachedBody {
    const body = typeof rendered.body === 'string' ? Buffer.from(rendered.body, 'utf8') : rendered.body
    const etag = computeEtag(body)
    const status = rendered.status ?? 200
    const at = truncateToSeconds(now())
    if (status !== 200) {
      // No validators are sent with it, so it leaves the variant's Last-Modified history alone.
      const entry = createCachedBody(body, rendered.contentType, status, etag, at)
      entries.set(key, entry, chargeFor(key, body))
      return entry
    }
    const prev = history.get(variant)
    let lastModified: Date
    if (prev && prev.etag === etag) {
      lastModified = prev.lastModified
    } else {
      const shown = parseDate(rendered.lastModified)
      // Never in the future (a feed's bad clock), never before what was served before.
      let date = shown && shown.getTime() < at.getTime() ? truncateToSeconds(shown) : at
      // Changed bytes whose newest item is no newer (an edit, a merged story, a pruned item):
      // the change happened now, as far as a client holding the old date can tell.
      if (prev && date.getTime() <= prev.lastModified.getTime()) date = at
      lastModified = date
    }
    history.set(variant, { etag, lastModified }, 2 * variant.length + 128)
    const entry = createCachedBody(body, rendered.contentType, status, etag, lastModified)
    entries.set(key, entry, chargeFor(key, body))
    return entry
  }
}

function createCachedBody(body: Buffer, contentType: string, status: number, etag: string, lastModified: Date): CachedBody {
  let gzip: Buffer | undefined
  let br: Buffer | undefined
  return {
    body,
    contentType,
    status,
    etag,
    lastModified,
    encode(coding) {
      if (coding === 'gzip') return (gzip ??= gzipSync(body, { level: 6 }))
      if (coding === 'br') {
        return (br ??= brotliCompressSync(body, {
          params: {
            [zlibConstants.BROTLI_PARAM_QUALITY]: 5,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
            [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
          },
        }))
      }
      return body
    },
  }
}

/** `"<27 chars of base64url sha-256>"`: strong, over the bytes only. */
export function computeEtag(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
}

function parseDate(iso: string | null): Date | null {
  if (!iso) return null
  const t = Date.parse(iso)
  return Number.isFinite(t) ? new Date(t) : null
}

function truncateToSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000)
}

/** The ETag sent with a coding: distinct per representation, same opaque base. */
function etagFor(etag: string, coding: ContentCoding): string {
  return coding === 'identity' ? etag : `${etag.slice(0, -1)}-${coding === 'gzip' ? 'gz' : 'br'}"`
}

/** Whether an If-None-Match header matches (weak comparison; any coding of the same bytes). */
export function matchesIfNoneMatch(header: string, etag: string): boolean {
  const wanted = etag.slice(1, -1)
  for (const raw of header.split(',')) {
    const tag = raw.trim()
    if (tag === '*') return true
    const opaque = tag.replace(/^W\//, '')
    if (!opaque.startsWith('"') || !opaque.endsWith('"') || opaque.length < 2) continue
    const value = opaque.slice(1, -1).replace(/-(?:gz|br)$/, '')
    if (value === wanted) return true
  }
  return false
}

/** RFC 9110 §13.2.2: If-None-Match decides when present; If-Modified-Since only otherwise. */
export function isNotModified(req: IncomingMessage, etag: string, lastModified: Date): boolean {
  const method = req.method ?? 'GET'
  if (method !== 'GET' && method !== 'HEAD') return false
  const inm = req.headers['if-none-match']
  if (inm !== undefined) return matchesIfNoneMatch(inm, etag)
  const ims = req.headers['if-modified-since']
  if (ims === undefined) return false
  const since = Date.parse(ims)
  return Number.isFinite(since) && lastModified.getTime() <= since
}

/** The best coding the client accepts: br, then gzip, else identity. */
export function negotiateCoding(header: string | undefined, size: number): ContentCoding {
  if (!header || size < MIN_COMPRESS_BYTES) return 'identity'
  const q = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    let weight = 1
    for (const param of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(param)
      if (m) weight = Number(m[1])
    }
    if (name) q.set(name.trim(), Number.isFinite(weight) ? weight : 0)
  }
  const accepts = (name: string): boolean => (q.get(name) ?? q.get('*') ?? 0) > 0
  if (accepts('br')) return 'br'
  if (accepts('gzip') || (q.get('x-gzip') ?? 0) > 0) return 'gzip'
  return 'identity'
}

/** Feeds' max-age is the shortest poll interval, within these bounds (seconds); the API gets half. */
export const FEED_MAX_AGE_BOUNDS = { min: 60, max: 900 } as const

export interface CacheMaxAges {
  /** Feeds (RSS, Atom, JSON Feed): the shortest poll interval, 60–900 s. */
  feedSeconds: number
  /** The JSON API: half the feeds' (30–450 s), for tools that poll it. */
  apiSeconds: number
}

const maxAgesByConfig = new WeakMap<AppConfig, CacheMaxAges>()

/**
 * Cache-Control max-ages for a config: the shortest interval among the schedules of its enabled
 * sources (their own `schedule`, else settings.schedule; settings.schedule alone when none is
 * enabled), clamped to FEED_MAX_AGE_BOUNDS for feeds, half that for the API. Computed once per
 * config object (feeds.json edits give a new one).
 */
export function resolveCacheMaxAges(config: AppConfig): CacheMaxAges {
  let ages = maxAgesByConfig.get(config)
  if (ages === undefined) {
    const enabled = config.sources.filter((source) => source.enabled)
    const schedules = new Set(
      enabled.length > 0 ? enabled.map((source) => source.schedule ?? config.settings.schedule) : [config.settings.schedule],
    )
    let shortest: number | null = null
    for (const schedule of schedules) {
      const seconds = measureShortestCronInterval(schedule)
      if (seconds !== null && (shortest === null || seconds < shortest)) shortest = seconds
    }
    const { min, max } = FEED_MAX_AGE_BOUNDS
    const feedSeconds = Math.min(max, Math.max(min, shortest ?? min))
    ages = { feedSeconds, apiSeconds: Math.round(feedSeconds / 2) }
    maxAgesByConfig.set(config, ages)
  }
  return ages
}

export interface SendOptions {
  /** Cache-Control max-age in seconds. */
  maxAgeSeconds: number
}

/**
 * Sends a cached body (or a 304) with ETag, Last-Modified, Cache-Control and Vary. HEAD gets no
 * body. A cached error answer (status other than 200) goes out with its status and
 * `Cache-Control: no-store`, without validators.
 */
export function sendCached(req: IncomingMessage, res: ServerResponse, entry: CachedBody, opts: SendOptions): void {
  const coding = negotiateCoding(req.headers['accept-encoding'], entry.body.length)
  res.setHeader('Vary', 'Accept-Encoding')
  if (entry.status === 200) {
    res.setHeader('Cache-Control', `public, max-age=${opts.maxAgeSeconds}`)
    res.setHeader('ETag', etagFor(entry.etag, coding))
    res.setHeader('Last-Modified', entry.lastModified.toUTCString())
    if (isNotModified(req, entry.etag, entry.lastModified)) {
      res.statusCode = 304
      res.end()
      return
    }
  } else {
    res.setHeader('Cache-Control', 'no-store')
  }
  const bytes = entry.encode(coding)
  res.statusCode = entry.status
  res.setHeader('Content-Type', entry.contentType)
  if (coding !== 'identity') res.setHeader('Content-Encoding', coding)
  res.setHeader('Content-Length', bytes.length)
  if (req.method === 'HEAD') res.end()
  else res.end(bytes)
}
