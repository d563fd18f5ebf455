// The reader pages through createApp over a real in-memory store and real HTTP on 127.0.0.1:0: what the HTML
// a reader gets contains (and what it must never contain).

import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import { createApp } from '../../src/server/index.js'
import type { AppConfig, NormalizedItem, Store } from '../../src/types.js'
import { makeItem, makeSource, makeStore } from '../helpers/store.js'
import { countCalls } from './harness.js'

const NOW = new Date('2026-03-10T12:00:00.000Z')
const hoursAgo = (h: number): string => new Date(NOW.getTime() - h * 3_600_000).toISOString()

interface Running {
  base: string
  store: Store
  close(): Promise<void>
}

async function start(store: Store): Promise<Running> {
  const config: AppConfig = { path: 'feeds.json', settings: {} as AppConfig['settings'], sources: [] }
  const app = createApp({ store, getConfig: () => config, now: () => NOW })
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    base,
    store,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

async function get(base: string, path: string): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await fetch(base + path, { redirect: 'manual' })
  return { status: res.status, html: await res.text(), headers: res.headers }
}

async function insert(store: Store, sourceId: string, items: NormalizedItem[]): Promise<number[]> {
  return (await store.upsertItems(sourceId, items, NOW.toISOString())).written.map((w) => w.id)
}

/** The <main> element's HTML (without the sidebar). */
function mainOf(html: string): string {
  return /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? ''
}

function countOccurrences(html: string, needle: string): number {
  return html.split(needle).length - 1
}

