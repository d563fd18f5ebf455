// settings.categorySynonyms through the real poller: a loopback feed whose posts say "Healthcare",
// "health data" and "HIPAA-Breach", polled with a table that files HIPAA breach under HIPAA; what
// the store keeps, counts and lists afterwards.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { Store } from '../../src/types.js'
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

const post = (n: number, categories: string[]) =>
  `<item><title>Post ${n}</title><link>https://clinic.example/${n}</link><guid>g-${n}</guid>` +
  `<pubDate>${new Date(Date.UTC(2026, 0, n)).toUTCString()}</pubDate>${categories.map((c) => `<category>${c}</category>`).join('')}</item>`

describe('category synonyms through the poller', () => {
  it('files each synonym under its name, so /categories counts equal the category listings', async () => {
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Clinic</title>${[
      post(1, ['Healthcare', 'HIPAA Breach News']),
      post(2, ['health data', 'Health']),
      post(3, ['HIPAA-breach']),
      post(4, ['Ransomware']),
    ].join('')}</channel></rss>`
    srv.serveBody('/feed', feed, { contentType: 'application/rss+xml' })
    const config = validateConfig(
      {
        settings: { allowPrivateNetworks: true, categorySynonyms: { HIPAA: ['HIPAA Breach News', 'HIPAA breach'] } },
        sources: [{ id: 'clinic', url: `${srv.url}/feed` }],
      },
      'feeds.json',
    )
    await pollOnce({ store, config })
    const categories = await store.listCategories()
    expect(categories).toEqual([
      { name: 'Health', count: 2 },
      { name: 'HIPAA', count: 2 },
      { name: 'Ransomware', count: 1 },
    ])
    for (const { name, count } of categories) {
      expect((await store.listItems({ limit: 200, category: name, each: 'report' })).items).toHaveLength(count)
    }
    const second = (await store.listItems({ sources: ['clinic'], limit: 10 })).items.find((item) => item.title === 'Post 2')
    expect(second?.categories).toEqual(['Health'])
  })
})
