import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }))
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}

describe('fixture server', () => {
  let srv: FixtureServer | undefined
  afterEach(async () => {
    await srv?.close()
    srv = undefined
  })

  it('serves bodies, answers conditional GETs and counts hits per path', async () => {
    srv = await startFixtureServer()
    srv.serveBody('/feed.xml', '<rss/>', {
      contentType: 'application/rss+xml',
      etag: '"v1"',
      lastModified: 'Sat, 01 Nov 2025 10:00:00 GMT',
    })
    const first = await get(`${srv.url}/feed.xml`)
    expect(first.status).toBe(200)
    expect(first.body).toBe('<rss/>')
    expect(first.headers.etag).toBe('"v1"')
    expect((await get(`${srv.url}/feed.xml?x=1`, { 'If-None-Match': '"v1"' })).status).toBe(304)
    expect((await get(`${srv.url}/feed.xml`, { 'If-None-Match': '"v0"' })).status).toBe(200)
    expect((await get(`${srv.url}/feed.xml`, { 'If-Modified-Since': 'Sat, 01 Nov 2025 10:00:00 GMT' })).status).toBe(304)
    expect((await get(`${srv.url}/feed.xml`, { 'If-Modified-Since': 'Fri, 31 Oct 2025 10:00:00 GMT' })).status).toBe(200)
    expect(srv.hits('/feed.xml')).toBe(5)
    expect(srv.requests('/feed.xml')[1]?.headers['if-none-match']).toBe('"v1"')
    expect((await get(`${srv.url}/nope`)).status).toBe(404)
  })

  it('serves files from tests/fixtures, read at request time', async () => {
    srv = await startFixtureServer()
    srv.serveFile('/basic.xml', 'http/basic.rss.xml', { contentType: 'application/rss+xml', etag: '"b1"' })
    const res = await get(`${srv.url}/basic.xml`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/rss+xml')
    expect(res.body).toContain('<title>Fixture Breach News</title>')
    expect((await get(`${srv.url}/basic.xml`, { 'If-None-Match': 'W/"b1"' })).status).toBe(304)
    srv.serveFile('/gone.xml', 'http/does-not-exist.xml')
    expect((await get(`${srv.url}/gone.xml`)).status).toBe(500)
    srv.resetHits()
    expect(srv.hits('/basic.xml')).toBe(0)
  })

  it('closes even while a handler never answers', async () => {
    srv = await startFixtureServer()
    srv.route('/hang', () => {})
    const pending = get(`${srv.url}/hang`).catch((err: unknown) => err)
    while (srv.hits('/hang') === 0) await new Promise((r) => setTimeout(r, 5))
    await srv.close()
    srv = undefined
    expect(await pending).toBeInstanceOf(Error)
  })
})
