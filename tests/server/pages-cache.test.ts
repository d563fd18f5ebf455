// Reader pages rendered once per store change (and per minute, for their relative dates), served
// from memory with ETag/304 and gzip; the capped sidebar; ?page=N walked by keys.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import { RECENT_SOURCES } from '../../src/server/pages/sidebar.js'
import { createContext } from '../../src/store/context.js'
import { openStore } from '../../src/store/index.js'
import { findListCursor } from '../../src/store/list-items.js'
import { openDatabase } from '../../src/store/open.js'
import type { NormalizedItem, Store } from '../../src/types.js'
import { makeItem, makeSource, makeStore } from '../helpers/store.js'
import { countCalls, makeConfig, NOW, type Running, send, startApp } from './harness.js'

const hoursBefore = (at: Date, h: number): string => new Date(at.getTime() - h * 3_600_000).toISOString()
const SOURCE_IDS = Array.from({ length: 12 }, (_, i) => `src-${String(i).padStart(2, '0')}`)

async function insert(store: Store, sourceId: string, items: NormalizedItem[]): Promise<number[]> {
  return (await store.upsertItems(sourceId, items, NOW.toISOString())).written.map((w) => w.id)
}

/** Twelve sources; source i's newest post is i hours old, so src-00 … src-07 are the freshest. */
async function fill(store: Store): Promise<void> {
  await store.syncSources(SOURCE_IDS.map((id, i) => makeSource({ id, title: `Source ${i}` })))
  for (const [i, id] of SOURCE_IDS.entries()) {
    await insert(
      store,
      id,
      Array.from({ length: 7 }, (_, k) =>
        makeItem({ sourceId: id, title: `Post ${k} from ${id} about ransomware`, publishedAt: hoursBefore(NOW, i + k * 13 + 3) }),
      ),
    )
  }
}

