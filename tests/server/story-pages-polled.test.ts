// Issue 15's "done when", on the pages, through the real poller: poll a source, then a second
// whose post cites the first; the river shows one story with both headlines and a "new report"
// mark, and the story page says why they are one. Then the first source edits its headline
// upstream: the entry says "Updated" with the old and new headline and keeps its place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { AppConfig, Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { NOW, type Running, startApp } from './harness.js'

const hoursBefore = (h: number): string => new Date(NOW.getTime() - h * 3_600_000).toUTCString()

function rss(title: string, items: { guid: string; link: string; title: string; hoursAgo: number; html: string }[]): string {
  const entries = items.map(
    (i) => `<item><guid isPermaLink="false">${i.guid}</guid><link>${i.link}</link><title>${i.title}</title>
      <pubDate>${hoursBefore(i.hoursAgo)}</pubDate><description><![CDATA[${i.html}]]></description></item>`,
  )
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://example.org/</link>${entries.join('')}</channel></rss>`
}

const LEAD_URL = 'https://databreaches.example/2026/03/acme-health-breach'

function databreachesFeed(title: string, globexTitle = 'Globex fined over leak'): string {
  return rss('DataBreaches.net', [
    { guid: 'db-1', link: LEAD_URL, title, hoursAgo: 5, html: '<p>Acme Health told regulators that patient records were taken.</p>' },
    {
      guid: 'db-2',
      link: 'https://databreaches.example/2026/03/globex',
      title: globexTitle,
      hoursAgo: 3,
      html: '<p>A fine.</p>',
    },
  ])
}

const recordFeed = rss('The Record', [
  {
    guid: 'rec-1',
    link: 'https://therecord.example/acme-raises-count',
    title: 'Acme raises breach count to 2.5 million',
    hoursAgo: 1,
    html: `<p>Acme Health now says 2.5 million people were affected, <a href="${LEAD_URL}">as first reported by DataBreaches.net</a>.</p>`,
  },
])

function mainOf(html: string): string {
  return /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? ''
}

function entryTitles(main: string): string[] {
  return [...main.matchAll(/<h2 class="post__title" id="post-\d+">\s*<a[^>]*>([^<]+)<\/a>/g)].map((m) => m[1] ?? '')
}

describe('the story pages after real polls', () => {
  let feeds: FixtureServer
  let store: Store
  let config: AppConfig
  let run: Running

  const poll = async (id: string): Promise<void> => {
    const report = await pollOnce({ store, config, sourceIds: [id], now: () => NOW })
    expect(report.outcomes.map((o) => o.result)).not.toContain('failed')
  }
  const page = async (path: string): Promise<string> => {
    const res = await fetch(run.base + path)
    expect(res.status, path).toBe(200)
    return mainOf(await res.text())
  }

  beforeAll(async () => {
    setLogLevel('silent')
    feeds = await startFixtureServer()
    feeds.serveBody('/db.xml', databreachesFeed('Acme Health discloses breach affecting 1.2 million'), { etag: '"db-1"' })
    feeds.serveBody('/rec.xml', recordFeed, { etag: '"rec-1"' })
    config = validateConfig(
      {
        settings: { allowPrivateNetworks: true, timeoutSeconds: 5 },
        sources: [
          { id: 'databreaches', title: 'DataBreaches.net', url: `${feeds.url}/db.xml`, homepage: 'https://databreaches.example/' },
          { id: 'therecord', title: 'The Record', url: `${feeds.url}/rec.xml`, homepage: 'https://therecord.example/' },
        ],
      },
      'feeds.json',
    )
    store = openStore(':memory:')
    run = await startApp(store, config)
  })

  afterAll(async () => {
    await run.close()
    await store.close()
    await feeds.close()
  })

  it('shows the follow-up as a new report of one story, and explains the merge on the story page', async () => {
    await poll('databreaches')
    await poll('therecord')
    const river = await page('/')
    expect(entryTitles(river)).toEqual(['Acme Health discloses breach affecting 1.2 million', 'Globex fined over leak'])
    const entry = river.split('<article').find((a) => a.includes('Acme Health discloses')) ?? ''
    expect(entry).toContain('>Acme raises breach count to 2.5 million</a>')
    expect(entry).toContain('New report from The Record, 1 hour ago')
    const storyHref = /<a href="(\/stories\/\d+)" data-story>2 reports →<\/a>/.exec(entry)?.[1]
    expect(storyHref).toBeDefined()
    const story = await page(storyHref ?? '')
    expect(story).toContain('Why it is here:</span> Cites DataBreaches.net’s report.')
    expect(story).toContain('Why it is here:</span> First to report.')
  })

  it('marks an upstream edit "Updated" with the old and new headline, and the entry keeps its place', async () => {
    // Both posts edited: an edit is not news, so Globex (3 h old) stays below the Acme story (1 h).
    feeds.serveBody('/db.xml', databreachesFeed('Acme Health breach affects 1.8 million', 'Globex fined $5M over leak'), { etag: '"db-2"' })
    await poll('databreaches')
    const river = await page('/')
    expect(entryTitles(river)).toEqual(['Acme Health breach affects 1.8 million', 'Globex fined $5M over leak'])
    expect(river).toContain('<del class="post__old-title">Globex fined over leak</del> → Globex fined $5M over leak')
    expect(river).toContain(
      '<del class="post__old-title">Acme Health discloses breach affecting 1.2 million</del> → Acme Health breach affects 1.8 million',
    )
    const storyHref = /<a href="(\/stories\/\d+)" data-story>/.exec(river)?.[1] ?? ''
    expect(await page(storyHref)).toContain(
      '<del>Acme Health discloses breach affecting 1.2 million</del> → <ins>Acme Health breach affects 1.8 million</ins>',
    )
  })
})
