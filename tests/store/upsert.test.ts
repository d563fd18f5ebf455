import { describe, expect, it } from 'vitest'
import { makeItem, makeStore } from '../helpers/store.js'

const t1 = '2026-02-01T00:00:00.000Z'
const t2 = '2026-02-02T00:00:00.000Z'

describe('upsertItems', () => {
  it('inserts new items with their own story and returns their row ids', async () => {
    const store = await makeStore(['a'])
    const items = [makeItem({ sourceId: 'a' }), makeItem({ sourceId: 'a', categories: ['Ransomware', 'ransomware ', 'Health'] })]
    const result = await store.upsertItems('a', items, t1)
    expect(result.summary).toEqual({ inserted: 2, updated: 0, unchanged: 0 })
    expect(result.written.map((w) => w.isNew)).toEqual([true, true])
    const stored = (await store.getItem(result.written[1]!.id))!
    expect(stored.title).toBe(items[1]!.title)
    expect(stored.categories).toEqual(['Ransomware', 'Health'])
    expect(stored.firstSeenAt).toBe(t1)
    expect(stored.storyId).not.toBe((await store.getItem(result.written[0]!.id))!.storyId)
    expect(await store.countItems('a')).toBe(2)
  })

  it('counts an identical item as unchanged and refreshes last_seen_at only', async () => {
    const store = await makeStore(['a'])
    const item = makeItem({ sourceId: 'a' })
    const id = (await store.upsertItems('a', [item], t1)).written[0]!.id
    const again = await store.upsertItems('a', [item], t2)
    expect(again.summary).toEqual({ inserted: 0, updated: 0, unchanged: 1 })
    expect(again.written).toEqual([])
    const stored = (await store.getItem(id))!
    expect(stored.firstSeenAt).toBe(t1)
    expect(stored.lastSeenAt).toBe(t2)
  })

  it('updates a changed item in place, keeping first_seen_at and replacing categories', async () => {
    const store = await makeStore(['a'])
    const item = makeItem({ sourceId: 'a', title: 'Original headline', categories: ['Old'] })
    const id = (await store.upsertItems('a', [item], t1)).written[0]!.id
    const changed = makeItem({ ...item, contentHash: undefined, title: 'Corrected title', categories: ['New'] })
    const result = await store.upsertItems('a', [changed], t2)
    expect(result.summary).toEqual({ inserted: 0, updated: 1, unchanged: 0 })
    expect(result.written[0]).toMatchObject({ id, isNew: false })
    const stored = (await store.getItem(id))!
    expect(stored).toMatchObject({ title: 'Corrected title', firstSeenAt: t1, lastSeenAt: t2, categories: ['New'] })
    expect(await store.countItems()).toBe(1)
    expect((await store.searchItems({ q: 'corrected', limit: 5 })).items.map((i) => i.id)).toEqual([id])
    expect((await store.searchItems({ q: 'original', limit: 5 })).items).toEqual([])
  })

  it('keeps the stored date when the update only has a fallback date', async () => {
    const store = await makeStore(['a'])
    const item = makeItem({ sourceId: 'a', publishedAt: '2026-01-10T08:00:00.000Z' })
    const id = (await store.upsertItems('a', [item], t1)).written[0]!.id
    const fallback = makeItem({ ...item, contentHash: undefined, summaryText: 'edited', publishedAt: t2, dateIsFallback: true })
    const result = await store.upsertItems('a', [fallback], t2)
    expect(result.summary.updated).toBe(1)
    expect(result.written[0]!.item.publishedAt).toBe('2026-01-10T08:00:00.000Z')
    expect(await store.getItem(id)).toMatchObject({ publishedAt: '2026-01-10T08:00:00.000Z', dateIsFallback: false, summaryText: 'edited' })
    // A real date replaces a stored one.
    const dated = makeItem({ ...item, contentHash: undefined, summaryText: 'edited again', publishedAt: '2026-01-11T00:00:00.000Z' })
    await store.upsertItems('a', [dated], t2)
    expect((await store.getItem(id))!.publishedAt).toBe('2026-01-11T00:00:00.000Z')
  })

  it('skips tombstoned identity keys as unchanged', async () => {
    const store = await makeStore(['a'])
    const old = makeItem({ sourceId: 'a', publishedAt: '2020-01-01T00:00:00.000Z' })
    const keep = makeItem({ sourceId: 'a', publishedAt: '2026-01-01T00:00:00.000Z' })
    await store.upsertItems('a', [old, keep], t1)
    expect(await store.pruneItems(t1, 30, 1)).toBe(1)
    const again = await store.upsertItems('a', [old, keep], t2)
    expect(again.summary).toEqual({ inserted: 0, updated: 0, unchanged: 2 })
    expect(await store.countItems('a')).toBe(1)
  })

  it('accepts items of a source not in the config (creates a placeholder row)', async () => {
    const store = await makeStore()
    const result = await store.upsertItems('ghost', [makeItem({ sourceId: 'ghost' })], t1)
    expect(result.summary.inserted).toBe(1)
    expect(await store.getSource('ghost')).toMatchObject({ id: 'ghost', title: 'ghost', inConfig: false, itemCount: 1 })
  })

  it('treats the same identity key in two sources as two items', async () => {
    const store = await makeStore(['a', 'b'])
    await store.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: 'same' })], t1)
    await store.upsertItems('b', [makeItem({ sourceId: 'b', identityKey: 'same' })], t1)
    expect(await store.countItems()).toBe(2)
  })

  it('rolls back a whole batch when the outer transaction throws', async () => {
    const store = await makeStore(['a'])
    await expect(
      store.transaction(async (tx) => {
        await tx.upsertItems('a', [makeItem({ sourceId: 'a' })], t1)
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await store.countItems()).toBe(0)
  })
})
