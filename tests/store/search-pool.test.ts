// Bounded ranking: bm25 runs over the newest RANK_POOL matches only; filters narrow the pool
// before it is cut; prefix searches get their snippets from one range scan.
import { describe, expect, it } from 'vitest'
import { RANK_POOL } from '../../src/store/search.js'
import type { NormalizedItem, Store } from '../../src/types.js'
import { makeItem, makeStore } from '../helpers/store.js'

const now = '2026-03-01T00:00:00.000Z'

async function add(store: Store, sourceId: string, items: NormalizedItem[]): Promise<number[]> {
  return (await store.upsertItems(sourceId, items, now)).written.map((w) => w.id)
}

function filler(sourceId: string, count: number, word: string): NormalizedItem[] {
  return Array.from({ length: count }, (_, i) =>
    makeItem({
      sourceId,
      title: `Routine update ${i}`,
      summaryText: `A ${word} note number ${i} about nothing much at all, padded with words.`,
    }),
  )
}

describe('searchItems ranking pool', () => {
  it('ranks the newest RANK_POOL matches: an older strong match drops out once enough newer ones arrive', async () => {
    const store = await makeStore(['a', 'b'])
    const [strong] = await add(store, 'a', [
      makeItem({ sourceId: 'a', title: 'Zephyr zephyr breach', summaryText: 'zephyr zephyr zephyr' }),
    ])
    await add(store, 'a', filler('a', RANK_POOL - 1, 'zephyr'))
    // Exactly RANK_POOL matches: the strong one is still in the pool and ranks first.
    expect((await store.searchItems({ q: 'zephyr', limit: 5 })).items[0]?.id).toBe(strong)
    await add(store, 'a', filler('a', 1, 'zephyr'))
    const page = await store.searchItems({ q: 'zephyr', limit: 5 })
    expect(page.items).toHaveLength(5)
    expect(page.items.map((x) => x.id)).not.toContain(strong)
    // A rarer word still ranks every one of its matches.
    expect((await store.searchItems({ q: 'breach', limit: 5 })).items.map((x) => x.id)).toEqual([strong])
    await store.close()
  })

  it('pages through the whole pool without repeats', async () => {
    const store = await makeStore(['a'])
    await add(store, 'a', filler('a', RANK_POOL + 30, 'quokka'))
    const seen = new Set<number>()
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await store.searchItems(cursor === undefined ? { q: 'quokka', limit: 500 } : { q: 'quokka', limit: 500, cursor })
      for (const item of page.items) {
        expect(seen.has(item.id)).toBe(false)
        seen.add(item.id)
      }
      cursor = page.nextCursor ?? undefined
      pages++
    } while (cursor !== undefined && pages < 20)
    expect(seen.size).toBe(RANK_POOL)
    await store.close()
  })

  it('applies source and category filters inside the pool, not after it', async () => {
    const store = await makeStore(['a', 'b'])
    const [own] = await add(store, 'b', [makeItem({ sourceId: 'b', title: 'Wombat leak at a small firm', categories: ['Rare'] })])
    await add(store, 'a', filler('a', RANK_POOL + 5, 'wombat'))
    expect((await store.searchItems({ q: 'wombat', limit: 10, sources: ['b'] })).items.map((x) => x.id)).toEqual([own])
    expect((await store.searchItems({ q: 'wombat', limit: 10, category: 'rare' })).items.map((x) => x.id)).toEqual([own])
    await store.close()
  })

  it('marks prefix matches in snippets (range scan) the same way as plain terms', async () => {
    const store = await makeStore(['a'])
    const ids = await add(store, 'a', [
      makeItem({ sourceId: 'a', title: 'Ransomware hits a port', summaryText: 'The ransom demand was large.' }),
      makeItem({ sourceId: 'a', title: 'Quiet week', summaryText: 'Nothing to see.' }),
      makeItem({ sourceId: 'a', title: 'Ransom paid by city', summaryText: 'Officials confirmed the payment.' }),
    ])
    const page = await store.searchItems({ q: 'ransom*', limit: 10 })
    expect(page.items.map((x) => x.id).sort()).toEqual([ids[0], ids[2]].sort())
    for (const item of page.items) expect(item.snippet).toMatch(/\u0002Ransom(ware)?\u0003/)
    await store.close()
  })
})
