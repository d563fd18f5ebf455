// The JSON API: the contract's shapes, cursor pagination through 10,000 items, and 400 JSON for
// every kind of bad parameter (never a 500, never a stack trace).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import type { ApiItem, ApiSource, ItemPage, NormalizedItem } from '../../src/types.js'
import { makeItem, makeStore } from '../helpers/store.js'
import { buildNewsroom } from './fixtures.js'
import { hoursAgo, json, makeConfig, makeSource, NOW, type Running, send, startApp } from './harness.js'

describe('GET /api/items and /api/sources', () => {
  let run: Running
  beforeAll(async () => {
    setLogLevel('silent')
    const { store, config } = await buildNewsroom()
    // A source that left feeds.json keeps its items but is no longer listed.
    await store.syncSources([...config.sources, makeSource({ id: 'gone', title: 'Gone' })])
    await store.upsertItems(
      'gone',
      [makeItem({ sourceId: 'gone', title: 'Old item from a removed source', publishedAt: hoursAgo(100) })],
      NOW.toISOString(),
    )
    await store.syncSources(config.sources)
    run = await startApp(store, config)
  })
  afterAll(async () => run.close())

  it('returns the contract’s item shape, one item per story, with alsoReportedBy', async () => {
    const res = await send(run.base, '/api/items')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    const page = json<ItemPage>(res)
    expect(page.nextCursor).toBeNull()
    expect(page.items).toHaveLength(6)
    const acme = page.items.find((item) => item.title.startsWith('Acme ransomware')) as ApiItem
    expect(Object.keys(acme).sort()).toEqual(
      [
        'alsoReportedBy',
        'author',
        'categories',
        'contentHtml',
        'facts',
        'guid',
        'id',
        'published',
        'revisionCount',
        'source',
        'storyId',
        'summary',
        'title',
        'updated',
        'url',
      ].sort(),
    )
    expect(acme.source).toEqual({ id: 'alpha', title: 'Alpha News' })
    expect(Object.keys(acme.facts)).toEqual(['organizations', 'actors', 'records', 'dataTypes', 'sector', 'country'])
    expect(acme.alsoReportedBy).toEqual([
      expect.objectContaining({ source: { id: 'beta', title: 'Beta Privacy' }, url: 'https://beta.example/acme' }),
    ])
  })

  it('lists every item of a source with ?source= (no merging), and searches with ?q= without snippets', async () => {
    const beta = json<ItemPage>(await send(run.base, '/api/items?source=beta'))
    expect(beta.items.map((i) => i.title)).toEqual(['Regulator opens GDPR inquiry', 'Acme hit by ransomware'])
    const found = json<ItemPage>(await send(run.base, '/api/items?q=globex'))
    expect(found.items.map((i) => i.title)).toEqual(['Globex fined for leaking customer data'])
    expect(found.items[0]).not.toHaveProperty('snippet')
    // A removed source's items can still be asked for by id.
    expect(json<ItemPage>(await send(run.base, '/api/items?source=gone')).items).toHaveLength(1)
  })

  it('lists the configured sources in the contract’s shape', async () => {
    const sources = json<ApiSource[]>(await send(run.base, '/api/sources'))
    expect(sources.map((s) => s.id).sort()).toEqual(['alpha', 'beta', 'evil', 'pages'])
    expect(Object.keys(sources[0]!).sort()).toEqual(
      [
        'consecutiveFailures',
        'enabled',
        'homepage',
        'id',
        'itemCount',
        'lastDropped',
        'lastError',
        'lastStatus',
        'lastSuccessAt',
        'lastTriedAt',
        'lastWarning',
        'nextRunAt',
        'title',
        'url',
      ].sort(),
    )
    expect(sources.find((s) => s.id === 'beta')?.itemCount).toBe(2)
  })

  it('clamps a limit above 200 to 200 and defaults to 50', async () => {
    expect((await send(run.base, '/api/items?limit=500')).status).toBe(200)
    expect((await send(run.base, '/api/items?limit=200')).status).toBe(200)
  })

  it.each([
    ['/api/items?limit=abc', /^Expected `limit` to be an integer from 1 to 200, got `abc`$/],
    ['/api/items?limit=0', /limit/],
    ['/api/items?limit=-5', /limit/],
    ['/api/items?limit=1.5', /limit/],
    ['/feed.xml?limit=abc', /limit/],
    ['/api/items?cursor=garbage', /cursor/],
    [`/api/items?cursor=${Buffer.from('["list","x",1,"zz"]').toString('base64url')}`, /cursor/],
    ['/api/items?source=nope', /^unknown source "nope"$/],
    ['/feed.atom?source=alpha&source=nope', /^unknown source "nope"$/],
    ['/api/items?q=a&q=b', /`q` at most once/],
    ['/feed.json?category=a&category=b', /`category` at most once/],
    ['/api/items?q=%E0%A4%A', /percent-encoding/],
    ['/feed.xml?source=%ZZ', /percent-encoding/],
    [`/api/items?q=${'x'.repeat(201)}`, /at most 200 characters/],
  ])('%s → 400 JSON', async (path, message) => {
    const res = await send(run.base, path)
    expect(res.status).toBe(400)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    const body = json<{ error: string }>(res)
    expect(Object.keys(body)).toEqual(['error'])
    expect(body.error).toMatch(message)
    expect(res.text).not.toMatch(/at \w+ \(|\/src\/|node_modules/)
  })

  it('answers unknown /api paths with 404 JSON and malformed paths with 400', async () => {
    const missing = await send(run.base, '/api/nothing')
    expect(missing.status).toBe(404)
    expect(json<{ error: string }>(missing).error).toMatch(/no such API endpoint/)
    const malformed = await send(run.base, '/api/%E0%A4%A')
    expect(malformed.status).toBe(404)
    expect(json(malformed)).toHaveProperty('error')
  })

  it('never answers a 500 to odd search syntax: words are searched as words, no words at all is a 400', async () => {
    // Quotes, operators and column filters never reach FTS5 as broken syntax: these find nothing here.
    for (const q of ['%22unbalanced', 'NEAR(', 'title%3Ax']) {
      const res = await send(run.base, `/api/items?q=${q}`)
      expect(res.status, q).toBe(200)
      expect(json<ItemPage>(res), q).toEqual({ items: [], nextCursor: null })
    }
    const dangling = await send(run.base, '/api/items?q=a%20OR')
    expect(dangling.status).toBe(200)
    expect(json<ItemPage>(dangling).items.map((item) => item.title)).toContain('Regulator opens GDPR inquiry')
    for (const q of ['*', '%00', '(((']) {
      const res = await send(run.base, `/api/items?q=${q}`)
      expect(res.status, q).toBe(400)
      expect(json(res), q).toEqual({ error: 'search query is empty' })
    }
  })

  it('ignores unknown parameters', async () => {
    expect((await send(run.base, '/api/items?utm_source=x&foo')).status).toBe(200)
  })
})

describe('pagination through 10,000 items', () => {
  let run: Running
  const total = 10_000
  beforeAll(async () => {
    setLogLevel('silent')
    const store = await makeStore()
    const sources = [makeSource({ id: 'bulk-a' }), makeSource({ id: 'bulk-b' })]
    await store.syncSources(sources)
    for (const sourceId of ['bulk-a', 'bulk-b']) {
      const items: NormalizedItem[] = []
      // Many items share a publication time, so the cursor must break ties.
      for (let i = 0; i < total / 2; i++) {
        items.push(
          makeItem({ sourceId, identityKey: `${sourceId}-${i}`, publishedAt: new Date(NOW.getTime() - (i % 97) * 60_000).toISOString() }),
        )
      }
      await store.transaction((tx) => tx.upsertItems(sourceId, items, NOW.toISOString()))
    }
    // A hundred pages, each a first request (a miss): more than one client's default miss budget.
    run = await startApp(store, makeConfig(sources), { limits: { rateLimit: { misses: 1000 } } })
  }, 120_000)
  afterAll(async () => run.close())

  it('visits every item exactly once, newest first, with ?limit=200 (and via ?source= as well)', async () => {
    for (const prefix of ['/api/items?limit=200', '/api/items?limit=200&source=bulk-a&source=bulk-b']) {
      const seen = new Set<number>()
      let previous: string | null = null
      let cursor: string | null = null
      let pages = 0
      do {
        const res = await send(run.base, `${prefix}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        expect(res.status).toBe(200)
        const page = json<ItemPage>(res)
        for (const item of page.items) {
          expect(seen.has(item.id)).toBe(false)
          seen.add(item.id)
          if (previous !== null) expect(item.published! <= previous).toBe(true)
          previous = item.published
        }
        cursor = page.nextCursor
        pages++
        expect(pages).toBeLessThanOrEqual(total / 200 + 1)
      } while (cursor !== null)
      expect(seen.size).toBe(total)
    }
  }, 120_000)
})
