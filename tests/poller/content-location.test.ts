// Content-Location over real HTTP: fetch hands the header through, and the poller gives it to the
// parser, so a feed served at one URL but naming another as its location resolves relative
// channel and item links against that location (RFC 3986 §5.1.2, as feedparser does).
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { fetchSource } from '../../src/fetch/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { Store } from '../../src/types.js'
import { makeOptions } from '../fetch/support.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'

let srv: FixtureServer
let store: Store

beforeAll(() => setLogLevel('silent'))
beforeEach(async () => {
  srv = await startFixtureServer()
  store = openStore(':memory:')
})
afterEach(async () => {
  await store.close()
  await srv.close()
})

const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Archive</title><link>../</link>
<item><title>Relative story</title><link>story-1.html</link><guid isPermaLink="false">s1</guid><pubDate>Mon, 07 Oct 2024 10:00:00 +0000</pubDate></item>
<item><title>Absolute story</title><link>https://elsewhere.example/s2</link><guid isPermaLink="false">s2</guid><pubDate>Mon, 07 Oct 2024 11:00:00 +0000</pubDate></item>
</channel></rss>`

describe('Content-Location', () => {
  it('comes through fetchSource as sent', async () => {
    srv.serveBody('/feeds/latest.xml', rss, {
      contentType: 'application/rss+xml',
      headers: { 'Content-Location': '/archive/2024/feed.xml' },
    })
    const result = await fetchSource({ url: `${srv.url}/feeds/latest.xml` }, makeOptions())
    expect(result).toMatchObject({ kind: 'fetched', contentLocation: '/archive/2024/feed.xml' })
  })

  it('is the base of relative channel and item links when the poller stores the feed', async () => {
    srv.serveBody('/feeds/latest.xml', rss, {
      contentType: 'application/rss+xml',
      headers: { 'Content-Location': '/archive/2024/feed.xml' },
    })
    const config = validateConfig(
      { settings: { allowPrivateNetworks: true, timeoutSeconds: 5 }, sources: [{ id: 'arch', url: `${srv.url}/feeds/latest.xml` }] },
      'feeds.json',
    )
    const report = await pollOnce({ store, config })
    expect(report.outcomes[0]).toMatchObject({ result: 'new', counts: { inserted: 2 } })
    const items = (await store.listItems({ sources: ['arch'], limit: 10 })).items
    expect(items.map((i) => i.url).sort()).toEqual([`${srv.url}/archive/2024/story-1.html`, 'https://elsewhere.example/s2'])
    expect((await store.getSource('arch'))?.homepage).toBe(`${srv.url}/archive/`)
  })
})
