// findListCursor: skipping N entries by keys alone lands on the same cursor as reading N entries
// through listItems, for every list shape (river of stories, by source, filtered).
import { describe, expect, it } from 'vitest'
import { createContext } from '../../src/store/context.js'
import { upsertItems } from '../../src/store/items.js'
import { findListCursor, listItems, MAX_SKIP } from '../../src/store/list-items.js'
import { openDatabase } from '../../src/store/open.js'
import { syncSources } from '../../src/store/sources.js'
import { assignStory } from '../../src/store/stories.js'
import type { ItemQuery } from '../../src/types.js'
import { makeItem, makeSource } from '../helpers/store.js'

const now = '2026-03-01T00:00:00.000Z'

function build() {
  const db = openDatabase(':memory:')
  const ctx = createContext(db, () => {})
  syncSources(
    ctx,
    ['a', 'b', 'c'].map((id) => makeSource({ id })),
  )
  const ids: Record<string, number[]> = {}
  for (const [s, source] of ['a', 'b', 'c'].entries()) {
    const items = Array.from({ length: 30 }, (_, i) =>
      makeItem({
        sourceId: source,
        // Some items share a publication time, so ties are broken by id.
        publishedAt: new Date(Date.UTC(2026, 1, 1, 0, (i * 7 + s * 3) % 60, i % 3 === 0 ? 0 : s)).toISOString(),
        title: i % 4 === 0 ? `Ransomware note ${source} ${i}` : `Plain note ${source} ${i}`,
        categories: i % 5 === 0 ? ['Health'] : [],
      }),
    )
    ids[source] = upsertItems(ctx, source, items, now).written.map((w) => w.id)
  }
  // Merge a few of b's items into a's stories, so the river has fewer entries than items.
  for (let i = 0; i < 5; i++) {
    const lead = ids['a']![i]!
    const storyId = db.prepare('select story_id from items where id = ?').pluck().get(lead) as number
    assignStory(ctx, ids['b']![i]!, { storyId, itemId: lead, reason: 'similar_title', score: 0.9 })
  }
  return { db, ctx }
}

/** The cursor after reading `count` entries through listItems pages of 7 (null when nothing follows). */
function walk(ctx: ReturnType<typeof createContext>, query: Omit<ItemQuery, 'limit'>, count: number): string | null {
  let cursor = query.cursor
  let remaining = count
  while (remaining > 0) {
    const limit = Math.min(7, remaining)
    const page = listItems(ctx, cursor === undefined ? { ...query, limit } : { ...query, limit, cursor })
    if (page.nextCursor === null) return null
    cursor = page.nextCursor
    remaining -= limit
  }
  return cursor ?? null
}

function total(ctx: ReturnType<typeof createContext>, query: Omit<ItemQuery, 'limit'>): number {
  return listItems(ctx, { ...query, limit: 500 }).items.length
}

describe('findListCursor', () => {
  const queries: [string, Omit<ItemQuery, 'limit'>][] = [
    ['river', {}],
    ['one source', { sources: ['b'] }],
    ['two sources', { sources: ['a', 'c'] }],
    ['category', { category: 'health' }],
    ['full text', { q: 'ransomware' }],
  ]

  it.each(queries)('%s: lands where listItems pages land, and null past the end', (_name, query) => {
    const { db, ctx } = build()
    const n = total(ctx, query)
    expect(n).toBeGreaterThan(3)
    for (const count of [1, 2, 7, Math.floor(n / 2), n - 1]) {
      expect(findListCursor(ctx, query, count), `count ${count}`).toBe(walk(ctx, query, count))
    }
    expect(findListCursor(ctx, query, n)).toBeNull()
    expect(findListCursor(ctx, query, n + 5)).toBeNull()
    db.close()
  })

  it('counts from a given cursor, and refuses counts out of range', () => {
    const { db, ctx } = build()
    const start = findListCursor(ctx, {}, 10)!
    expect(findListCursor(ctx, { cursor: start }, 5)).toBe(findListCursor(ctx, {}, 15))
    expect(findListCursor(ctx, {}, 0)).toBeNull()
    expect(findListCursor(ctx, {}, MAX_SKIP + 1)).toBeNull()
    const river = total(ctx, {})
    expect(river).toBe(85) // 90 items, 5 of them merged into other stories
    db.close()
  })
})
