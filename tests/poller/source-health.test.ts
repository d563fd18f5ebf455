// What a pass left out, end to end: the real poller against the loopback fixture server, the
// real store, then the pages through createApp. Drops (clean/'s reasons) reach the poll line, the
// outcome, the source's stored state, /status and the source page, and a later clean pass clears them.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { formatOutcomeLine, pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { AppConfig, SourceOutcome, Store } from '../../src/types.js'
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js'
import { send, startApp } from '../server/harness.js'

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

function makeConfig(sources: Record<string, unknown>[]): AppConfig {
  return validateConfig({ settings: { allowPrivateNetworks: true, timeoutSeconds: 5 }, sources }, 'feeds.json')
}

/** The text a reader sees inside <main> (tags dropped, whitespace collapsed). */
async function pageText(config: AppConfig, path: string): Promise<string> {
  const run = await startApp(store, config)
  try {
    const res = await send(run.base, path)
    expect(res.status).toBe(200)
    return (/<main[\s\S]*<\/main>/.exec(res.text)?.[0] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
  } finally {
    await run.close()
  }
}

async function pollOne(config: AppConfig): Promise<SourceOutcome> {
  const [outcome] = (await pollOnce({ store, config })).outcomes
  if (outcome === undefined) throw new Error('no outcome')
  return outcome
}

const item = (guid: string, link: string) => `<item><title>Story ${guid}</title><link>${link}</link><guid>${guid}</guid><pubDate>Mon, 07 Oct 2024 10:00:00 +0000</pubDate></item>`
const rss = (items: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>https://news.example/</link>${items.join('')}</channel></rss>`

describe('drops by reason', () => {
  it('reach the poll line, the stored state, /status and the source page; a clean pass clears them', async () => {
    srv.serveBody('/feed', rss([item('a', 'https://news.example/a'), item('a', 'https://news.example/a'), item('a', 'https://news.example/a'), item('b', 'javascript:alert(1)'), item('c', 'https://news.example/c')]), { contentType: 'application/rss+xml' })
    const config = makeConfig([{ id: 'news', url: `${srv.url}/feed` }])

    const outcome = await pollOne(config)
    expect(outcome.counts).toMatchObject({ inserted: 2, dropped: 3, droppedBy: { duplicate: 2, unusable_link: 1 } })
    expect(formatOutcomeLine(outcome, 0)).toBe('news  new 2, updated 0, dropped 3 (2 duplicate, 1 unusable link)')
    expect(await store.getSource('news')).toMatchObject({ lastDropped: { duplicate: 2, unusable_link: 1 } })
    expect(await pageText(config, '/status')).toContain('3 items dropped last poll: 2 duplicate, 1 unusable link')
    expect(await pageText(config, '/sources/news')).toContain('Dropped 3 items dropped last poll: 2 duplicate, 1 unusable link')

    srv.serveBody('/feed', rss([item('a', 'https://news.example/a'), item('c', 'https://news.example/c')]), { contentType: 'application/rss+xml' })
    const clean = await pollOne(config)
    expect(formatOutcomeLine(clean, 0)).toBe('news  unchanged')
    expect(await store.getSource('news')).toMatchObject({ lastDropped: null })
    expect(await pageText(config, '/status')).not.toContain('dropped')
  })
})
