// maxItemsPerFetch and maxItemsPerSource through the real poller: a loopback feed of 1,500 items,
// fetch → parse → clean → store, and what is left in SQLite afterwards.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { describeDrops } from '../../src/lib/drops.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { AppConfig, Store } from '../../src/types.js'
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

const base = Date.parse('2026-01-01T00:00:00.000Z')
/** Item n is n minutes after the base; the feed lists them oldest first, so "newest" is not feed order. */
const rssItem = (n: number) =>
  `<item><title>Post ${n}</title><link>https://flood.example/${n}</link><guid>g-${n}</guid><pubDate>${new Date(base + n * 60_000).toUTCString()}</pubDate></item>`
const rss = (ns: number[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>${ns.map(rssItem).join('')}</channel></rss>`
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

function makeConfig(settings: Record<string, unknown>): AppConfig {
  return validateConfig(
    { settings: { allowPrivateNetworks: true, timeoutSeconds: 10, ...settings }, sources: [{ id: 'flood', url: `${srv.url}/feed` }] },
    'feeds.json',
  )
}

async function storedNumbers(): Promise<number[]> {
  const page = await store.listItems({ sources: ['flood'], limit: 200 })
  return page.items.map((item) => Number(item.title.replace('Post ', '')))
}

describe('item caps through the poller', () => {
  it('maxItemsPerFetch keeps the newest by date and counts the rest as dropped', async () => {
    srv.serveBody('/feed', rss(range(1, 1500)), { contentType: 'application/rss+xml' })
    const report = await pollOnce({ store, config: makeConfig({ maxItemsPerFetch: 100 }) })
    const [outcome] = report.outcomes
    expect(outcome).toMatchObject({ result: 'new', counts: { inserted: 100, dropped: 1400, droppedBy: { over_max_items: 1400 } } })
    expect(describeDrops(outcome!.counts.droppedBy)).toBe('1400 over maxItemsPerFetch')
    expect(await store.countItems('flood')).toBe(100)
    expect((await storedNumbers()).slice(0, 3)).toEqual([1500, 1499, 1498])
    expect(Math.min(...(await storedNumbers()))).toBe(1401)
    expect((await store.getSource('flood'))?.lastDropped).toEqual({ over_max_items: 1400 })
  })

  it('the default maxItemsPerFetch is 1,000', async () => {
    srv.serveBody('/feed', rss(range(1, 1500)), { contentType: 'application/rss+xml' })
    const report = await pollOnce({ store, config: makeConfig({}) })
    expect(report.outcomes[0]?.counts).toMatchObject({ inserted: 1000, droppedBy: { over_max_items: 500 } })
  })

  it('maxItemsPerSource prunes the oldest after storing, with tombstones, so they do not come back', async () => {
    srv.serveBody('/feed', rss(range(1, 1500)), { contentType: 'application/rss+xml' })
    const config = makeConfig({ maxItemsPerSource: 50 })
    const first = await pollOnce({ store, config })
    expect(first.outcomes[0]?.counts).toMatchObject({ inserted: 1000 })
    expect(await store.countItems('flood')).toBe(50)
    expect(Math.min(...(await storedNumbers()))).toBe(1451)

    // The same feed again: the pruned 950 are tombstoned (unchanged), nothing grows.
    const second = await pollOnce({ store, config })
    expect(second.outcomes[0]?.counts).toMatchObject({ inserted: 0 })
    expect(await store.countItems('flood')).toBe(50)

    // Ten newer items push the ten oldest out.
    srv.serveBody('/feed', rss(range(1, 1510)), { contentType: 'application/rss+xml' })
    const third = await pollOnce({ store, config })
    expect(third.outcomes[0]?.counts).toMatchObject({ inserted: 10 })
    expect(await store.countItems('flood')).toBe(50)
    const left = await storedNumbers()
    expect([Math.min(...left), Math.max(...left)]).toEqual([1461, 1510])
  })
})

describe('item cap settings in feeds.json', () => {
  it.each([
    ['maxItemsPerFetch', 0, 'settings.maxItemsPerFetch: expected an integer from 1 to 1000000, got 0'],
    ['maxItemsPerSource', 2.5, 'settings.maxItemsPerSource: expected an integer from 1 to 10000000, got 2.5'],
    ['maxItemsPerSource', '10', 'settings.maxItemsPerSource: expected an integer from 1 to 10000000, got "10"'],
  ])('rejects %s = %j with a path-qualified error', (key, value, message) => {
    expect(() => validateConfig({ settings: { [key]: value }, sources: [] }, 'feeds.json')).toThrow(message)
  })

  it('defaults to 1,000 per fetch and 10,000 per source', () => {
    const { settings } = validateConfig({ sources: [] }, 'feeds.json')
    expect([settings.maxItemsPerFetch, settings.maxItemsPerSource]).toEqual([1000, 10_000])
  })
})
