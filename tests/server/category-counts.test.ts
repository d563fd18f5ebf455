// Category counts add up: every count /categories and the sidebar print equals the number of
// posts its link lists, over all its pages, even when several reports of one story carry the
// category and its spellings differ in case. Real store, real HTTP on 127.0.0.1:0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import type { NormalizedItem, Store } from '../../src/types.js'
import { makeItem, makeStore } from '../helpers/store.js'
import { hoursAgo, makeConfig, makeSource, NOW, type Running, startApp } from './harness.js'

const sources = [
  makeSource({ id: 'alpha', title: 'Alpha' }),
  makeSource({ id: 'beta', title: 'Beta' }),
  makeSource({ id: 'gamma', title: 'Gamma' }),
]

async function insert(store: Store, item: NormalizedItem): Promise<number> {
  const [written] = (await store.upsertItems(item.sourceId, [item], NOW.toISOString())).written
  if (written === undefined) throw new Error('test: item not written')
  return written.id
}

async function get(base: string, path: string): Promise<string> {
  const res = await fetch(base + path)
  expect(res.status, path).toBe(200)
  return await res.text()
}

/** Every post a category page lists, following its "Older posts" links. */
async function countListed(base: string, href: string): Promise<number> {
  let total = 0
  let next: string | undefined = href
  for (let pages = 0; next !== undefined && pages < 20; pages++) {
    const html = await get(base, next)
    total += html.match(/<article class="post"/g)?.length ?? 0
    next = /<a class="pagination__older" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&')
  }
  return total
}

function readCounts(html: string, listClass: string): { href: string; count: number }[] {
  const list = new RegExp(`<ul class="${listClass}">([\\s\\S]*?)</ul>`).exec(html)?.[1] ?? ''
  return [...list.matchAll(/<a href="([^"]+)">[^<]*(?:<\/a>)? ?<span class="count">\(([\d,]+)\)<\/span>/g)].map((m) => ({
    href: (m[1] ?? '').replace(/&amp;/g, '&'),
    count: Number((m[2] ?? '').replace(/,/g, '')),
  }))
}

describe('category counts', () => {
  let run: Running

  beforeAll(async () => {
    setLogLevel('silent')
    const store = await makeStore()
    await store.syncSources(sources)
    // One story of three reports, all filed under ransomware (in two spellings).
    const lead = await insert(
      store,
      makeItem({ sourceId: 'alpha', identityKey: 'lead', publishedAt: hoursAgo(5), categories: ['Ransomware'] }),
    )
    const storyId = (await store.getItem(lead))?.storyId ?? 0
    for (const [sourceId, category] of [
      ['beta', 'ransomware'],
      ['gamma', 'Ransomware'],
    ] as const) {
      const id = await insert(
        store,
        makeItem({ sourceId, identityKey: `mate-${sourceId}`, publishedAt: hoursAgo(4), categories: [category] }),
      )
      await store.assignStory(id, { storyId, itemId: lead, reason: 'similar_title', score: 0.8 })
    }
    // Enough posts in one category to need two pages, and a few small ones.
    for (let i = 0; i < 25; i++) {
      const sourceId = sources[i % 3]?.id ?? 'alpha'
      await insert(
        store,
        makeItem({
          sourceId,
          identityKey: `health-${i}`,
          publishedAt: hoursAgo(10 + i),
          categories: i % 5 === 0 ? ['Health', 'Lawsuit'] : ['Health'],
        }),
      )
    }
    run = await startApp(store, makeConfig(sources))
  })

  afterAll(async () => {
    await run.close()
    await run.store.close()
  })

  it('lists on each category page as many posts as /categories counts for it', async () => {
    const counts = readCounts(await get(run.base, '/categories'), 'category-index')
    expect(counts.map((c) => c.count)).toEqual([25, 5, 3])
    for (const { href, count } of counts) expect(await countListed(run.base, href), href).toBe(count)
  })

  it('lists as many posts as the sidebar counts, on every page that has the sidebar', async () => {
    for (const page of ['/', '/categories/Health', '/sources/alpha']) {
      const counts = readCounts(await get(run.base, page), 'category-list')
      expect(counts.length, page).toBe(3)
      for (const { href, count } of counts) expect(await countListed(run.base, href), `${page}: ${href}`).toBe(count)
    }
  })
})
