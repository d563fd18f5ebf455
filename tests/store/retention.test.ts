import { describe, expect, it } from 'vitest'
import { makeItem, makeStore } from '../helpers/store.js'

const now = '2026-03-01T00:00:00.000Z'
function daysAgo(days: number): string {
  return new Date(Date.parse(now) - days * 86_400_000).toISOString()
}

describe('pruneItems', () => {
  it('deletes items older than the retention, keeping the newest keepPerSource per source', async () => {
    const store = await makeStore(['a', 'b'])
    // a: 5 old items; b: 1 old + 1 recent (both within its keepPerSource).
    await store.upsertItems(
      'a',
      [10, 20, 30, 40, 50].map((d) => makeItem({ sourceId: 'a', title: `old a ${d}`, publishedAt: daysAgo(d) })),
      now,
    )
    await store.upsertItems(
      'b',
      [makeItem({ sourceId: 'b', publishedAt: daysAgo(40) }), makeItem({ sourceId: 'b', publishedAt: daysAgo(1) })],
      now,
    )
    expect(await store.pruneItems(now, 15, 2)).toBe(3)
    expect(await store.countItems('a')).toBe(2)
    expect(await store.countItems('b')).toBe(2) // its only two items are its newest two
    expect((await store.listItems({ sources: ['a'], limit: 10 })).items.map((x) => x.published)).toEqual([daysAgo(10), daysAgo(20)])
    // The full-text index followed the deletes.
    expect((await store.searchItems({ q: '"old a 50"', limit: 10 })).items).toEqual([])
    expect((await store.searchItems({ q: '"old a 20"', limit: 10 })).items).toHaveLength(1)
    // Nothing more to do.
    expect(await store.pruneItems(now, 15, 2)).toBe(0)
  })

  it('writes tombstones so pruned items do not come back', async () => {
    const store = await makeStore(['a'])
    const old = makeItem({ sourceId: 'a', publishedAt: daysAgo(100) })
    await store.upsertItems('a', [old, makeItem({ sourceId: 'a', publishedAt: daysAgo(1) })], now)
    expect(await store.pruneItems(now, 30, 0)).toBe(1)
    const again = await store.upsertItems('a', [old], now)
    expect(again.summary).toEqual({ inserted: 0, updated: 0, unchanged: 1 })
    expect(await store.countItems()).toBe(1)
  })

  it('re-elects story leads and deletes emptied stories', async () => {
    const store = await makeStore(['a', 'b'])
    const lead = (
      await store.upsertItems(
        'a',
        [makeItem({ sourceId: 'a', publishedAt: daysAgo(100) }), makeItem({ sourceId: 'a', publishedAt: daysAgo(1) })],
        now,
      )
    ).written[0]!.id
    const mate = (await store.upsertItems('b', [makeItem({ sourceId: 'b', publishedAt: daysAgo(5) })], now)).written[0]!.id
    const story = (await store.getItem(lead))!.storyId
    await store.assignStory(mate, { storyId: story, itemId: lead, reason: 'cites_item', score: 0.9 })
    const loneOld = (await store.upsertItems('b', [makeItem({ sourceId: 'b', publishedAt: daysAgo(200) })], now)).written[0]!.id
    expect(await store.pruneItems(now, 30, 0)).toBe(2)
    expect(await store.getItem(lead)).toBeUndefined()
    expect(await store.getItem(loneOld)).toBeUndefined()
    const river = await store.listItems({ limit: 10 })
    expect(river.items.map((x) => x.id)).toContain(mate)
    expect(river.items.find((x) => x.id === mate)!.alsoReportedBy).toEqual([])
    expect(river.items).toHaveLength(2)
    expect((await store.getItem(mate))!.storyId).toBe(story)
  })
})

describe('recentPostsBySource and listCategories', () => {
  it('returns the newest n posts of each source', async () => {
    const store = await makeStore(['a', 'b', 'c'])
    await store.upsertItems(
      'a',
      [1, 2, 3, 4].map((d) => makeItem({ sourceId: 'a', publishedAt: daysAgo(d) })),
      now,
    )
    await store.upsertItems('b', [makeItem({ sourceId: 'b', publishedAt: daysAgo(9) })], now)
    const recent = await store.recentPostsBySource(2)
    expect([...recent.keys()].sort()).toEqual(['a', 'b'])
    expect(recent.get('a')!.map((p) => p.publishedAt)).toEqual([daysAgo(1), daysAgo(2)])
    expect(recent.get('b')).toHaveLength(1)
    expect(recent.get('b')![0]).toMatchObject({ publishedAt: daysAgo(9) })
    expect(Object.keys(recent.get('b')![0]!).sort()).toEqual(['id', 'publishedAt', 'title', 'url'])
    expect((await store.recentPostsBySource(0)).size).toBe(0)
  })

  it('counts categories case-insensitively, most used first, display name the most common spelling', async () => {
    const store = await makeStore(['a'])
    const cats = [['Ransomware'], ['ransomware'], ['Ransomware', 'Health'], ['Health'], ['Health'], ['Health'], ['GDPR']]
    await store.upsertItems(
      'a',
      cats.map((c) => makeItem({ sourceId: 'a', categories: c })),
      now,
    )
    expect(await store.listCategories()).toEqual([
      { name: 'Health', count: 4 },
      { name: 'Ransomware', count: 3 },
      { name: 'GDPR', count: 1 },
    ])
    expect(await store.listCategories(1)).toEqual([{ name: 'Health', count: 4 }])
  })
})