describe('reader pages', () => {
  let run: Running

  beforeAll(async () => {
    setLogLevel('silent')
    const store = await makeStore()
    await store.syncSources([
      makeSource({ id: 'databreaches', title: 'DataBreaches.net', homepage: 'https://databreaches.example/' }),
      makeSource({ id: 'therecord', title: 'The Record', homepage: 'https://therecord.example/' }),
      makeSource({ id: 'bleeping', title: 'BleepingComputer' }),
      makeSource({ id: 'broken', title: 'Broken Feed' }),
    ])
    const [lead] = await insert(store, 'databreaches', [
      makeItem({
        sourceId: 'databreaches',
        identityKey: 'harborview',
        title: 'Harborview Dental Group notifies 212,000 patients',
        author: 'Dissent',
        publishedAt: hoursAgo(3),
        summaryText: Array.from({ length: 80 }, (_, i) => `word${i}`).join(' '),
        categories: ['Health Data', 'Hack'],
      }),
    ])
    const [mate] = await insert(store, 'therecord', [
      makeItem({
        sourceId: 'therecord',
        identityKey: 'harborview-rec',
        title: 'Harborview Dental breach hits 212,418',
        publishedAt: hoursAgo(2),
      }),
    ])
    await store.assignStory(mate!, { storyId: (await store.getItem(lead!))!.storyId, itemId: lead!, reason: 'similar_title', score: 0.9 })
    await insert(store, 'bleeping', [
      makeItem({
        sourceId: 'bleeping',
        identityKey: 'hostile',
        title: '<script>alert(1)</script> Ransomware & "friends"',
        summaryText: '<img src=x onerror=alert(1)> payload text',
        url: 'https://bleeping.example/hostile',
        publishedAt: hoursAgo(1),
        categories: ['<b>Ransomware</b>'],
      }),
      makeItem({
        sourceId: 'bleeping',
        identityKey: 'quantix',
        title: 'Quantix Logistics hit by ransomware attack',
        summaryText: 'Freight broker Quantix Logistics suffered a ransomware attack that encrypted dispatch servers.',
        publishedAt: hoursAgo(5),
        categories: ['Ransomware'],
      }),
    ])
    // Enough older items to need three pages of 20.
    await insert(
      store,
      'bleeping',
      Array.from({ length: 45 }, (_, i) =>
        makeItem({ sourceId: 'bleeping', identityKey: `old-${i}`, title: `Older story number ${i}`, publishedAt: hoursAgo(24 + i) }),
      ),
    )
    await store.updateSourceState('databreaches', {
      lastTriedAt: hoursAgo(0.5),
      lastSuccessAt: hoursAgo(0.5),
      lastStatus: 200,
      nextRunAt: hoursAgo(-0.25),
    })
    await store.updateSourceState('broken', {
      lastTriedAt: hoursAgo(0.5),
      lastStatus: 503,
      lastError: 'fetch: HTTP 503 <Service Unavailable>',
      lastErrorCode: 'http_status',
      consecutiveFailures: 4,
    })
    run = await start(store)
  })

  afterAll(async () => {
    await run.close()
    await run.store.close()
  })

  it('shows the river: one entry per story, also reported by, categories, excerpt, dates', async () => {
    const { status, html, headers } = await get(run.base, '/')
    expect(status).toBe(200)
    expect(headers.get('content-type')).toMatch(/^text\/html/)
    expect(countOccurrences(html, '<h1')).toBe(1)
    expect(html).toContain('Harborview Dental Group notifies 212,000 patients')
    // The later report of the same story is not its own entry; it is listed under the lead, with its headline.
    expect(countOccurrences(mainOf(html), 'Harborview Dental breach hits 212,418')).toBe(1)
    expect(mainOf(html)).not.toMatch(/<h2 class="post__title"[^>]*>\s*<a[^>]*>Harborview Dental breach hits/)
    expect(html).toMatch(
      /<a class="post__other-source" href="\/sources\/therecord">The Record<\/a>: <a href="https:\/\/therecord\.example\/posts\/harborview-rec" rel="noopener noreferrer">Harborview Dental breach hits 212,418<\/a>/,
    )
    expect(html).toContain('<a class="tag" href="/categories/Health%20Data">Health Data</a>')
    expect(html).toContain(`<time datetime="${hoursAgo(3)}">`)
    expect(html).toContain('(3 hours ago)')
    expect(html).toContain('by <span class="post__author">Dissent</span>')
    // ~55-word excerpt of the 80-word summary.
    expect(html).toContain('word54…')
    expect(html).not.toContain('word55')
    expect(html).toMatch(/<a href="https:\/\/databreaches\.example\/posts\/harborview" rel="noopener noreferrer">/)
  })

  it('has the sidebar: search, recent posts per source, categories with counts, subscribe links', async () => {
    const { html } = await get(run.base, '/')
    expect(html).toMatch(/<label for="sidebar-search">Search the news<\/label>/)
    expect(html).toMatch(/Recent posts on <a href="\/sources\/databreaches">DataBreaches\.net<\/a>/)
    expect(html).toMatch(/Recent posts on <a href="\/sources\/therecord">The Record<\/a>/)
    expect(html).toContain('Browse by categories')
    expect(html).toMatch(/Ransomware <span class="count">\(1\)<\/span>/)
    for (const href of ['/feed.xml', '/feed.atom', '/feed.json', '/opml']) expect(html).toContain(`href="${href}"`)
    expect(html).toContain('<link rel="alternate" type="application/rss+xml"')
    expect(html).toContain('<link rel="alternate" type="application/atom+xml"')
    expect(html).toContain('<link rel="alternate" type="application/feed+json"')
    for (const landmark of ['<header', '<nav', '<main', '<aside', '<footer']) expect(html).toContain(landmark)
    expect(html).toContain('<a class="skip-link" href="#main">')
  })

  it('escapes everything from feeds and has no inline script or style', async () => {
    const { html } = await get(run.base, '/')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Ransomware &amp; &quot;friends&quot;')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; payload text')
    expect(html).toContain('&lt;b&gt;Ransomware&lt;/b&gt;')
    // The one script is the same-origin keyboard-shortcut file, with no inline body.
    expect([...html.matchAll(/<script[^>]*>[\s\S]*?<\/script>/gi)].map((m) => m[0])).toEqual([
      expect.stringMatching(/^<script src="\/static\/keys\.js\?v=\w+" defer><\/script>$/),
    ])
    expect(html).not.toMatch(/\sstyle=/i)
    expect(html).not.toMatch(/<img src=x/i)
    expect(html).not.toMatch(/<[^>]*\son\w+=/i)
  })

  it('pages with a cursor without skipping or repeating, even when new items arrive', async () => {
    const titles = (html: string): string[] => [...html.matchAll(/<h2 class="post__title" id="post-(\d+)">/g)].map((m) => m[1]!)
    const first = await get(run.base, '/')
    const page1 = titles(first.html)
    expect(page1).toHaveLength(20)
    const older = /<a class="pagination__older" href="([^"]+)"/.exec(first.html)?.[1]?.replace(/&amp;/g, '&')
    expect(older).toMatch(/^\/\?cursor=/)
    // A new story arrives between page views: it must not push an item from page 1 onto page 2.
    await insert(run.store, 'therecord', [
      makeItem({ sourceId: 'therecord', identityKey: 'fresh', title: 'Fresh story', publishedAt: NOW.toISOString() }),
    ])
    const second = await get(run.base, older!)
    const page2 = titles(second.html)
    expect(page2).toHaveLength(20)
    expect(page2.filter((id) => page1.includes(id))).toEqual([])
    expect(second.html).toContain('← Newest posts')
    const olderStill = /<a class="pagination__older" href="([^"]+)"/.exec(second.html)?.[1]?.replace(/&amp;/g, '&')
    const third = await get(run.base, olderStill!)
    const page3 = titles(third.html)
    const all = [...page1, ...page2, ...page3]
    expect(new Set(all).size).toBe(all.length)
    // 48 stories existed when paging started (49 items, two of them in one story).
    expect(all).toHaveLength(48)
    expect(third.html).not.toContain('pagination__older')
  })

  it('maps ?page=N onto the same pages as the cursor links', async () => {
    const viaPage = await get(run.base, '/?page=2')
    expect(viaPage.status).toBe(200)
    const first = await get(run.base, '/')
    const older = /<a class="pagination__older" href="([^"]+)"/.exec(first.html)?.[1]?.replace(/&amp;/g, '&')
    const viaCursor = await get(run.base, older!)
    const ids = (html: string): string => [...html.matchAll(/id="post-(\d+)"/g)].map((m) => m[1]).join(',')
    expect(ids(viaPage.html)).toBe(ids(viaCursor.html))
    // Past the end and not-a-number: friendly pages (tests/server/first-run.test.ts has the details).
    expect((await get(run.base, '/?page=99')).status).toBe(200)
    expect((await get(run.base, '/?page=abc')).status).toBe(400)
  })

  it('answers a broken cursor with a friendly 400 page', async () => {
    const { status, html } = await get(run.base, '/?cursor=not-a-cursor')
    expect(status).toBe(400)
    expect(html).toContain('That link no longer works')
    expect(html).not.toMatch(/at \w+ \(/) // no stack trace
  })

  it('shows a source page with its posts, homepage and health', async () => {
    const { status, html } = await get(run.base, '/sources/databreaches')
    expect(status).toBe(200)
    expect(html).toMatch(/<h1 class="page-title">DataBreaches\.net<\/h1>/)
    expect(html).toContain('href="https://databreaches.example/" rel="noopener noreferrer"')
    expect(html).toContain('Last success')
    expect(html).toContain('Harborview Dental Group notifies 212,000 patients')
    expect(html).toContain('href="/feed.xml?source=databreaches"')
    const broken = await get(run.base, '/sources/broken')
    expect(broken.html).toContain('Failing')
    expect(broken.html).toContain('fetch: HTTP 503 &lt;Service Unavailable&gt;')
  })

  it('lists every item of a source, including those merged into another story', async () => {
    const { html } = await get(run.base, '/sources/therecord')
    expect(html).toContain('Harborview Dental breach hits 212,418')
  })

  it('shows a category page, matching the name case-insensitively', async () => {
    const { status, html } = await get(run.base, '/categories/ransomware')
    expect(status).toBe(200)
    expect(html).toMatch(/<h1 class="page-title">Ransomware<\/h1>/)
    expect(html).toContain('Quantix Logistics hit by ransomware attack')
    expect(mainOf(html)).not.toContain('Harborview Dental Group notifies')
  })

  it('answers unknown sources, categories and paths with the 404 page', async () => {
    for (const path of ['/sources/nope', '/categories/no-such-category', '/no/such/page']) {
      const { status, html } = await get(run.base, path)
      expect(status, path).toBe(404)
      expect(html, path).toContain('Page not found')
      expect(countOccurrences(html, '<h1'), path).toBe(1)
    }
  })

  it('escapes the requested path on the 404 page', async () => {
    const { html } = await get(run.base, '/%3Cscript%3Ealert(1)%3C/script%3E')
    expect(html).not.toContain('<script>alert(1)')
  })

  it('searches with ranked, highlighted snippets', async () => {
    const { status, html } = await get(run.base, '/search?q=quantix')
    expect(status).toBe(200)
    expect(html).toContain('Quantix Logistics hit by ransomware attack')
    expect(html).toMatch(/<mark>Quantix<\/mark>/i)
    expect(html).toContain('value="quantix"')
    const prefix = await get(run.base, `/search?q=${encodeURIComponent('quant*')}`)
    expect(prefix.html).toContain('Quantix Logistics hit by ransomware attack')
    const phrase = await get(run.base, `/search?q=${encodeURIComponent('"freight broker"')}`)
    expect(phrase.html).toContain('Quantix Logistics hit by ransomware attack')
  })

  it('pages search results with a cursor, without repeats', async () => {
    const ids = (html: string): string[] => [...mainOf(html).matchAll(/id="post-(\d+)"/g)].map((m) => m[1]!)
    const first = await get(run.base, '/search?q=older')
    expect(ids(first.html)).toHaveLength(20)
    const more = /<a class="pagination__older" href="([^"]+)" rel="next">More results →<\/a>/.exec(first.html)?.[1]?.replace(/&amp;/g, '&')
    expect(more).toMatch(/^\/search\?q=older&cursor=/)
    const second = await get(run.base, more!)
    expect(second.status).toBe(200)
    expect(ids(second.html).filter((id) => ids(first.html).includes(id))).toEqual([])
    expect(second.html).toContain('← Best matches')
  })

  it('escapes search snippets from hostile items and keeps only <mark> as markup', async () => {
    const { html } = await get(run.base, '/search?q=payload')
    expect(html).toContain('<mark>payload</mark>')
    expect(html).not.toMatch(/<img src=x/i)
  })

  it('gives a friendly message for an empty, a bad and a fruitless search', async () => {
    const empty = await get(run.base, '/search')
    expect(empty.status).toBe(200)
    expect(empty.html).toContain('Type a few words')
    const bad = await get(run.base, `/search?q=${encodeURIComponent('"unbalanced AND (')}`)
    // Unbalanced quotes and parentheses are read leniently (as words), not refused: it is a search with no hits.
    expect(bad.status).toBe(200)
    expect(bad.html).toContain('No posts match “&quot;unbalanced AND (”')
    const junk = await get(run.base, `/search?q=${encodeURIComponent('***')}`)
    expect(junk.status).toBe(400)
    expect(junk.html).toContain('We could not understand that search')
    const none = await get(run.base, '/search?q=zzzznothing')
    expect(none.status).toBe(200)
    expect(none.html).toContain('No posts match')
  })

  it('shows every source on /status with failing sources marked in text, listed first', async () => {
    const { status, html } = await get(run.base, '/status')
    expect(status).toBe(200)
    expect(html).toContain('1 failing')
    const brokenAt = html.indexOf('Broken Feed')
    const okAt = html.indexOf('DataBreaches.net')
    expect(brokenAt).toBeGreaterThan(-1)
    expect(brokenAt).toBeLessThan(okAt)
    expect(html).toContain('status-card--failing')
    expect(html).toMatch(/<span class="badge badge--failing"><span aria-hidden="true">⚠ <\/span>Failing<\/span>/)
    expect(html).toContain('fetch: HTTP 503 &lt;Service Unavailable&gt;')
    expect(html).toMatch(/Failures in a row<\/dt><dd>4<\/dd>/)
    expect(html).toContain('in 15 minutes')
  })

  it('makes at most two store queries per page once the sidebar is cached (none per item)', async () => {
    const { store: counted, calls } = countCalls(run.store)
    const counting = await start(counted)
    try {
      for (const path of ['/', '/sources/databreaches', '/categories/Ransomware', '/search?q=quantix', '/status']) {
        await get(counting.base, '/') // warms the sidebar cache for this store generation
        calls.length = 0
        const { status } = await get(counting.base, path)
        expect(status, path).toBe(200)
        expect(calls.length, `${path}: ${calls.join(', ')}`).toBeLessThanOrEqual(2)
      }
    } finally {
      await counting.close()
    }
  })

  it('serves the stylesheet with long cache headers', async () => {
    const res = await fetch(`${run.base}/static/style.css`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/css/)
    expect(res.headers.get('cache-control')).toMatch(/max-age=31536000/)
    expect(res.headers.get('cache-control')).toMatch(/immutable/)
    await res.text()
  })
})
