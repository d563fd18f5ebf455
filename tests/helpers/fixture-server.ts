// A loopback HTTP server for tests: 127.0.0.1 on a free port, per-path routes, static bodies and
// files that answer conditional GETs (304), and a count of the requests each path received.
//
//   const srv = await startFixtureServer()
//   srv.serveFile('/feed.xml', 'feeds/basic.xml', { contentType: 'application/rss+xml', etag: '"v1"' })
//   srv.route('/slow', async (req, res) => { ... })
//   ... fetch `${srv.url}/feed.xml` ...
//   expect(srv.hits('/feed.xml')).toBe(1)
//   expect(srv.requests('/feed.xml')[0]?.headers['if-none-match']).toBe('"v1"')
//   await srv.close()   // destroys open sockets, never hangs

import { readFile } from 'node:fs/promises'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import http from 'node:http'
import type { Socket } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export type FixtureHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>

/** tests/fixtures, the base for relative paths given to serveFile. */
export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures')

export interface ServeOptions {
  contentType?: string
  /** Sent as ETag; a matching If-None-Match gets 304. */
  etag?: string
  /** Sent as Last-Modified (an HTTP date); an If-Modified-Since at or after it gets 304. */
  lastModified?: string
  /** Status for a full answer. Default 200. */
  status?: number
  /** Extra response headers (Cache-Control, Retry-After, …), sent on 200 and 304 alike. */
  headers?: Record<string, string>
}

export interface RecordedRequest {
  method: string
  /** Path and query as received. */
  url: string
  headers: IncomingHttpHeaders
}

export interface FixtureServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string
  port: number
  server: http.Server
  /** Registers (or replaces) the handler for a path (matched on the pathname, query ignored). */
  route(routePath: string, handler: FixtureHandler): void
  /** Serves a fixed body at a path, answering conditional GETs. Call again to change it. */
  serveBody(routePath: string, body: string | Buffer, opts?: ServeOptions): void
  /** Serves a file (absolute, or relative to tests/fixtures), read at request time, answering conditional GETs. */
  serveFile(routePath: string, filePath: string, opts?: ServeOptions): void
  /** Requests received for a pathname so far (every status counts). */
  hits(routePath: string): number
  /** The requests received for a pathname, oldest first. */
  requests(routePath: string): RecordedRequest[]
  /** Forgets hit counts and recorded requests. */
  resetHits(): void
  close(): Promise<void>
}

/** Starts a server on 127.0.0.1:0. `fallback` answers paths without a route (default: 404). */
export async function startFixtureServer(fallback?: FixtureHandler): Promise<FixtureServer> {
  const routes = new Map<string, FixtureHandler>()
  const recorded = new Map<string, RecordedRequest[]>()
  const sockets = new Set<Socket>()

  const server = http.createServer((req, res) => {
    const pathname = pathnameOf(req.url ?? '/')
    const list = recorded.get(pathname) ?? []
    list.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: { ...req.headers } })
    recorded.set(pathname, list)
    const handler = routes.get(pathname) ?? fallback ?? answerNotFound
    runHandler(handler, req, res)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // A client that goes away mid-answer must not crash the test process.
  server.on('clientError', (_err, socket) => socket.destroy())

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('fixture-server: no port')
  const port = address.port

  const fixture: FixtureServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    route(routePath, handler) {
      routes.set(routePath, handler)
    },
    serveBody(routePath, body, opts = {}) {
      routes.set(routePath, (req, res) => answerStatic(req, res, body, opts))
    },
    serveFile(routePath, filePath, opts = {}) {
      const full = path.isAbsolute(filePath) ? filePath : path.join(fixturesDir, filePath)
      routes.set(routePath, async (req, res) => answerStatic(req, res, await readFile(full), opts))
    },
    hits(routePath) {
      return recorded.get(routePath)?.length ?? 0
    },
    requests(routePath) {
      return [...(recorded.get(routePath) ?? [])]
    },
    resetHits() {
      recorded.clear()
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
        sockets.clear()
      })
    },
  }
  return fixture
}

function pathnameOf(url: string): string {
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

function runHandler(handler: FixtureHandler, req: IncomingMessage, res: ServerResponse): void {
  const fail = (err: unknown): void => {
    if (!res.headersSent) {
      res.statusCode = 500
      res.end(`fixture handler failed: ${String(err)}`)
    } else {
      res.destroy()
    }
  }
  try {
    const out = handler(req, res)
    if (out instanceof Promise) out.catch(fail)
  } catch (err) {
    fail(err)
  }
}

function answerNotFound(_req: IncomingMessage, res: ServerResponse): void {
  res.statusCode = 404
  res.setHeader('Content-Type', 'text/plain')
  res.end('not found')
}

/** Answers with body, or 304 when the request's validators match (If-None-Match wins over If-Modified-Since). */
export function answerStatic(req: IncomingMessage, res: ServerResponse, body: string | Buffer, opts: ServeOptions = {}): void {
  for (const [name, value] of Object.entries(opts.headers ?? {})) res.setHeader(name, value)
  if (opts.etag !== undefined) res.setHeader('ETag', opts.etag)
  if (opts.lastModified !== undefined) res.setHeader('Last-Modified', opts.lastModified)
  if (isNotModified(req, opts)) {
    res.statusCode = 304
    res.end()
    return
  }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  res.statusCode = opts.status ?? 200
  if (opts.contentType !== undefined) res.setHeader('Content-Type', opts.contentType)
  res.setHeader('Content-Length', String(bytes.length))
  res.end(req.method === 'HEAD' ? undefined : bytes)
}

/** RFC 9110 §13.2.2: If-None-Match decides when present; else If-Modified-Since against Last-Modified. */
export function isNotModified(req: IncomingMessage, opts: Pick<ServeOptions, 'etag' | 'lastModified'>): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  const inm = req.headers['if-none-match']
  if (inm !== undefined) {
    if (opts.etag === undefined) return false
    const wanted = stripWeak(opts.etag)
    return inm.split(',').some((tag) => tag.trim() === '*' || stripWeak(tag.trim()) === wanted)
  }
  const ims = req.headers['if-modified-since']
  if (ims !== undefined && opts.lastModified !== undefined) {
    const since = Date.parse(ims)
    const modified = Date.parse(opts.lastModified)
    return Number.isFinite(since) && Number.isFinite(modified) && modified <= since
  }
  return false
}

function stripWeak(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag
}