describe('page cache', () => {
  let run: Running
  let calls: string[]
  let store: Store
  let clock = NOW

  beforeAll(async () => {
    setLogLevel('silent')
    store = await makeStore()
    await fill(store)
    const counted = countCalls(store)
    calls = counted.calls
    run = await startApp(counted.store, makeConfig([]), { now: () => clock })
  })
  afterAll(async () => {
    await run.close()
    await store.close()
  })

  it.each([
    '/',
    '/?page=2',
    '/sources/src-03',
    '/categories/nothing',
    '/search?q=ransomware',
    '/search?q=%2A%2A%2A',
    '/status',
    '/sources/nope',
  ])('%s: the second request makes no store call and gets the same bytes', async (path) => {
    const first = await send(run.base, path)
    calls.length = 0
    const second = await send(run.base, path)
    expect(calls, path).toEqual([])
    expect(second.status).toBe(first.status)
    expect(second.text).toBe(first.text)
    // Security headers on the cached answer too.
    expect(second.headers['content-security-policy']).toContain("default-src 'none'")
    expect(second.headers['content-type']).toBe('text/html; charset=utf-8')
  })

  it('sends ETag and Last-Modified, answers If-None-Match with 304, and negotiates gzip', async () => {
    const first = await send(run.base, '/')
    expect(first.status).toBe(200)
    expect(first.headers['cache-control']).toBe('public, max-age=0')
    expect(first.headers.vary).toBe('Accept-Encoding')
    const etag = first.headers.etag!
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/)
    expect(Number.isNaN(Date.parse(first.headers['last-modified']!))).toBe(false)
    const again = await send(run.base, '/', { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    const gz = await send(run.base, '/', { headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).toString('utf8')).toBe(first.text)
    // The compressed representation's ETag validates the same bytes.
    expect((await send(run.base, '/', { headers: { 'if-none-match': gz.headers.etag! } })).status).toBe(304)
    const search = await send(run.base, '/search?q=ransomware')
    expect((await send(run.base, '/search?q=ransomware', { headers: { 'if-none-match': search.headers.etag! } })).status).toBe(304)
  })

  it('sends error pages with their status, no validators and no-store', async () => {
    const missing = await send(run.base, '/sources/nope', { headers: { 'if-none-match': '*' } })
    expect(missing.status).toBe(404)
    expect(missing.headers.etag).toBeUndefined()
    expect(missing.headers['cache-control']).toBe('no-store')
    expect(missing.text).toContain('Page not found')
    const badCursor = await send(run.base, '/?cursor=nope')
    expect(badCursor.status).toBe(400)
    expect(badCursor.text).toContain('That link no longer works')
  })

  it('renders again when the store changes, and when the clock moves to the next minute', async () => {
    const before = await send(run.base, '/')
    expect(before.text).toContain('(3 hours ago)')
    await insert(store, 'src-00', [makeItem({ sourceId: 'src-00', title: 'A brand new post', publishedAt: hoursBefore(NOW, 1) })])
    const changed = await send(run.base, '/', { headers: { 'if-none-match': before.headers.etag! } })
    expect(changed.status).toBe(200)
    expect(changed.text).toContain('A brand new post')
    // Within the same minute: the cached page, no store call.
    clock = new Date(NOW.getTime() + 20_000)
    calls.length = 0
    expect((await send(run.base, '/')).text).toBe(changed.text)
    expect(calls).toEqual([])
    // An hour on: rendered again, relative dates follow the clock.
    clock = new Date(NOW.getTime() + 3_600_000)
    const later = await send(run.base, '/')
    expect(later.text).toContain('(2 hours ago)')
    expect(later.text).not.toContain('(1 hour ago)')
    clock = NOW
  })

  it('re-reads sources and recent posts after a store change, but counts categories at most once a minute', async () => {
    await send(run.base, '/')
    await insert(store, 'src-01', [makeItem({ sourceId: 'src-01', title: 'Another new post', publishedAt: hoursBefore(NOW, 0.5) })])
    calls.length = 0
    const { text } = await send(run.base, '/')
    expect(text).toContain('Another new post')
    expect(calls).toContain('listSources')
    expect(calls).toContain('recentPostsBySource')
    expect(calls).not.toContain('listCategories')
  })

  it('rate limits repeats of a cached search like any other request, and serves them from the cache until the limit', async () => {
    process.env['BREACHWIRE_RATE_LIMIT'] = 'search=5,api=3,window=60'
    const limitedStore = await makeStore()
    await fill(limitedStore)
    const counted = countCalls(limitedStore)
    const limited = await startApp(counted.store, makeConfig([]))
    delete process.env['BREACHWIRE_RATE_LIMIT']
    try {
      const path = '/search?q=ransomware%20repeat'
      const first = await send(limited.base, path)
      expect(first.status).toBe(200)
      counted.calls.length = 0
      for (let i = 0; i < 4; i++) {
        const again = await send(limited.base, path)
        expect(again.status).toBe(200)
        expect(again.text).toBe(first.text)
      }
      expect(counted.calls).toEqual([])
      const refused = await send(limited.base, path)
      expect(refused.status).toBe(429)
      expect(refused.headers['retry-after']).toMatch(/^\d+$/)
      expect(JSON.parse(refused.text)).toEqual({ error: expect.stringMatching(/too many search requests/) })
      // The limit is per route family: the river is still answered.
      expect((await send(limited.base, '/')).status).toBe(200)
      // The API's cached answers count against the API limit the same way.
      for (let i = 0; i < 3; i++) expect((await send(limited.base, '/api/items?limit=5')).status).toBe(200)
      expect((await send(limited.base, '/api/items?limit=5')).status).toBe(429)
    } finally {
      delete process.env['BREACHWIRE_RATE_LIMIT']
      await limited.close()
      await limitedStore.close()
    }
  })

  it('labels cached page hits by route pattern in the metrics, never by raw path', async () => {
    await send(run.base, '/sources/src-05')
    await send(run.base, '/sources/src-05')
    const metrics = (await send(run.base, '/metrics')).text
    expect(metrics).toMatch(/route="\/sources\/:id"/)
    expect(metrics).not.toContain('route="/sources/src-05"')
  })
})

describe('sidebar', () => {
  it(`lists recent posts for the ${RECENT_SOURCES} sources with the freshest posts, and links to all sources`, async () => {
    setLogLevel('silent')
    const store = await makeStore()
    await fill(store)
    const run = await startApp(store, makeConfig([]))
    try {
      const { text } = await send(run.base, '/')
      const aside = /<aside[\s\S]*<\/aside>/.exec(text)?.[0] ?? ''
      const listed = [...aside.matchAll(/Recent posts on <a href="\/sources\/([^"]+)">/g)].map((m) => m[1])
      expect(listed).toEqual(SOURCE_IDS.slice(0, RECENT_SOURCES))
      // Five posts each, newest first.
      const first = /<section class="widget widget--recent"[\s\S]*?<\/section>/.exec(aside)?.[0] ?? ''
      expect(first.match(/<li>/g)).toHaveLength(5)
      expect(first.indexOf('Post 0 from src-00')).toBeLessThan(first.indexOf('Post 1 from src-00'))
      expect(aside).toMatch(/<a href="\/sources">All 12 sources →<\/a>/)
    } finally {
      await run.close()
      await store.close()
    }
  })
})

describe('?page=N walked by keys', () => {
  let dir: string

  beforeAll(() => {
    setLogLevel('silent')
    dir = mkdtempSync(join(tmpdir(), 'breachwire-pages-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('lands on the same page as the cursor links, and says "no older posts" past the end', async () => {
    const path = join(dir, 'river.db')
    const writer = openStore(path)
    await fill(writer)
    await writer.close()
    const store = openStore(path, { readonly: true })
    // A store that also walks by keys (src/store findListCursor on a second connection).
    const keys = createContext(openDatabase(path, { readonly: true }), () => {})
    let skips = 0
    const walking: Store = {
      ...store,
      findListCursor: async (query: object, count: number) => {
        skips++
        return findListCursor(keys, query, count)
      },
    } as Store
    const run = await startApp(walking, makeConfig([]))
    try {
      const ids = (html: string): string => [...html.matchAll(/id="post-(\d+)"/g)].map((m) => m[1]).join(',')
      let href = '/'
      const byCursor: string[] = []
      for (let page = 1; page <= 5; page++) {
        const html = (await send(run.base, href)).text
        byCursor.push(ids(html))
        href = /<a class="pagination__older" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? ''
      }
      expect(href).toBe('') // 84 posts: pages 1-5 of 20 (the last one partial)
      for (let page = 2; page <= 5; page++) {
        const viaPage = await send(run.base, `/?page=${page}`)
        expect(viaPage.status).toBe(200)
        expect(ids(viaPage.text), `page ${page}`).toBe(byCursor[page - 1])
      }
      expect(skips).toBe(4)
      const past = await send(run.base, '/?page=6')
      expect(past.status).toBe(200)
      expect(past.text).toContain('No older posts')
    } finally {
      await run.close()
      keys.db.close()
      await store.close()
    }
  })
})
