import { describe, expect, it } from 'vitest'
import { BadQueryError } from '../../src/errors.js'
import type { ApiItem, ItemQuery, NormalizedItem, Store } from '../../src/types.js'
import { makeItem, makeStore } from '../helpers/store.js'

const now = '2026-03-01T00:00:00.000Z'
const base = Date.parse('2026-01-01T00:00:00.000Z')

/** Minute i after base; many items share a minute so ties on published_at are exercised. */
function at(i: number): string {
  return new Date(base + Math.floor(i / 3) * 60_000).toISOString()
}

async function collectAll(
  store: Store,
  query: Omit<ItemQuery, 'limit' | 'cursor'>,
  limit: number,
  between?: (page: number) => Promise<void>,
): Promise<ApiItem[]> {
  const seen: ApiItem[] = []
  let cursor: string | undefined
  for (let page = 0; page < 10_000; page++) {
    const result = await store.listItems({ ...query, limit, ...(cursor === undefined ? {} : { cursor }) })
    seen.push(...result.items)
    if (result.nextCursor === null) return seen
    cursor = result.nextCursor
    await between?.(page)
  }
  throw new Error('pagination did not end')
}

describe('listItems pagination', () => {
  it('walks 2,000 items newest first with new items arriving between pages: no gap, no repeat', async () => {
    const store = await makeStore(['a', 'b'])
    const items: NormalizedItem[] = []
    for (let i = 0; i < 2000; i++) items.push(makeItem({ sourceId: i % 2 === 0 ? 'a' : 'b', publishedAt: at(i) }))
    await store.transaction(async (tx) => {
      await tx.upsertItems(
        'a',
        items.filter((x) => x.sourceId === 'a'),
        now,
      )
      await tx.upsertItems(
        'b',
        items.filter((x) => x.sourceId === 'b'),
        now,
      )
    })
    const originalIds = new Set((await store.listItems({ limit: 500 })).items.map((x) => x.id))
    expect(originalIds.size).toBe(500)

    let added = 0
    const seen = await collectAll(store, {}, 37, async (page) => {
      // New items: some newer than everything, some at the exact timestamp of the page boundary.
      await store.upsertItems(
        'a',
        [makeItem({ sourceId: 'a', publishedAt: '2027-01-01T00:00:00.000Z' }), makeItem({ sourceId: 'b', publishedAt: at(1000 - page) })],
        now,
      )
      added += 2
    })
    const ids = seen.map((x) => x.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of originalIds) expect(ids).toContain(id)
    const all = await store.countItems()
    expect(all).toBe(2000 + added)
    // Every original item was seen exactly once.
    const seenOriginal = ids.filter((id) => id <= 2000)
    expect(seenOriginal).toHaveLength(2000)
    // Order: (published desc, id desc) strictly decreasing.
    for (let i = 1; i < seen.length; i++) {
      const prev = seen[i - 1]!
      const cur = seen[i]!
      const ordered = prev.published! > cur.published! || (prev.published === cur.published && prev.id > cur.id)
      expect(ordered).toBe(true)
    }
  })

  it('lists every item of the given sources, each with its story mates', async () => {
    const store = await makeStore(['a', 'b', 'c'])
    const a = (
      await store.upsertItems(
        'a',
        [makeItem({ sourceId: 'a', publishedAt: at(10) }), makeItem({ sourceId: 'a', publishedAt: at(20) })],
        now,
      )
    ).written
    const b = (await store.upsertItems('b', [makeItem({ sourceId: 'b', publishedAt: at(30) })], now)).written
    await store.upsertItems('c', [makeItem({ sourceId: 'c', publishedAt: at(40) })], now)
    await store.assignStory(b[0]!.id, { storyId: (await store.getItem(a[0]!.id))!.storyId, itemId: a[0]!.id, reason: 'same_url', score: 1 })
    const onlyB = await store.listItems({ sources: ['b'], limit: 10 })
    expect(onlyB.items.map((x) => x.id)).toEqual([b[0]!.id])
    expect(onlyB.items[0]!.alsoReportedBy.map((r) => r.source.id)).toEqual(['a'])
    const ab = await collectAll(store, { sources: ['a', 'b'] }, 1)
    expect(ab.map((x) => x.id)).toEqual([b[0]!.id, a[1]!.id, a[0]!.id])
  })

  it('story view pages one lead per story by the lead date', async () => {
    const store = await makeStore(['a', 'b'])
    const leads: number[] = []
    for (let i = 0; i < 60; i++) {
      const lead = (await store.upsertItems('a', [makeItem({ sourceId: 'a', publishedAt: at(i * 10) })], now)).written[0]!.id
      leads.push(lead)
      if (i % 3 === 0) {
        // A later follow-up from another source joins the story; it must not surface on its own.
        const mate = (await store.upsertItems('b', [makeItem({ sourceId: 'b', publishedAt: at(i * 10 + 5) })], now)).written[0]!.id
        await store.assignStory(mate, { storyId: (await store.getItem(lead))!.storyId, itemId: lead, reason: 'similar_title', score: 0.8 })
      }
    }
    const seen = await collectAll(store, {}, 7)
    expect(seen.map((x) => x.id)).toEqual([...leads].reverse())
    expect(seen.filter((x) => x.alsoReportedBy.length === 1)).toHaveLength(20)
  })

  it('filters by category case-insensitively, one entry per story', async () => {
    const store = await makeStore(['a', 'b'])
    const tagged = (
      await store.upsertItems(
        'a',
        [
          makeItem({ sourceId: 'a', publishedAt: at(1), categories: ['Ransomware'] }),
          makeItem({ sourceId: 'a', publishedAt: at(9), categories: ['Phishing'] }),
        ],
        now,
      )
    ).written
    const mate = (await store.upsertItems('b', [makeItem({ sourceId: 'b', publishedAt: at(5), categories: ['ransomware'] })], now))
      .written[0]!.id
    const untaggedLead = (await store.upsertItems('a', [makeItem({ sourceId: 'a', publishedAt: at(0) })], now)).written[0]!.id
    const other = (await store.upsertItems('b', [makeItem({ sourceId: 'b', publishedAt: at(20), categories: ['RANSOMWARE'] })], now))
      .written[0]!.id
    await store.assignStory(mate, {
      storyId: (await store.getItem(tagged[0]!.id))!.storyId,
      itemId: tagged[0]!.id,
      reason: 'same_url',
      score: 1,
    })
    // The untagged item leads the story of `other`: the category view shows the matching member.
    await store.assignStory(other, {
      storyId: (await store.getItem(untaggedLead))!.storyId,
      itemId: untaggedLead,
      reason: 'same_url',
      score: 1,
    })
    const page = await store.listItems({ category: 'RanSomWare', limit: 10 })
    expect(page.items.map((x) => x.id)).toEqual([other, tagged[0]!.id])
    expect((await store.listItems({ category: 'phishing', limit: 10, sources: ['a'] })).items.map((x) => x.id)).toEqual([tagged[1]!.id])
    expect((await store.listItems({ category: 'nothing', limit: 10 })).items).toEqual([])
    expect(await store.newestItemDate({ category: 'ransomware' })).toBe(at(20))
    expect(await store.newestItemDate({ category: 'nothing' })).toBeNull()
  })

  it('filters by full-text query', async () => {
    const store = await makeStore(['a'])
    const hit = (
      await store.upsertItems(
        'a',
        [makeItem({ sourceId: 'a', title: 'Hospital hit by ransomware' }), makeItem({ sourceId: 'a', title: 'Phishing wave' })],
        now,
      )
    ).written[0]!.id
    expect((await store.listItems({ q: 'ransomware', limit: 10 })).items.map((x) => x.id)).toEqual([hit])
    expect((await store.listItems({ q: 'ransomware', sources: ['a'], limit: 10 })).items.map((x) => x.id)).toEqual([hit])
  })

  it('returns the ApiItem shape', async () => {
    const store = await makeStore(['a'])
    await store.syncSources([
      { id: 'a', title: 'Source A', url: 'https://a.example/feed', type: 'feed', tags: [], enabled: true, republish: 'full' },
    ])
    const item = makeItem({ sourceId: 'a', guid: 'g1', author: 'Ann', updatedAt: '2026-01-02T00:00:00.000Z', categories: ['X', 'Y'] })
    const id = (await store.upsertItems('a', [item], now)).written[0]!.id
    expect((await store.listItems({ limit: 1 })).items[0]).toEqual({
      id,
      source: { id: 'a', title: 'Source A' },
      title: item.title,
      url: item.url,
      guid: 'g1',
      author: 'Ann',
      published: item.publishedAt,
      updated: '2026-01-02T00:00:00.000Z',
      summary: item.summaryText,
      contentHtml: item.contentHtml,
      categories: ['X', 'Y'],
      storyId: 1,
      revisionCount: 0,
      // Stored without facts (no poller ran the facts step): the contract's shape, empty.
      facts: { organizations: [], actors: [], records: null, dataTypes: [], sector: null, country: null },
      alsoReportedBy: [],
    })
  })

  it('refuses malformed or tampered cursors with BadQueryError and guards the limit', async () => {
    const store = await makeStore(['a'])
    await store.upsertItems('a', [makeItem({ sourceId: 'a', publishedAt: at(1) }), makeItem({ sourceId: 'a', publishedAt: at(5) })], now)
    const cursor = (await store.listItems({ limit: 1 })).nextCursor!
    expect((await store.listItems({ limit: 1, cursor })).items).toHaveLength(1)
    const decoded = Buffer.from(cursor, 'base64url').toString('utf8')
    const tampered = Buffer.from(decoded.replace(/"list","[^"]+"/, '"list","2099-01-01T00:00:00.000Z"'), 'utf8').toString('base64url')
    for (const bad of ['nope', '!!!', tampered, cursor.slice(0, -3), Buffer.from('[1,2]').toString('base64url'), 'x'.repeat(600)]) {
      await expect(store.listItems({ limit: 1, cursor: bad })).rejects.toThrow(BadQueryError)
      await expect(store.listItems({ limit: 1, cursor: bad })).rejects.toThrow('cursor is not valid')
    }
    const search = (await store.searchItems({ q: 'item', limit: 1 })).nextCursor!
    await expect(store.listItems({ limit: 1, cursor: search })).rejects.toThrow(BadQueryError)
    expect((await store.listItems({ limit: 0 })).items).toHaveLength(1)
    expect((await store.listItems({ limit: 10_000 })).items).toHaveLength(2)
  })
})
