// Issue 6 end to end: three sources report the Grand Vista ransomware attack with different titles
// (The Record's original, DataBreaches.net quoting it with "Read more at", BleepingComputer's own
// report). The real poller fetches them from a loopback server, the real store files them, and the
// real app shows ONE story with alsoReportedBy on the river page, the API and all three feeds. The
// lawsuit nine days later (which links the original) and the second breach in June stay apart.

import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { load } from 'cheerio'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { createApp } from '../../src/server/index.js'
import { openStore } from '../../src/store/index.js'
import type { ApiItem, AppConfig, Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'

const POLL_NOW = new Date('2026-07-01T00:00:00.000Z')

const SOURCES = [
  {
    id: 'therecord',
    title: 'The Record',
    file: 'therecord.xml',
    contentType: 'application/rss+xml',
    homepage: 'https://therecord.example/',
  },
  {
    id: 'databreaches',
    title: 'DataBreaches.net',
    file: 'databreaches.xml',
    contentType: 'application/rss+xml',
    homepage: 'https://databreaches.example/',
  },
  {
    id: 'bleeping',
    title: 'BleepingComputer',
    file: 'bleeping.atom',
    contentType: 'application/atom+xml',
    homepage: 'https://www.bleepingcomputer.example/',
  },
] as const

const URLS = {
  recordOriginal: 'https://therecord.example/grand-vista-medical-center-ransomware-310000-patients',
  recordLawsuit: 'https://therecord.example/grand-vista-medical-center-class-action-lawsuit',
  recordEuropol: 'https://therecord.example/europol-bulletproof-hosting-takedown',
  dbQuote: 'https://databreaches.example/2026/02/03/grand-vista-medical-center-notifies-patients-after-ransomware-attack/',
  dbSecond: 'https://databreaches.example/2026/06/18/grand-vista-medical-center-discloses-second-breach/',
  dbLakeshore: 'https://databreaches.example/2026/02/04/lakeshore-school-district-student-records-vendor-hack/',
  bcFirst: 'https://www.bleepingcomputer.example/news/security/grand-vista-medical-center-data-breach-impacts-310-000-patients/',
  bcSecond: 'https://www.bleepingcomputer.example/news/security/grand-vista-medical-center-suffers-second-data-breach/',
}

/** The stories the fixtures must produce, whatever the polling order: lead first, then the others. */
const EXPECTED_STORIES = [
  [URLS.dbSecond, URLS.bcSecond],
  [URLS.recordLawsuit],
  [URLS.recordEuropol],
  [URLS.dbLakeshore],
  [URLS.recordOriginal, URLS.dbQuote, URLS.bcFirst],
]

let feeds: FixtureServer

beforeAll(async () => {
  setLogLevel('silent')
  feeds = await startFixtureServer()
  for (const s of SOURCES) feeds.serveFile(`/${s.file}`, `story-feeds/${s.file}`, { contentType: s.contentType, etag: `"${s.id}-1"` })
})
afterAll(async () => {
  await feeds.close()
})

function makeConfig(): AppConfig {
  const sources = SOURCES.map((s) => ({ id: s.id, title: s.title, url: `${feeds.url}/${s.file}`, homepage: s.homepage }))
  return validateConfig({ settings: { allowPrivateNetworks: true, timeoutSeconds: 5 }, sources }, 'feeds.json')
}

/** Polls one source at a time, in this order (each pass sees what the earlier ones stored). */
async function pollInOrder(store: Store, config: AppConfig, order: readonly string[]): Promise<void> {
  for (const id of order) {
    const report = await pollOnce({ store, config, sourceIds: [id], now: () => POLL_NOW })
    expect(report.outcomes.map((o) => [o.sourceId, o.result])).toEqual([[id, 'new']])
  }
}

/** Every story as [lead url, other urls by publication], river order (newest lead first). */
async function readStories(store: Store): Promise<string[][]> {
  const stories: string[][] = []
  for (const lead of (await store.listItems({ limit: 100 })).items) {
    const story = (await store.explainStory((await store.getItem(lead.id))!.storyId))!
    expect(story.leadItemId).toBe(lead.id)
    stories.push(story.members.map((m) => m.url))
  }
  return stories
}

function permutations<T>(list: readonly T[]): T[][] {
  if (list.length <= 1) return [[...list]]
  return list.flatMap((head, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [head, ...rest]))
}

describe('stories: same incident, three sources, polled for real', () => {
  it('every polling order gives the same stories: the earliest report leads, the lawsuit and the second breach stay apart', async () => {
    const config = makeConfig()
    const seen = new Map<string, string[][]>()
    for (const order of permutations(SOURCES.map((s) => s.id))) {
      const store = openStore(':memory:')
      try {
        await pollInOrder(store, config, order)
        seen.set(order.join(' → '), await readStories(store))
      } finally {
        await store.close()
      }
    }
    for (const [order, stories] of seen) expect({ order, stories }).toEqual({ order, stories: EXPECTED_STORIES })
  })

  it('a concurrent pass gives the same stories, and polling again changes nothing', async () => {
    const store = openStore(':memory:')
    try {
      const config = makeConfig()
      await pollOnce({ store, config, now: () => POLL_NOW })
      expect(await readStories(store)).toEqual(EXPECTED_STORIES)
      const again = await pollOnce({ store, config, now: () => POLL_NOW })
      expect(again.outcomes.map((o) => o.result)).toEqual(['unchanged', 'unchanged', 'unchanged'])
      expect(await readStories(store)).toEqual(EXPECTED_STORIES)
    } finally {
      await store.close()
    }
  })
})

describe('stories: what the app shows (polled in publication order)', () => {
  let store: Store
  let server: Server
  let base: string

  beforeEach(async () => {
    store = openStore(':memory:')
    const config = makeConfig()
    await pollInOrder(store, config, ['therecord', 'databreaches', 'bleeping'])
    const app = createApp({ store, getConfig: () => config, now: () => POLL_NOW })
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterEach(async () => {
    await new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
    await store.close()
  })

  async function get(path: string): Promise<{ status: number; text: string }> {
    const res = await fetch(`${base}${path}`)
    return { status: res.status, text: await res.text() }
  }

  async function getItems(path: string): Promise<ApiItem[]> {
    const res = await get(path)
    expect(res.status).toBe(200)
    return (JSON.parse(res.text) as { items: ApiItem[] }).items
  }

  const original = <T extends { url: string }>(items: T[]): T | undefined => items.find((i) => i.url === URLS.recordOriginal)

  it('GET /api/items: one item per story, the lead with alsoReportedBy and each merge reason', async () => {
    const items = await getItems('/api/items')
    expect(items.map((i) => i.url)).toEqual(EXPECTED_STORIES.map((story) => story[0]))
    expect(original(items)!.alsoReportedBy).toEqual([
      { source: { id: 'databreaches', title: 'DataBreaches.net' }, url: URLS.dbQuote, reason: 'cites_item' },
      { source: { id: 'bleeping', title: 'BleepingComputer' }, url: URLS.bcFirst, reason: 'similar_title' },
    ])
    const second = items.find((i) => i.url === URLS.dbSecond)!
    expect(second.alsoReportedBy).toEqual([
      { source: { id: 'bleeping', title: 'BleepingComputer' }, url: URLS.bcSecond, reason: 'shared_citation' },
    ])
    expect(items.find((i) => i.url === URLS.recordLawsuit)!.alsoReportedBy).toEqual([])
  })

  it('GET /api/items?source=X lists every item of that source, unmerged, each naming its story mates', async () => {
    const db = await getItems('/api/items?source=databreaches')
    expect(db.map((i) => i.url)).toEqual([URLS.dbSecond, URLS.dbLakeshore, URLS.dbQuote])
    const quote = db.find((i) => i.url === URLS.dbQuote)!
    expect(quote.alsoReportedBy.map((a) => [a.source.id, a.url, a.reason])).toEqual([
      // The Record started the story, so no reason attached it.
      ['therecord', URLS.recordOriginal, undefined],
      ['bleeping', URLS.bcFirst, 'similar_title'],
    ])
    const bc = await getItems('/api/items?source=bleeping')
    expect(bc.map((i) => i.url)).toEqual([URLS.bcSecond, URLS.bcFirst])
    const both = await getItems('/api/items?source=bleeping&source=databreaches')
    expect(both).toHaveLength(5)
  })

  it('explainStory names the lead and, per member, the reason, score and matched item', async () => {
    const lead = (await store.listItems({ limit: 100 })).items.find((i) => i.url === URLS.recordOriginal)!
    const story = (await store.explainStory((await store.getItem(lead.id))!.storyId))!
    expect(story.leadItemId).toBe(lead.id)
    const [first, quote, similar] = story.members
    expect(first).toMatchObject({ itemId: lead.id, sourceId: 'therecord', reason: 'lead', score: null, matchedItemId: null })
    expect(quote).toMatchObject({ sourceId: 'databreaches', url: URLS.dbQuote, reason: 'cites_item', score: 0.95, matchedItemId: lead.id })
    expect(similar).toMatchObject({ sourceId: 'bleeping', url: URLS.bcFirst, reason: 'similar_title' })
    expect(similar!.score).toBeGreaterThan(0)
    expect(similar!.score).toBeLessThan(1)
    expect([lead.id, quote!.itemId]).toContain(similar!.matchedItemId)
    expect(await store.explainStory(999_999)).toBeUndefined()
  })

  it('GET / shows the story once, listing the other reports with their sources', async () => {
    const res = await get('/')
    expect(res.status).toBe(200)
    const $ = load(res.text)
    const posts = $('article.post')
    expect(posts.length).toBe(EXPECTED_STORIES.length)
    const grandVista = posts.filter((_, el) => $(el).find('h2 a').attr('href') === URLS.recordOriginal)
    expect(grandVista.length).toBe(1)
    // The river lists a story's other reports (views/partials/item.eta: source, then headline link).
    const others = grandVista.find('.post__others li')
    expect(others.map((_, li) => [[$(li).find('.post__other-source').text().trim(), $(li).find('a[rel]').attr('href')]]).get()).toEqual([
      ['DataBreaches.net', URLS.dbQuote],
      ['BleepingComputer', URLS.bcFirst],
    ])
    const lawsuit = posts.filter((_, el) => $(el).find('h2 a').attr('href') === URLS.recordLawsuit)
    expect(lawsuit.find('.post__others li').length).toBe(0)
    // The other reports are not separate entries of the river.
    expect(posts.filter((_, el) => [URLS.dbQuote, URLS.bcFirst].includes($(el).find('h2 a').attr('href') ?? '')).length).toBe(0)
  })

  it('GET /feed.xml: one item per story, naming the other sources', async () => {
    const res = await get('/feed.xml')
    expect(res.status).toBe(200)
    const $ = load(res.text, { xml: true })
    const items = $('channel > item')
    expect(items.map((_, el) => $(el).children('link').text()).get()).toEqual(EXPECTED_STORIES.map((story) => story[0]))
    const entry = items.filter((_, el) => $(el).children('link').text() === URLS.recordOriginal)
    expectAlsoReportedByHtml(entry.children('description').text() + entry.children('content\\:encoded').text())
    const perSource = load((await get('/feed.xml?source=databreaches')).text, { xml: true })
    expect(perSource('channel > item').length).toBe(3)
  })

  it('GET /feed.atom: one entry per story, naming the other sources', async () => {
    const res = await get('/feed.atom')
    expect(res.status).toBe(200)
    const $ = load(res.text, { xml: true })
    const entries = $('feed > entry')
    const hrefOf = (el: Parameters<typeof $>[0]) => $(el).children('link[rel="alternate"], link:not([rel])').first().attr('href')
    expect(entries.map((_, el) => hrefOf(el)).get()).toEqual(EXPECTED_STORIES.map((story) => story[0]))
    const entry = entries.filter((_, el) => hrefOf(el) === URLS.recordOriginal)
    expectAlsoReportedByHtml(entry.children('content').text() + entry.children('summary').text())
  })

  it('GET /feed.json: one item per story, naming the other sources', async () => {
    const res = await get('/feed.json')
    expect(res.status).toBe(200)
    const feed = JSON.parse(res.text) as {
      items: { url: string; content_html: string; _breachwire?: { also_reported_by?: { source: { id: string }; url: string }[] } }[]
    }
    expect(feed.items.map((i) => i.url)).toEqual(EXPECTED_STORIES.map((story) => story[0]))
    const entry = original(feed.items)!
    expectAlsoReportedByHtml(entry.content_html)
    expect(entry._breachwire?.also_reported_by?.map((a) => [a.source.id, a.url])).toEqual([
      ['databreaches', URLS.dbQuote],
      ['bleeping', URLS.bcFirst],
    ])
  })
})

/** The entry's HTML closes with "Also reported by" linking DataBreaches.net and BleepingComputer. */
function expectAlsoReportedByHtml(html: string): void {
  const $ = load(html)
  const also = $('p').filter((_, p) => /Also reported by/.test($(p).text()))
  expect(also.length).toBe(1)
  expect(
    also
      .find('a')
      .map((_, a) => [[$(a).text().trim(), $(a).attr('href')]])
      .get(),
  ).toEqual([
    ['DataBreaches.net', URLS.dbQuote],
    ['BleepingComputer', URLS.bcFirst],
  ])
}
