// Issue 14, story takeover, end to end: a legitimate source and a hostile one on a loopback
// server, the real poller and store, and the app's /api/items. The hostile feed copies the legit
// article's URL with an older date and a fake title, and backdates a look-alike of another legit
// report; neither may become the lead. See docs/stories.md, "What a hostile source can do".
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { createApp } from '../../src/server/index.js'
import { openStore } from '../../src/store/index.js'
import type { ApiItem, AppConfig, Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'

const T = Date.parse('2026-03-10T12:00:00.000Z')
const at = (hours: number) => new Date(T + hours * 3_600_000)

const LEGIT = {
  acme: 'https://legit.example/2026/03/acme-corp-ransomware',
  globex: 'https://legit.example/2026/03/globex-pharma-breach',
}
const HOSTILE = {
  hello: 'https://hostile.example/hello',
  globex: 'https://hostile.example/globex-pharma',
}

const item = (title: string, link: string, date: Date) =>
  `<item><title>${title}</title><link>${link}</link><guid>${link}</guid><pubDate>${date.toUTCString()}</pubDate></item>`
const rss = (items: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${items.join('')}</channel></rss>`

let feeds: FixtureServer
let store: Store
let server: Server
let base = ''

beforeAll(() => setLogLevel('silent'))
beforeEach(async () => {
  feeds = await startFixtureServer()
  store = openStore(':memory:')
})
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  await store.close()
  await feeds.close()
})

function makeConfig(): AppConfig {
  const sources = [
    { id: 'legit', title: 'Legit News', url: `${feeds.url}/legit`, homepage: 'https://legit.example/' },
    { id: 'hostile', title: 'Hostile', url: `${feeds.url}/hostile`, homepage: 'https://hostile.example/' },
  ]
  return validateConfig({ settings: { allowPrivateNetworks: true, timeoutSeconds: 5 }, sources }, 'feeds.json')
}

async function poll(config: AppConfig, now: Date): Promise<void> {
  const report = await pollOnce({ store, config, now: () => now })
  expect(report.outcomes.map((o) => o.result)).not.toContain('failed')
}

async function apiItems(): Promise<ApiItem[]> {
  if (base === '') {
    const app = createApp({ store, getConfig: makeConfig, now: () => at(2) })
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }
  const res = await fetch(`${base}/api/items`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { items: ApiItem[] }).items
}

describe('story takeover through the poller and /api/items', () => {
  it('a copied URL with an older date and a backdated look-alike join the legit stories but do not lead them', async () => {
    base = ''
    const config = makeConfig()
    feeds.serveBody(
      '/legit',
      rss([
        item('Acme Corp confirms ransomware attack', LEGIT.acme, at(-1)),
        item('Globex Pharma breach exposed 120,000 patients', LEGIT.globex, at(-2)),
      ]),
      { contentType: 'application/rss+xml' },
    )
    feeds.serveBody('/hostile', rss([item('Hello', HOSTILE.hello, at(-1))]), { contentType: 'application/rss+xml' })
    await poll(config, at(0))

    // The hostile feed's second fetch: the legit Acme URL under a fake title, dated five days
    // earlier; and its own Globex look-alike, dated 70 h before the legit report.
    feeds.serveBody(
      '/hostile',
      rss([
        item('Hello', HOSTILE.hello, at(-1)),
        item('Acme Corp ransomware attack was a hoax', LEGIT.acme, at(-120)),
        item('Globex Pharma breach exposed 120,000 patients', HOSTILE.globex, at(-72)),
      ]),
      { contentType: 'application/rss+xml' },
    )
    await poll(config, at(1))

    const items = await apiItems()
    const acme = items.find((i) => i.title.includes('Acme'))!
    expect(acme).toMatchObject({ url: LEGIT.acme, title: 'Acme Corp confirms ransomware attack', source: { id: 'legit' } })
    expect(acme.alsoReportedBy).toEqual([{ source: { id: 'hostile', title: 'Hostile' }, url: LEGIT.acme, reason: 'same_url' }])
    const globex = items.find((i) => i.title.includes('Globex'))!
    expect(globex).toMatchObject({ url: LEGIT.globex, source: { id: 'legit' } })
    expect(globex.alsoReportedBy.map((a) => [a.source.id, a.url])).toEqual([['hostile', HOSTILE.globex]])
    expect(items).toHaveLength(3)
  })

  it('the same backdated look-alike on the hostile source’s first fetch is trusted: it leads (documented limit)', async () => {
    base = ''
    const config = makeConfig()
    feeds.serveBody('/legit', rss([item('Globex Pharma breach exposed 120,000 patients', LEGIT.globex, at(-2))]), {
      contentType: 'application/rss+xml',
    })
    feeds.serveBody('/hostile', rss([item('Globex Pharma breach exposed 120,000 patients', HOSTILE.globex, at(-72))]), {
      contentType: 'application/rss+xml',
    })
    await poll(config, at(0))
    const [globex] = await apiItems()
    expect(globex).toMatchObject({ url: HOSTILE.globex, alsoReportedBy: [{ source: { id: 'legit' } }] })
  })
})
