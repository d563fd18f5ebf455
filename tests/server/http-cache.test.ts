// Conditional GET and caching on every feed and API route: content ETags, Last-Modified, 304
// with no body, HEAD, Vary and negotiated gzip/brotli, one render per store generation.
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import { matchesIfNoneMatch, negotiateCoding } from '../../src/server/http-cache.js'
import type { Store } from '../../src/types.js'
import { makeItem } from '../helpers/store.js'
import { buildNewsroom } from './fixtures.js'
import { hoursAgo, NOW, type Running, send, startApp } from './harness.js'

const ROUTES = [
  '/feed.xml',
  '/feed.atom',
  '/feed.json',
  '/opml',
  '/api/items',
  '/api/sources',
  '/feed.xml?source=alpha',
  '/api/items?category=ransomware',
]

/** The store, with a count of the read calls that rendering makes (the real store does the work). */
function countReads(store: Store): { store: Store; reads: () => number } {
  let reads = 0
  const counted = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (prop === 'listItems' || prop === 'searchItems' || prop === 'listStories') reads++
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { store: counted, reads: () => reads }
}

let run: Running
let reads: () => number
let store: Store

beforeAll(async () => {
  setLogLevel('silent')
  const room = await buildNewsroom()
  const counted = countReads(room.store)
  store = room.store
  reads = counted.reads
  run = await startApp(counted.store, room.config)
})
afterAll(async () => run.close())

describe('validators on every route', () => {
  it.each(ROUTES)('%s: ETag + Last-Modified, then 304 with no body on If-None-Match and If-Modified-Since', async (path) => {
    const first = await send(run.base, path)
    expect(first.status).toBe(200)
    const etag = first.headers.etag
    const lastModified = first.headers['last-modified']
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/)
    expect(lastModified).toBeDefined()
    expect(Number.isNaN(Date.parse(lastModified!))).toBe(false)
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+$/)
    expect(first.headers.vary).toBe('Accept-Encoding')

    const byEtag = await send(run.base, path, { headers: { 'if-none-match': etag! } })
    expect(byEtag.status).toBe(304)
    expect(byEtag.body.length).toBe(0)
    expect(byEtag.headers.etag).toBe(etag)

    const byDate = await send(run.base, path, { headers: { 'if-modified-since': lastModified! } })
    expect(byDate.status).toBe(304)
    expect(byDate.body.length).toBe(0)

    const headFresh = await send(run.base, path, { method: 'HEAD', headers: { 'if-none-match': etag! } })
    expect(headFresh.status).toBe(304)

    const head = await send(run.base, path, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
    expect(head.headers.etag).toBe(etag)
    expect(Number(head.headers['content-length'])).toBe(first.body.length)
  })

  it('If-None-Match wins over If-Modified-Since, and a stale ETag gets the full body', async () => {
    const first = await send(run.base, '/feed.xml')
    const stale = await send(run.base, '/feed.xml', {
      headers: { 'if-none-match': '"stale"', 'if-modified-since': first.headers['last-modified']! },
    })
    expect(stale.status).toBe(200)
    expect(stale.text).toBe(first.text)
    const older = await send(run.base, '/feed.xml', {
      headers: { 'if-modified-since': new Date(Date.parse(first.headers['last-modified']!) - 1000).toUTCString() },
    })
    expect(older.status).toBe(200)
  })

  it('accepts ETag lists, weak tags and *', async () => {
    const { headers } = await send(run.base, '/feed.atom')
    const etag = headers.etag!
    for (const value of [`"a", ${etag}`, `W/${etag}`, '*', ` "x" ,W/${etag} `]) {
      expect((await send(run.base, '/feed.atom', { headers: { 'if-none-match': value } })).status).toBe(304)
    }
    expect((await send(run.base, '/feed.atom', { headers: { 'if-none-match': '"a", "b"' } })).status).toBe(200)
  })

  it('the ETag depends on the content only: same bytes, same ETag across store writes that do not change them', async () => {
    const before = await send(run.base, '/feed.xml?source=alpha')
    // A write elsewhere moves the generation, forcing a re-render with identical bytes.
    await store.updateSourceState('beta', { lastTriedAt: NOW.toISOString() })
    const after = await send(run.base, '/feed.xml?source=alpha')
    expect(after.text).toBe(before.text)
    expect(after.headers.etag).toBe(before.headers.etag)
    expect(after.headers['last-modified']).toBe(before.headers['last-modified'])
  })
})

