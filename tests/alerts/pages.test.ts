// A watch's page, feeds, /opml, /status and /metrics, served by the real app over a store the
// real poller filled from a loopback feed.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { deliverDue, evaluateNewWatches } from '../../src/alerts/index.js'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { createMetrics } from '../../src/server/index.js'
import { openStore } from '../../src/store/index.js'
import type { AppConfig, Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { type Running, startApp } from '../server/harness.js'

let srv: FixtureServer
let store: Store
let app: Running
let config: AppConfig

const item = (id: string, title: string, link: string) =>
  `<item><title>${title}</title><link>${link}</link><guid>${id}</guid><pubDate>Tue, 10 Nov 2026 10:00:00 +0000</pubDate><description>${title}.</description></item>`
const rss = (items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>https://news.example/</link>${items.join('')}</channel></rss>`

beforeAll(() => setLogLevel('silent'))
beforeEach(async () => {
  srv = await startFixtureServer()
  store = openStore(':memory:')
  config = validateConfig(
    {
      settings: { allowPrivateNetworks: true, alerts: { timeoutSeconds: 0.5 } },
      sources: [{ id: 'alpha', url: `${srv.url}/alpha.xml` }],
      watches: [
        {
          id: 'acme',
          title: 'Acme & vendors',
          org: 'Acme Corp',
          notify: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook', format: 'slack' }],
        },
      ],
    },
    'feeds.json',
  )
  srv.serveBody('/alpha.xml', rss([item('a1', 'Budget approved', 'https://alpha.example/budget')]))
  await evaluateNewWatches(store, config)
  await pollOnce({ store, config })
  srv.serveBody(
    '/alpha.xml',
    rss([
      item('a1', 'Budget approved', 'https://alpha.example/budget'),
      item('a2', 'Acme Corp reports a data breach', 'https://alpha.example/acme'),
    ]),
  )
  await pollOnce({ store, config })
  // The receiver is down (port 9 refuses): the delivery stays pending, with its error.
  await deliverDue({ store, getConfig: () => config })
  app = await startApp(store, config, { metrics: createMetrics({ store, defaultMetrics: false }) })
})
afterEach(async () => {
  await app.close()
  await store.close()
  await srv.close()
})

async function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`${app.base}${path}`)
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() }
}

describe('a watch on the web', () => {
  it('has a page listing its matched reports and its delivery counts', async () => {
    const page = await get('/watches/acme')
    expect(page.status).toBe(200)
    expect(page.body).toContain('Acme &amp; vendors')
    expect(page.body).toContain('Acme Corp reports a data breach')
    const matched = page.body.slice(page.body.indexOf('Matched reports'), page.body.indexOf('<aside'))
    expect(matched).toContain('Acme Corp reports a data breach')
    expect(matched).not.toContain('Budget approved')
    expect(page.body).toContain('1 matched, 0 sent, 1 pending, 0 failed')
    expect(page.body).toContain('webhook (slack) to 127.0.0.1:9')
    expect((await get('/watches/nope')).status).toBe(404)
  })

  it('is three feeds, listed in /opml and on the home page sidebar', async () => {
    const atom = await get('/watches/acme/feed.atom')
    expect(atom.status).toBe(200)
    expect(atom.type).toContain('application/atom+xml')
    expect(atom.body).toMatch(/<title[^>]*>breachwire watch: Acme &amp; vendors<\/title>/)
    expect(atom.body.match(/<entry>/g)?.length).toBe(1)
    expect(atom.body).toContain('Acme Corp reports a data breach')
    const json = JSON.parse((await get('/watches/acme/feed.json')).body) as { items: { url: string }[] }
    expect(json.items.map((i) => i.url)).toEqual(['https://alpha.example/acme'])
    expect((await get('/watches/acme/feed.xml')).body).toContain('<rss')
    const missing = await get('/watches/nope/feed.xml')
    expect(missing.status).toBe(404)

    const opml = await get('/opml')
    expect(opml.body).toMatch(/xmlUrl="http:\/\/127\.0\.0\.1:\d+\/watches\/acme\/feed\.xml"/)
    const home = await get('/')
    expect(home.body).toContain('href="/watches/acme"')
  })

  it('shows matches, sent, pending and failed per watch on /status and /metrics', async () => {
    const status = await get('/status')
    expect(status.body).toMatch(/Watches[\s\S]*Acme &amp; vendors[\s\S]*<dt>Matches<\/dt><dd>1<\/dd>[\s\S]*<dt>Pending<\/dt><dd>1<\/dd>/)
    expect(status.body).toContain('webhook: http://127.0.0.1:9/hook')
    const metrics = await get('/metrics')
    expect(metrics.body).toContain('breachwire_watch_alerts{watch="acme",state="matches"} 1')
    expect(metrics.body).toContain('breachwire_watch_alerts{watch="acme",state="pending"} 1')
    expect(metrics.body).toContain('breachwire_watch_alerts{watch="acme",state="sent"} 0')
  })
})
