import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fetchSource } from '../../src/fetch/index.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { makeOptions } from './support.js'

const etag = '"rev-7"'
const lastModified = 'Sat, 01 Nov 2025 10:00:00 GMT'
const feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'

describe('fetchSource: 200 and conditional GET', () => {
  let srv: FixtureServer
  beforeEach(async () => {
    srv = await startFixtureServer()
  })
  afterEach(async () => {
    await srv.close()
  })

  it('returns the body, content type and validators, and sends the standard headers', async () => {
    srv.serveBody('/feed.xml', feed, { contentType: 'application/rss+xml; charset=utf-8', etag, lastModified })
    const result = await fetchSource({ url: `${srv.url}/feed.xml` }, makeOptions())
    expect(result).toMatchObject({
      kind: 'fetched',
      status: 200,
      requestedUrl: `${srv.url}/feed.xml`,
      finalUrl: `${srv.url}/feed.xml`,
      etag,
      lastModified,
      contentType: 'application/rss+xml; charset=utf-8',
      hints: {},
    })
    expect(result.permanentRedirectTo).toBeUndefined()
    expect(result.kind === 'fetched' && result.body.toString('utf8')).toBe(feed)
    const sent = srv.requests('/feed.xml')[0]?.headers ?? {}
    expect(sent['user-agent']).toBe('breachwire-test/1.0')
    expect(sent['accept']).toBe(
      'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5',
    )
    expect(sent['accept-encoding']).toBe('gzip, deflate, br')
    expect(sent['if-none-match']).toBeUndefined()
    expect(sent['if-modified-since']).toBeUndefined()
  })

  it('omits validators the server did not send', async () => {
    srv.serveBody('/plain', feed)
    const result = await fetchSource({ url: `${srv.url}/plain`, etag: '"old"', lastModified }, makeOptions())
    expect(result.kind).toBe('fetched')
    expect(result.etag).toBeUndefined()
    expect(result.lastModified).toBeUndefined()
  })

  it('sends both validators and returns not-modified on 304', async () => {
    srv.serveBody('/feed.xml', feed, { etag, lastModified, headers: { 'Cache-Control': 'max-age=600' } })
    const result = await fetchSource({ url: `${srv.url}/feed.xml`, etag, lastModified }, makeOptions())
    expect(result).toEqual({
      kind: 'not-modified',
      status: 304,
      requestedUrl: `${srv.url}/feed.xml`,
      finalUrl: `${srv.url}/feed.xml`,
      etag,
      lastModified,
      hints: { maxAgeSeconds: 600 },
    })
    const sent = srv.requests('/feed.xml')[0]?.headers ?? {}
    expect(sent['if-none-match']).toBe(etag)
    expect(sent['if-modified-since']).toBe(lastModified)
  })

  it('sends If-None-Match alone when only an ETag is stored', async () => {
    srv.serveBody('/etag-only', feed, { etag })
    const result = await fetchSource({ url: `${srv.url}/etag-only`, etag, lastModified: null }, makeOptions())
    expect(result.kind).toBe('not-modified')
    expect(result.etag).toBe(etag)
    expect(result.lastModified).toBeUndefined()
    const sent = srv.requests('/etag-only')[0]?.headers ?? {}
    expect(sent['if-none-match']).toBe(etag)
    expect(sent['if-modified-since']).toBeUndefined()
  })

  it('sends If-Modified-Since alone when only Last-Modified is stored', async () => {
    srv.serveBody('/lm-only', feed, { lastModified })
    const result = await fetchSource({ url: `${srv.url}/lm-only`, lastModified }, makeOptions())
    expect(result.kind).toBe('not-modified')
    expect(result.lastModified).toBe(lastModified)
    expect(result.etag).toBeUndefined()
    const sent = srv.requests('/lm-only')[0]?.headers ?? {}
    expect(sent['if-modified-since']).toBe(lastModified)
    expect(sent['if-none-match']).toBeUndefined()
  })

  it('keeps the stored validators when a 304 carries none, and takes fresh ones when it does', async () => {
    srv.route('/bare-304', (_req, res) => {
      res.statusCode = 304
      res.end()
    })
    const kept = await fetchSource({ url: `${srv.url}/bare-304`, etag: '"s1"', lastModified }, makeOptions())
    expect(kept).toMatchObject({ kind: 'not-modified', etag: '"s1"', lastModified })

    srv.route('/fresh-304', (_req, res) => {
      res.statusCode = 304
      res.setHeader('ETag', '"s2"')
      res.setHeader('Expires', 'Sun, 02 Nov 2025 08:00:00 GMT')
      res.end()
    })
    const fresh = await fetchSource({ url: `${srv.url}/fresh-304`, etag: '"s1"', lastModified }, makeOptions())
    expect(fresh).toMatchObject({ kind: 'not-modified', etag: '"s2"', lastModified, hints: { expires: '2025-11-02T08:00:00.000Z' } })
  })

  it('sends no validators when unconditional', async () => {
    srv.serveBody('/feed.xml', feed, { etag, lastModified })
    const result = await fetchSource({ url: `${srv.url}/feed.xml`, etag, lastModified, unconditional: true }, makeOptions())
    expect(result.kind).toBe('fetched')
    const sent = srv.requests('/feed.xml')[0]?.headers ?? {}
    expect(sent['if-none-match']).toBeUndefined()
    expect(sent['if-modified-since']).toBeUndefined()
  })

  it('drops control characters from stored validators instead of splitting headers', async () => {
    srv.serveBody('/feed.xml', feed, { etag })
    const result = await fetchSource({ url: `${srv.url}/feed.xml`, etag: '"rev-7"\r\nX-Evil: 1' }, makeOptions())
    expect(result.kind).toBe('fetched')
    const sent = srv.requests('/feed.xml')[0]?.headers ?? {}
    expect(sent['x-evil']).toBeUndefined()
    expect(sent['if-none-match']).toBe('"rev-7"X-Evil: 1')
  })

  it('reports caching hints on a 200', async () => {
    srv.serveBody('/hinted', feed, {
      headers: { 'Cache-Control': 'public, max-age=60, s-maxage=120', Expires: 'Sun, 02 Nov 2025 08:00:00 GMT', 'Retry-After': '30' },
    })
    const result = await fetchSource({ url: `${srv.url}/hinted` }, makeOptions())
    expect(result.hints).toEqual({ maxAgeSeconds: 120, expires: '2025-11-02T08:00:00.000Z', retryAfterMs: 30_000 })
  })
})