describe('cache hits and misses look the same', () => {
  it('sends the same headers and body on a miss and on the hit after it', async () => {
    await store.updateSourceState('alpha', { lastTriedAt: NOW.toISOString() })
    for (const path of ['/feed.json?limit=3', '/api/sources']) {
      const miss = await send(run.base, path)
      const hit = await send(run.base, path)
      const strip = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'date'))
      expect(strip(hit.headers)).toEqual(strip(miss.headers))
      expect(hit.text).toBe(miss.text)
      expect(hit.headers['content-security-policy']).toContain("default-src 'none'")
    }
  })

  it('still refuses bad parameters and unknown paths the routed way', async () => {
    expect((await send(run.base, '/feed.xml?limit=abc')).status).toBe(400)
    expect((await send(run.base, '/feed.xml/')).status).toBe(200)
    expect((await send(run.base, '/feed.xml', { method: 'POST' })).status).toBe(405)
  })
})

describe('compression', () => {
  it('negotiates br and gzip from Accept-Encoding, with distinct ETags that still validate', async () => {
    const plain = await send(run.base, '/feed.xml')
    const br = await send(run.base, '/feed.xml', { headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(br.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(plain.text)
    const gz = await send(run.base, '/feed.xml', { headers: { 'accept-encoding': 'gzip;q=1, br;q=0' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).toString('utf8')).toBe(plain.text)
    expect(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size).toBe(3)
    const revalidated = await send(run.base, '/feed.xml', { headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.etag! } })
    expect(revalidated.status).toBe(304)
    const identity = await send(run.base, '/feed.xml', { headers: { 'accept-encoding': 'identity' } })
    expect(identity.headers['content-encoding']).toBeUndefined()
  })

  it('parses Accept-Encoding q-values', () => {
    expect(negotiateCoding('br;q=0, gzip', 10_000)).toBe('gzip')
    expect(negotiateCoding('*', 10_000)).toBe('br')
    expect(negotiateCoding('identity', 10_000)).toBe('identity')
    expect(negotiateCoding('gzip, br', 100)).toBe('identity')
    expect(negotiateCoding(undefined, 10_000)).toBe('identity')
    expect(matchesIfNoneMatch('W/"abc-br"', '"abc"')).toBe(true)
    expect(matchesIfNoneMatch('"abcd"', '"abc"')).toBe(false)
  })
})

describe('rendering once per store change', () => {
  it('serves repeats from the cache and re-renders after a write', async () => {
    const path = '/feed.atom?category=fines'
    const first = await send(run.base, path)
    const afterFirst = reads()
    for (let i = 0; i < 5; i++) await send(run.base, path, { headers: { 'accept-encoding': i % 2 ? 'gzip' : 'br' } })
    expect(reads()).toBe(afterFirst)

    await store.upsertItems(
      'alpha',
      [makeItem({ sourceId: 'alpha', identityKey: 'initech', title: 'Initech fined', publishedAt: hoursAgo(0.5), categories: ['fines'] })],
      NOW.toISOString(),
    )
    const second = await send(run.base, path)
    expect(reads()).toBe(afterFirst + 1)
    expect(second.text).toContain('Initech fined')
    expect(second.headers.etag).not.toBe(first.headers.etag)
    expect(Date.parse(second.headers['last-modified']!)).toBeGreaterThan(Date.parse(first.headers['last-modified']!))
    // The old validators no longer match.
    expect((await send(run.base, path, { headers: { 'if-none-match': first.headers.etag! } })).status).toBe(200)
    expect((await send(run.base, path, { headers: { 'if-modified-since': first.headers['last-modified']! } })).status).toBe(200)
  })

  it('Last-Modified is the newest item date in the answer', async () => {
    const res = await send(run.base, '/api/items?source=alpha&category=ransomware')
    expect(res.headers['last-modified']).toBe(new Date(hoursAgo(4)).toUTCString())
  })
})
