// The error middleware's answers by kind of path: reader pages get an HTML page (400 for a
// malformed address, 500 "Something went wrong", 503 while the database is down), while /api/*,
// the feeds, /opml, /healthz and /metrics keep JSON `{ "error" }`. HEAD gets no body. Write
// methods on a known route are 405 with Allow; on an unknown path, 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StoreError } from '../../src/errors.js'
import { setLogLevel, setLogSink } from '../../src/lib/log.js'
import type { Store } from '../../src/types.js'
import { buildNewsroom } from './fixtures.js'
import { json, makeConfig, makeSource, type RawResponse, type Running, send, startApp } from './harness.js'

const STACK = /\bat [\w.<>$]+ \(|\.ts:\d+|node_modules|\/srv\/|secret|boom/i

function expectHtmlPage(res: RawResponse, status: number, heading: RegExp, label: string): void {
  expect(res.status, label).toBe(status)
  expect(res.headers['content-type'], label).toMatch(/^text\/html/)
  expect(res.text, label).toMatch(/^<!doctype html>/i)
  expect(res.text, label).toMatch(heading)
  expect(res.text, label).not.toMatch(STACK)
  expect(res.headers['cache-control'], label).toBe('no-store')
}

function expectJsonError(res: RawResponse, status: number, label: string): void {
  expect(res.status, label).toBe(status)
  expect(res.headers['content-type'], label).toMatch(/^application\/json/)
  expect(Object.keys(json(res)), label).toEqual(['error'])
  expect(res.text, label).not.toMatch(STACK)
}

/** A store whose reads fail the way `fault` says. */
function breakStore(store: Store, fault: () => Error): Store {
  const failing = new Set([
    'listItems',
    'searchItems',
    'listSources',
    'recentPostsBySource',
    'listCategories',
    'getSource',
    'newestItemDate',
  ])
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && failing.has(prop))
        return () => {
          throw fault()
        }
      return Reflect.get(target, prop, receiver) as unknown
    },
  })
}

describe('errors on a working app', () => {
  let app: Running
  let store: Store
  beforeAll(async () => {
    setLogLevel('silent')
    const built = await buildNewsroom()
    store = built.store
    app = await startApp(store, built.config)
  })
  afterAll(async () => {
    await app.close()
    await store.close()
  })

  it('a malformed percent-encoding on a page is a 400 HTML page, and HEAD gets no body', async () => {
    for (const path of ['/sources/%E0', '/categories/%E0%A4%A', '/sources/%']) {
      const res = await send(app.base, path)
      expectHtmlPage(res, 400, /malformed/i, path)
      expect(res.text, path).not.toMatch(/URIError|decodeURIComponent/)
      const head = await send(app.base, path, { method: 'HEAD' })
      expect(head.status, `HEAD ${path}`).toBe(400)
      expect(head.body.length, `HEAD ${path}`).toBe(0)
    }
  })

  it('write methods on a known route are 405 with Allow: JSON on API and feed paths, HTML on pages', async () => {
    for (const path of [
      '/api/items',
      '/api/sources',
      '/feed.xml',
      '/feed.atom',
      '/FEED.JSON',
      '/opml',
      '/healthz',
      '/metrics',
      '/api/items/',
    ]) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const res = await send(app.base, path, { method })
        expectJsonError(res, 405, `${method} ${path}`)
        expect(res.headers['allow'], `${method} ${path}`).toBe('GET, HEAD, OPTIONS')
      }
    }
    for (const path of ['/', '/sources', '/sources/alpha', '/categories', '/categories/Ransomware', '/search?q=acme', '/status']) {
      const res = await send(app.base, path, { method: 'POST' })
      expectHtmlPage(res, 405, /not allowed/i, `POST ${path}`)
      expect(res.headers['allow'], `POST ${path}`).toBe('GET, HEAD, OPTIONS')
    }
  })

  it('GET, HEAD and OPTIONS on known routes are not refused', async () => {
    for (const path of ['/', '/api/items', '/feed.xml', '/status', '/sources/alpha']) {
      expect((await send(app.base, path, { method: 'HEAD' })).status, `HEAD ${path}`).toBe(200)
      const options = await send(app.base, path, { method: 'OPTIONS' })
      expect(options.status, `OPTIONS ${path}`).toBeLessThan(300)
      expect(options.headers['allow'], `OPTIONS ${path}`).toMatch(/GET/)
    }
  })

  it('an unknown path is 404: JSON under /api and feed-like paths, an HTML page elsewhere, whatever the method', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['POST', '/api/nope'],
      ['GET', '/feed.rss'],
      ['GET', '/opml/x'],
      ['DELETE', '/healthz/deep'],
    ]) {
      expectJsonError(await send(app.base, path!, { method: method! }), 404, `${method} ${path}`)
    }
    for (const [method, path] of [
      ['GET', '/no/such/page'],
      ['POST', '/no/such/page'],
      ['PUT', '/sources/alpha/extra'],
    ]) {
      const res = await send(app.base, path!, { method: method! })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.headers['content-type'], `${method} ${path}`).toMatch(/^text\/html/)
      expect(res.headers['allow'], `${method} ${path}`).toBeUndefined()
    }
    const head = await send(app.base, '/no/such/page', { method: 'HEAD' })
    expect(head.status).toBe(404)
    expect(head.body.length).toBe(0)
  })
})

describe('faults behind the routes', () => {
  const config = makeConfig([makeSource({ id: 'alpha' })])

  it('an unexpected error on a page is a 500 "Something went wrong" page (stack only in the log); API and feeds stay JSON', async () => {
    const base = (await buildNewsroom()).store
    const lines: string[] = []
    setLogLevel('error')
    const previous = setLogSink((line) => lines.push(line))
    const app = await startApp(
      breakStore(base, () => new Error('boom in /srv/breachwire/secret.db')),
      config,
    )
    try {
      for (const path of ['/', '/status', '/search?q=acme', '/sources/alpha', '/categories/x']) {
        const res = await send(app.base, path)
        expectHtmlPage(res, 500, /Something went wrong/, path)
        const head = await send(app.base, path, { method: 'HEAD' })
        expect(head.status, `HEAD ${path}`).toBe(500)
        expect(head.body.length, `HEAD ${path}`).toBe(0)
      }
      for (const path of ['/api/items', '/api/sources', '/feed.xml', '/feed.json', '/opml']) {
        const res = await send(app.base, path)
        expectJsonError(res, 500, path)
        expect(json(res)).toEqual({ error: 'internal error' })
      }
      const logged = lines.map((line) => JSON.parse(line) as { stack?: string })
      expect(logged.some((entry) => entry.stack?.includes('secret.db'))).toBe(true)
    } finally {
      setLogSink(previous)
      setLogLevel('silent')
      await app.close()
      await base.close()
    }
  })

  it('a database that does not answer is a 503 page with Retry-After on pages, JSON on the API', async () => {
    const base = (await buildNewsroom()).store
    const app = await startApp(
      breakStore(base, () => new StoreError('io', 'store: disk I/O error')),
      config,
    )
    try {
      const page = await send(app.base, '/')
      expectHtmlPage(page, 503, /unavailable/i, '/')
      expect(page.headers['retry-after']).toBe('1')
      const api = await send(app.base, '/api/items')
      expectJsonError(api, 503, '/api/items')
      expect(api.headers['retry-after']).toBe('1')
    } finally {
      await app.close()
      await base.close()
    }
  })
})
