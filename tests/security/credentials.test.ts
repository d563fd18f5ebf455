// Issue 14: credentials in source URLs (userinfo, ?token=) are used to fetch and never shown:
// not in /api/sources, /opml, /status, the source page, the three feeds or the log, and a
// permanent redirect to a URL carrying them is never stored as the fetch URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogSink } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import type { AppConfig, FeedSource, Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { makeSource, makeStore } from '../helpers/store.js'
import { type Running, send, settings, startApp } from '../server/harness.js'

const SECRETS = ['s3cr3t', 'tok3n', 'k3y', 'r3dir']

const rss = (title: string): string => `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>
<link>https://private.example/</link><item><title>${title} item</title><link>https://private.example/${title}</link>
<guid>${title}-1</guid><pubDate>Tue, 10 Mar 2026 10:00:00 GMT</pubDate></item></channel></rss>`

let srv: FixtureServer
let store: Store
let app: Running
let config: AppConfig
const logged: string[] = []

beforeAll(async () => {
  srv = await startFixtureServer()
  const basic = `Basic ${Buffer.from('alice:s3cr3t').toString('base64')}`
  srv.route('/basic.xml', (req, res) => {
    res.writeHead(req.headers.authorization === basic ? 200 : 401, { 'content-type': 'application/rss+xml' })
    res.end(req.headers.authorization === basic ? rss('basic') : 'no')
  })
  srv.route('/token.xml', (req, res) => {
    const ok = new URL(req.url ?? '/', srv.url).searchParams.get('token') === 'tok3n'
    res.writeHead(ok ? 200 : 403, { 'content-type': 'application/rss+xml' })
    res.end(ok ? rss('token') : 'no')
  })
  srv.serveBody('/gone.xml', 'no', { status: 404 })
  srv.route('/moved.xml', (_req, res) => {
    res.writeHead(301, { location: `${srv.url}/token.xml?token=tok3n&sig=r3dir` })
    res.end()
  })
  const host = srv.url.replace('http://', '')
  const sources: FeedSource[] = [
    makeSource({ id: 'basic', url: `http://alice:s3cr3t@${host}/basic.xml` }),
    makeSource({ id: 'token', url: `${srv.url}/token.xml?token=tok3n`, homepage: `https://bob:s3cr3t@private.example/?api_key=k3y` }),
    makeSource({ id: 'gone', url: `${srv.url}/gone.xml?apikey=k3y` }),
    makeSource({ id: 'moved', url: `${srv.url}/moved.xml` }),
  ]
  config = { path: 'feeds.json', settings: { ...settings, allowPrivateNetworks: true, timeoutSeconds: 5 }, sources }
  store = await makeStore()
  const previous = setLogSink((line) => logged.push(line))
  try {
    const report = await pollOnce({ store, config })
    expect(report.outcomes.map((o) => [o.sourceId, o.result]).sort()).toEqual([
      ['basic', 'new'],
      ['gone', 'failed'],
      ['moved', 'new'],
      ['token', 'new'],
    ])
  } finally {
    setLogSink(previous)
  }
  app = await startApp(store, config)
})
afterAll(async () => {
  await app?.close()
  await store?.close()
  await srv.close()
})

function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret)
}

describe('credentials in source URLs', () => {
  it('the fetcher used them (the server saw Basic auth and the token)', () => {
    expect(srv.hits('/basic.xml')).toBe(1)
    expect(srv.requests('/token.xml').some((r) => r.url.includes('token=tok3n'))).toBe(true)
  })

  it('a permanent redirect to a URL with credentials is followed but not stored', async () => {
    expect(srv.hits('/token.xml')).toBe(2)
    expect((await store.getSource('moved'))?.fetchUrl).toBe(`${srv.url}/moved.xml`)
  })

  it('/api/sources redacts url, homepage and the error text', async () => {
    const res = await send(app.base, '/api/sources')
    expect(res.status).toBe(200)
    const body = res.body.toString()
    expectNoSecrets(body)
    const api = JSON.parse(body) as { id: string; url: string; homepage: string | null; lastError: string | null }[]
    const byId = new Map(api.map((s) => [s.id, s]))
    expect(byId.get('basic')?.url).toBe(`http://***@${srv.url.replace('http://', '')}/basic.xml`)
    expect(byId.get('token')?.url).toBe(`${srv.url}/token.xml?token=***`)
    expect(byId.get('token')?.homepage).toBe('https://***@private.example/?api_key=***')
    expect(byId.get('gone')?.lastError).toContain(`${srv.url}/gone.xml?apikey=***`)
  })

  it('/opml, /status, the source pages and the three feeds show no credentials', async () => {
    const opml = (await send(app.base, '/opml')).body.toString()
    expect(opml).toContain('token.xml?token=***')
    expect(opml).toContain('xmlUrl="http://***@')
    const status = (await send(app.base, '/status')).body.toString()
    expect(status).toContain('gone.xml?apikey=***')
    for (const path of [
      '/opml',
      '/status',
      '/sources/basic',
      '/sources/token',
      '/sources/gone',
      '/feed.xml',
      '/feed.atom',
      '/feed.json?each=report',
    ]) {
      const res = await send(app.base, path)
      expect(res.status, path).toBe(200)
      expectNoSecrets(res.body.toString())
    }
    const feed = JSON.parse((await send(app.base, '/feed.json?source=token')).body.toString()) as { items: { _breachwire?: unknown }[] }
    expect(JSON.stringify(feed)).toContain('token.xml?token=***')
  })

  it('the log lines of the poll carry no credentials', () => {
    expect(logged.length).toBeGreaterThan(0)
    expectNoSecrets(logged.join('\n'))
    expect(logged.join('\n')).toContain('apikey=***')
  })
})
