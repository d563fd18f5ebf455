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

function collectAll(store: Store, query: Omit<ItemQuery, 'limit' | 'cursor'>, limit: number, between?: (page: number) => void): ApiItem[] {
  const seen: ApiItem[] = []
  let cursor: string | undefined
  for (let page = 0; page < 10_000; page++) {
    const result = store.listItems({ ...query, limit, ...(cursor === undefined ? {} : { cursor }) })
    seen.push(...result.items)
    if (result.nextCursor === null) return seen
    cursor = result.nextCursor
    between?.(page)
  }
  throw new Error('pagination did not end')
}

describe('listItems pagination', () => {
  it('walks 2,000 items newest first with new items arriving between pages: no gap, no repeat', () => {
    const store = makeStore(['a', 'b'])
    const items: NormalizedItem[] = []
    for (let i = 0; i < 2000; i++) items.push(makeItem({ sourceId: i % 2 === 0 ? 'a' : 'b', publishedAt: at(i) }))
    store.transaction(() => {
      store.upsertItems('a', items.filter((x) => x.sourceId === 'a'), now)
      store.upsertItems('b', items.filter((x) => x.sourceId === 'b'), now)
    })
    const originalIds = new Set(store.listItems({ limit: 500 }).items.map((x) => x.id))
    expect(originalIds.size).toBe(500)

    let added = 0
    const seen = collectAll(store, {}, 37, (page) => {
      // New items: some newer than everything, some at the exact timestamp of the page boundary.
      store.upsertItems('a', [makeItem({ sourceId: 'a', publishedAt: '2027-01-01T00:00:00.000Z' }), makeItem({ sourceId: 'b', publishedAt: at(1000 - page) })], now)
      added += 2
    })
    const ids = seen.map((x) => x.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of originalIds) expect(ids).toContain(id)
    const all = store.countItems()
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

  it('lists every item of the given sources, each with its story mates', () => {
    const store = makeStore(['a', 'b', 'c'])
    const a = store.upsertItems('a', [makeItem({ sourceId: 'a', publishedAt: at(10) }), makeItem({ sourceId: 'a', publishedAt: at(20) })], now).written
    const b = store.upsertItems('b', [makeItem({ sourceId: 'b', publishedAt: at(30) })], now).written
    store.upsertItems('c', [makeItem({ sourceId: 'c', publishedAt: at(40) })], now)
    store.assignStory(b[0]!.id, { storyId: store.getItem(a[0]!.id)!.storyId, itemId: a[0]!.id, reason: 'same_url', score: 1 })
    const onlyB = store.listItems({ sources: ['b'], limit: 10 })
    expect(onlyB.items.map((x) => x.id)).toEqual([b[0]!.id])
    expect(onlyB.items[0]!.alsoReportedBy.map((r) => r.source.id)).toEqual(['a'])
    const ab = collectAll(store, { sources: ['a', 'b'] }, 1)
    expect(ab.map((x) => x.id)).toEqual([b[0]!.id, a[1]!.id, a[0]!.id])
  })

  it('story view pages one lead per story by the lead date', () => {
    const store = makeStore(['a', 'b'])
    const leads: number[] = []
    for (let i = 0; i < 60; i++) {
      const lead = store.upsertItems('a', [makeItem({ sourceId: 'a', publishedAt: at(i * 10) })], now).written[0]!.id
      leads.push(lead)
      if (i % 3 === 0) {
        // A later follow-up from another source joins the story; it must not surface on its own.
        const mate = store.upsertItems('b', [makeItem({ sourceId: 'b', publishedAt: at(i * 10 + 5) })], now).written[0]!.id
        store.assignStory(mate, { storyId: store.getItem(lead)!.storyId, itemId: lead, reason: 'similar_title', score: 0.8 })
      }
    }
    const seen = collectAll(store, {}, 7)
    expect(seen.map((x) => x.id)).toEqual([...leads].reverse())
    expect(seen.filter((x) => x.alsoReportedBy.length === 1)).toHaveLength(20)
  })

  it('filters by category case-insensitively, one entry per story', () => {
    const store = makeStore(['a', 'b'])
    const tagged = store.upsertItems('a', [makeItem({ sourceId: 'a', publishedAt: at(1), categories: ['Ransomware'] }), makeItem({ sourceId: 'a', publishedAt: at(9), categories: ['Phishing'] })], now).written
    const mate = store.upsertItems('b', [makeItem({ sourceId: 'b', publishedAt: at(5), categories: ['ransomware'] })], now).written[0]!.id
    const untaggedLead = store.upsertItems('a', [makeItem({ sourceId: 'a', publishedAt: at(0) })], now).written[0]!.id
    const other = store.upsertItems('b', [makeItem({ sourceId: 'b', publishedAt: at(20), categories: ['RANSOMWARE'] })], now).written[0]!.id
    store.assignStory(mate, { storyId: store.getItem(tagged[0]!.id)!.storyId, itemId: tagged[0]!.id, reason: 'same_url', score: 1 })
    // The untagged item leads the story of `other`: the category view shows the matching member.
    store.assignStory(other, { storyId: store.getItem(untaggedLead)!.storyId, itemId: untaggedLead, reason: 'same_url', score: 1 })
    const page = store.listItems({ category: 'RanSomWare', limit: 10 })
    expect(page.items.map((x) => x.id)).toEqual([other, tagged[0]!.id])
    expect(store.listItems({ category: 'phishing', limit: 10, sources: ['a'] }).items.map((x) => x.id)).toEqual([tagged[1]!.id])
    expect(store.listItems({ category: 'nothing', limit: 10 }).items).toEqual([])
    expect(store.newestItemDate({ category: 'ransomware' })).toBe(at(20))
    expect(store.newestItemDate({ category: 'nothing' })).toBeNull()
  })

  it('filters by full-text query', () => {
    const store = makeStore(['a'])
    const hit = store.upsertItems('a', [makeItem({ sourceId: 'a', title: 'Hospital hit by ransomware' }), makeItem({ sourceId: 'a', title: 'Phishing wave' })], now).written[0]!.id
    expect(store.listItems({ q: 'ransomware', limit: 10 }).items.map((x) => x.id)).toEqual([hit])
    expect(store.listItems({ q: 'ransomware', sources: ['a'], limit: 10 }).items.map((x) => x.id)).toEqual([hit])
  })

  it('returns the ApiItem shape', () => {
    const store = makeStore(['a'])
    store.syncSources([{ id: 'a', title: 'Source A', url: 'https://a.example/feed', type: 'feed', tags: [], enabled: true, republish: 'full' }])
    const item = makeItem({ sourceId: 'a', guid: 'g1', author: 'Ann', updatedAt: '2026-01-02T00:00:00.000Z', categories: ['X', 'Y'] })
    const id = store.upsertItems('a', [item], now).written[0]!.id
    expect(store.listItems({ limit: 1 }).items[0]).toEqual({
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
      alsoReportedBy: [],
    })
  })

  it('refuses malformed or tampered cursors with BadQueryError and guards the limit', () => {
    const store = makeStore(['a'])
    store.upsertItems('a', [makeItem({ sourceId: 'a', publishedAt: at(1) }), makeItem({ sourceId: 'a', publishedAt: at(5) })], now)
    const cursor = store.listItems({ limit: 1 }).nextCursor!
    expect(store.listItems({ limit: 1, cursor }).items).toHaveLength(1)
    const decoded = Buffer.from(cursor, 'base64url').toString('utf8')
    const tampered = Buffer.from(decoded.replace(/"list","[^"]+"/, '"list","2099-01-01T00:00:00.000Z"'), 'utf8').toString('base64url')
    for (const bad of ['nope', '!!!', tampered, cursor.slice(0, -3), Buffer.from('[1,2]').toString('base64url'), 'x'.repeat(600)]) {
      expect(() => store.listItems({ limit: 1, cursor: bad })).toThrow(BadQueryError)
      expect(() => store.listItems({ limit: 1, cursor: bad })).toThrow('cursor is not valid')
    }
    const search = store.searchItems({ q: 'item', limit: 1 }).nextCursor!
    expect(() => store.listItems({ limit: 1, cursor: search })).toThrow(BadQueryError)
    expect(store.listItems({ limit: 0 }).items).toHaveLength(1)
    expect(store.listItems({ limit: 10_000 }).items).toHaveLength(2)
  })
})
