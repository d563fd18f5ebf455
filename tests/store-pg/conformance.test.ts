// The same scenarios against both engines: the SQLite store and
// the PostgreSQL store, each from empty, and the answers must be equal, ids and cursors included
// (both hand out ids from 1 in insertion order and encode cursors the same way). Each scenario
// also asserts what the answer should be, so two engines that were wrong the same way still fail.
// Search ranks with bm25 on SQLite and ts_rank on PostgreSQL, so search scenarios compare which
// items match and what the snippets mark, not the order of equally good hits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BadQueryError } from '../../src/errors.js'
import { openStore } from '../../src/store/index.js'
import { openPostgresStore } from '../../src/store/postgres/index.js'
import type { NormalizedItem, Store, StoryEvidence } from '../../src/types.js'
import { startTestPostgres } from '../helpers/postgres.js'
import { type ItemOverrides, makeItem, makeSource } from '../helpers/store.js'

const server = await startTestPostgres('PostgreSQL store conformance')
const now = '2026-03-01T00:00:00.000Z'

describe.skipIf(server === undefined)('the PostgreSQL store answers as the SQLite store', () => {
  let url = ''
  let pgStore: Store

  beforeAll(async () => {
    url = await server!.createDatabase()
    pgStore = await openPostgresStore(url)
  })
  afterAll(async () => {
    await pgStore?.close()
    await server?.stop()
  })

  /** Runs the scenario on a fresh SQLite store and on the emptied PostgreSQL store; both answers must be equal. */
  async function onBoth<T>(scenario: (store: Store) => Promise<T>): Promise<T> {
    const sqlite = openStore(':memory:')
    let expected: T
    try {
      expected = await scenario(sqlite)
    } finally {
      await sqlite.close()
    }
    await server!.truncateStore(url)
    const actual = await scenario(pgStore)
    expect(actual).toEqual(expected)
    return expected
  }

  /** Upserts one at a time, in order, so ids follow the list (1, 2, …). */
  async function upsert(store: Store, items: NormalizedItem[], at = now) {
    for (const item of items) await store.upsertItems(item.sourceId, [item], at)
  }

  it('upserts by identity: inserts new, updates changed in place, skips unchanged', async () => {
    const first = makeItem({ sourceId: 'a', identityKey: 'one', categories: ['Health', ' health ', 'Ransomware'] })
    const second = makeItem({ sourceId: 'a', identityKey: 'two', dateIsFallback: true, publishedAt: '2026-01-05T00:00:00.000Z' })
    const answer = await onBoth(async (store) => {
      await store.syncSources([makeSource({ id: 'a', title: 'Source A' })])
      const created = await store.upsertItems('a', [first, second], now)
      const edited = makeItem({ ...first, title: 'Edited title', categories: ['Finance'], contentHash: undefined })
      const later = makeItem({
        ...second,
        summaryText: 'changed',
        dateIsFallback: true,
        publishedAt: '2026-02-09T00:00:00.000Z',
        contentHash: undefined,
      })
      const again = await store.upsertItems('a', [edited, later, edited], '2026-03-02T00:00:00.000Z')
      return {
        created,
        again,
        one: await store.getItem(1),
        two: await store.getItem(2),
        count: await store.countItems('a'),
        all: await store.countItems(),
        missing: await store.getItem(99),
      }
    })
    expect(answer.created.summary).toEqual({ inserted: 2, updated: 0, unchanged: 0 })
    expect(answer.again.summary).toEqual({ inserted: 0, updated: 2, unchanged: 1 })
    expect(answer.one).toMatchObject({
      id: 1,
      title: 'Edited title',
      categories: ['Finance'],
      lastSeenAt: '2026-03-02T00:00:00.000Z',
      firstSeenAt: now,
    })
    // A fallback date is "when first seen": the stored date stays.
    expect(answer.two).toMatchObject({ publishedAt: '2026-01-05T00:00:00.000Z', dateIsFallback: true, summaryText: 'changed' })
    expect([answer.count, answer.all, answer.missing]).toEqual([2, 2, undefined])
  })

  it('writes a mixed batch as one by one: new, changed, unchanged, tombstoned and repeated keys, in order', async () => {
    const at = (day: number) => `2026-02-${String(day).padStart(2, '0')}T00:00:00.000Z`
    const first = Array.from({ length: 6 }, (_, k) =>
      makeItem({ sourceId: 'a', identityKey: `k${k}`, publishedAt: at(k + 1), categories: k % 2 === 0 ? ['Health', 'Ransomware'] : [] }),
    )
    const edit = (item: NormalizedItem, fields: ItemOverrides) => makeItem({ ...item, ...fields, contentHash: undefined })
    const fresh = (key: string, fields: ItemOverrides = {}) => makeItem({ sourceId: 'a', identityKey: key, publishedAt: at(20), ...fields })
    const batch = [
      fresh('n1', { categories: ['Finance', ' finance ', 'Breach'] }),
      first[0]!, // tombstoned by the cap below: stays out
      edit(first[1]!, { title: 'Edited one', categories: ['Legal'] }),
      fresh('n2', { dateIsFallback: true }),
      edit(first[2]!, { publishedAt: at(9) }), // moves later: its story (shared with k3) is re-led by k3
      first[5]!, // unchanged
      edit(first[4]!, { summaryText: 'fallback keeps the stored date', dateIsFallback: true, publishedAt: at(28) }),
      fresh('n1', { title: 'n1 again, changed', categories: ['Retail'] }), // repeated key: updates what the batch inserted
      first[0]!, // repeated tombstoned
      fresh('n3'),
      fresh('n2', { dateIsFallback: true }), // repeated, identical to its first occurrence
      edit(first[1]!, { title: 'Edited twice' }),
    ]
    const answer = await onBoth(async (store) => {
      await store.syncSources([makeSource({ id: 'a' })])
      await store.upsertItems('a', first, now)
      await store.assignStory(4, { storyId: 3, itemId: 3, reason: 'similar_title', score: 0.9 })
      await store.capSourceItems('a', 5, now) // k0 is the oldest: tombstoned and deleted
      await store.upsertItems('a', [first[0]!], now)
      const result = await store.upsertItems('a', batch, '2026-03-02T00:00:00.000Z')
      const ids = [...new Set(result.written.map((w) => w.id))]
      return {
        result,
        items: await Promise.all(Array.from({ length: 12 }, (_, k) => store.getItem(k + 1))),
        stories: await Promise.all(ids.map(async (id) => (await store.getItem(id))?.storyId)),
        story3: await store.explainStory(3),
        river: (await store.listItems({ limit: 50 })).items.map((i) => [i.id, i.title, i.categories]),
        count: await store.countItems('a'),
        categories: await store.listCategories(20),
      }
    })
    expect(answer.result.summary).toEqual({ inserted: 3, updated: 5, unchanged: 4 })
    expect(answer.result.written.map((w) => [w.id, w.isNew])).toEqual([
      [7, true],
      [2, false],
      [8, true],
      [3, false],
      [5, false],
      [7, false],
      [9, true],
      [2, false],
    ])
    expect(answer.items[6]).toMatchObject({ title: 'n1 again, changed', categories: ['Retail'], storyId: 7 })
    expect(answer.items[1]).toMatchObject({ title: 'Edited twice', categories: [] })
    expect(answer.items[4]).toMatchObject({ publishedAt: at(5), dateIsFallback: false, summaryText: 'fallback keeps the stored date' })
    expect(answer.story3).toMatchObject({ leadItemId: 4 })
    expect(answer.count).toBe(8)
  })

  it('syncs, patches and lists sources', async () => {
    const answer = await onBoth(async (store) => {
      await store.syncSources([makeSource({ id: 'b', title: 'B' }), makeSource({ id: 'a' })])
      await store.updateSourceState('a', { etag: '"x"', lastStatus: 200, enabled: false, disabledReason: 'gone', consecutiveFailures: 2 })
      await store.upsertItems('orphan', [makeItem({ sourceId: 'orphan' })], now)
      // a keeps its server-side disable (same url); b's new url resets its validators.
      await store.updateSourceState('b', { etag: '"old"' })
      await store.syncSources([makeSource({ id: 'a', enabled: true }), makeSource({ id: 'b', url: 'https://b.example/new.xml' })])
      return { list: await store.listSources(), a: await store.getSource('a'), none: await store.getSource('zzz') }
    })
    expect(answer.list.map((s) => [s.id, s.inConfig, s.enabled, s.etag, s.itemCount])).toEqual([
      ['a', true, false, '"x"', 0],
      ['b', true, true, null, 0],
      ['orphan', false, true, null, 1],
    ])
    expect(answer.a).toMatchObject({ disabledReason: 'gone', lastStatus: 200, consecutiveFailures: 2 })
    expect(answer.none).toBeUndefined()
  })

  it('stores the last pass drops and warning, and clears them with null', async () => {
    const answer = await onBoth(async (store) => {
      await store.syncSources([makeSource({ id: 'a' }), makeSource({ id: 'b' })])
      const fresh = await store.getSource('a')
      await store.updateSourceState('a', {
        lastDropped: { duplicate: 2, bad_row: 1 },
        lastWarning: 'skipped 1 row: row 3 (date: not a date)',
      })
      await store.updateSourceState('b', { lastDropped: { unusable_link: 1 }, lastWarning: 'w' })
      await store.updateSourceState('b', { lastDropped: null, lastWarning: null })
      return { fresh, a: await store.getSource('a'), b: await store.getSource('b') }
    })
    expect(answer.fresh).toMatchObject({ lastDropped: null, lastWarning: null })
    expect(answer.a).toMatchObject({ lastDropped: { duplicate: 2, bad_row: 1 }, lastWarning: 'skipped 1 row: row 3 (date: not a date)' })
    expect(answer.b).toMatchObject({ lastDropped: null, lastWarning: null })
  })

  it('prunes by retention, keeps the newest per source, leaves tombstones that stop a comeback', async () => {
    const old = (sourceId: string, day: number) =>
      makeItem({ sourceId, identityKey: `${sourceId}-${day}`, publishedAt: `2025-01-${String(day).padStart(2, '0')}T00:00:00.000Z` })
    const recent = makeItem({ sourceId: 'b', identityKey: 'b-recent', publishedAt: '2026-02-10T00:00:00.000Z' })
    const items = [
      old('a', 1),
      old('a', 2),
      old('a', 3),
      recent,
      makeItem({ sourceId: 'b', identityKey: 'fresh', publishedAt: '2026-02-20T00:00:00.000Z' }),
    ]
    const answer = await onBoth(async (store) => {
      await upsert(store, items)
      // b's recent item (4) joins a-1's story: pruning a-1 must hand the story's lead to it.
      await store.assignStory(4, { storyId: 1, itemId: 1, reason: 'similar_title', score: 0.9 })
      const pruned = await store.pruneItems(now, 30, 1)
      const comeback = await store.upsertItems('a', [items[0]!], now)
      return {
        pruned,
        comeback: comeback.summary,
        left: (await store.listItems({ limit: 50, sources: ['a', 'b'] })).items.map((i) => i.id),
        story: await store.explainStory(1),
        river: (await store.listItems({ limit: 50 })).items.map((i) => i.id),
      }
    })
    expect(answer.pruned).toBe(2)
    expect(answer.comeback).toEqual({ inserted: 0, updated: 0, unchanged: 1 })
    expect(answer.left).toEqual([5, 4, 3])
    expect(answer.story).toMatchObject({ leadItemId: 4, members: [{ itemId: 4, reason: 'similar_title' }] })
    expect(answer.river).toEqual([5, 4, 3])
  })

  it('caps a source at its newest maxItems: the rest are tombstoned, other sources untouched, stories re-led', async () => {
    const at = (day: number) => `2026-02-${String(day).padStart(2, '0')}T00:00:00.000Z`
    const items = [
      ...[1, 2, 3, 4, 5].map((day) => makeItem({ sourceId: 'a', identityKey: `a-${day}`, publishedAt: at(day) })),
      makeItem({ sourceId: 'b', identityKey: 'b-0', publishedAt: at(3) }),
      makeItem({ sourceId: 'b', identityKey: 'b-1', publishedAt: '2026-01-01T00:00:00.000Z' }),
    ]
    const answer = await onBoth(async (store) => {
      await upsert(store, items)
      // b-0 (6) joins a-1's story (1): capping a away must hand the lead to b-0.
      await store.assignStory(6, { storyId: 1, itemId: 1, reason: 'same_url', score: 1 })
      const capped = await store.capSourceItems('a', 2, now)
      const again = await store.capSourceItems('a', 2, now)
      const comeback = await store.upsertItems('a', [items[0]!], now)
      return {
        capped,
        again,
        comeback: comeback.summary,
        a: (await store.listItems({ limit: 50, sources: ['a'] })).items.map((i) => i.id),
        b: await store.countItems('b'),
        story: await store.explainStory(1),
      }
    })
    expect(answer.capped).toBe(3)
    expect(answer.again).toBe(0)
    expect(answer.comeback).toEqual({ inserted: 0, updated: 0, unchanged: 1 })
    expect(answer.a).toEqual([5, 4])
    expect(answer.b).toBe(2)
    expect(answer.story).toMatchObject({ leadItemId: 6, members: [{ itemId: 6 }] })
  })

  it('story takeover: a report that is not credible never displaces a credible lead, through assignment, pruning and re-assignment', async () => {
    const legit = makeItem({ sourceId: 'legit', identityKey: 'l', publishedAt: '2026-02-20T00:00:00.000Z' })
    const copy = makeItem({
      sourceId: 'hostile',
      identityKey: 'h',
      url: legit.url,
      title: 'Fake title',
      publishedAt: '2026-02-01T00:00:00.000Z',
    })
    const second = makeItem({ sourceId: 'second', identityKey: 's', publishedAt: '2026-02-10T00:00:00.000Z' })
    const answer = await onBoth(async (store) => {
      await upsert(store, [legit, copy, second])
      const leadOf = async () => (await store.explainStory(1))?.leadItemId
      await store.assignStory(2, { storyId: 1, itemId: 1, reason: 'same_url', score: 1 }, { credible: false })
      const afterCopy = await leadOf()
      await store.assignStory(3, { storyId: 1, itemId: 1, reason: 'similar_title', score: 0.8 }, { credible: true })
      const afterSecond = await leadOf()
      const capped = await store.capSourceItems('second', 0, now)
      return {
        afterCopy,
        afterSecond,
        capped,
        // The cap took 'second' (3): the story re-elects among what is left, and the copy is earlier but not credible.
        afterPrune: await leadOf(),
        river: (await store.listItems({ limit: 10 })).items.map((i) => [i.id, i.alsoReportedBy.map((a) => a.source.id)]),
      }
    })
    expect(answer.afterCopy).toBe(1)
    expect(answer.afterSecond).toBe(3)
    expect(answer.capped).toBe(1)
    expect(answer.afterPrune).toBe(1)
    expect(answer.river).toEqual([[1, ['hostile']]])
  })

  it('story takeover: a report that is not credible leads a story it has alone, and loses it to the first credible one', async () => {
    const copy = makeItem({ sourceId: 'hostile', identityKey: 'h', publishedAt: '2026-02-01T00:00:00.000Z' })
    const legit = makeItem({ sourceId: 'legit', identityKey: 'l', publishedAt: '2026-02-20T00:00:00.000Z' })
    const answer = await onBoth(async (store) => {
      await upsert(store, [copy, legit])
      await store.assignStory(1, null, { credible: false })
      const alone = (await store.listItems({ limit: 10 })).items.map((i) => i.id)
      await store.assignStory(2, { storyId: 1, itemId: 1, reason: 'same_url', score: 1 }, { credible: true })
      const story = await store.explainStory(1)
      // Saying credible again restores the report's own date.
      await store.assignStory(1, null, { credible: true })
      return { alone, lead: story?.leadItemId, restored: (await store.explainStory(1))?.leadItemId }
    })
    expect(answer).toEqual({ alone: [2, 1], lead: 2, restored: 1 })
  })

  it('pages lists by keyset: no gap and no repeat while items arrive between pages', async () => {
    const answer = await onBoth(async (store) => {
      const base = Array.from({ length: 23 }, (_, i) =>
        makeItem({
          sourceId: i % 2 === 0 ? 'a' : 'b',
          identityKey: `p${i}`,
          publishedAt: `2026-01-${String(1 + (i % 9)).padStart(2, '0')}T00:00:00.000Z`,
          categories: i % 3 === 0 ? ['Leak'] : [],
        }),
      )
      await upsert(store, base)
      const walk = async (query: { sources?: string[]; category?: string }) => {
        const pages: { ids: number[]; next: string | null }[] = []
        let cursor: string | undefined
        let arrival = 0
        do {
          const page = await store.listItems({ ...query, limit: 5, ...(cursor === undefined ? {} : { cursor }) })
          pages.push({ ids: page.items.map((i) => i.id), next: page.nextCursor })
          cursor = page.nextCursor ?? undefined
          // Newer and older items arrive between pages.
          arrival++
          await upsert(store, [
            makeItem({
              sourceId: 'a',
              identityKey: `new-${query.category ?? ''}${arrival}`,
              publishedAt: '2026-02-01T00:00:00.000Z',
              categories: ['Leak'],
            }),
            makeItem({ sourceId: 'b', identityKey: `old-${query.category ?? ''}${arrival}`, publishedAt: '2025-12-01T00:00:00.000Z' }),
          ])
        } while (cursor !== undefined)
        return pages
      }
      const river = await walk({})
      const bySource = await walk({ sources: ['a'] })
      const byCategory = await walk({ category: 'leak' })
      const skipTo = await store.findListCursor({ sources: ['b'] }, 4)
      const afterSkip = await store.listItems({ sources: ['b'], limit: 2, ...(skipTo === null ? {} : { cursor: skipTo }) })
      return {
        river,
        bySource,
        byCategory,
        skipTo,
        afterSkip: afterSkip.items.map((i) => i.id),
        newest: await store.newestItemDate({ category: 'LEAK' }),
        none: await store.findListCursor({}, 100_000),
      }
    })
    const seen = answer.river.flatMap((p) => p.ids)
    expect(new Set(seen).size).toBe(seen.length)
    for (let id = 1; id <= 23; id++) expect(seen).toContain(id)
    expect(answer.bySource.flatMap((p) => p.ids).filter((id) => id <= 23)).toHaveLength(12)
    expect(answer.byCategory.flatMap((p) => p.ids).filter((id) => id <= 23)).toHaveLength(8)
    expect(typeof answer.skipTo).toBe('string')
    expect(answer.afterSkip).toHaveLength(2)
    expect(answer.newest).toBe('2026-02-01T00:00:00.000Z')
    expect(answer.none).toBeNull()
  })

  it('refuses a bad cursor with BadQueryError', async () => {
    for (const store of [openStore(':memory:'), pgStore]) {
      await expect(store.listItems({ limit: 5, cursor: 'nonsense' })).rejects.toBeInstanceOf(BadQueryError)
      await expect(store.searchItems({ q: 'x', limit: 5, cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(BadQueryError)
    }
  })

  function evidenceOf(url: string, tokens: string[], publishedAt: string, outboundLinks: string[] = []): StoryEvidence {
    return { canonicalUrl: url, outboundLinks, titleTokens: tokens, publishedAt }
  }

  it('offers story candidates, assigns, merges and explains stories', async () => {
    const at = (h: number) => new Date(Date.parse('2026-02-01T00:00:00.000Z') + h * 3_600_000).toISOString()
    const answer = await onBoth(async (store) => {
      const items = [
        makeItem({ sourceId: 'a', identityKey: 's1', publishedAt: at(0) }),
        makeItem({ sourceId: 'b', identityKey: 's2', publishedAt: at(2) }),
        makeItem({ sourceId: 'c', identityKey: 's3', publishedAt: at(-3) }),
        makeItem({ sourceId: 'd', identityKey: 's4', publishedAt: at(5) }),
        makeItem({ sourceId: 'a', identityKey: 's5', publishedAt: at(400) }),
      ]
      await upsert(store, items)
      await store.saveEvidence(1, evidenceOf('https://x.example/acme', ['acme', 'breach'], at(0)))
      await store.saveEvidence(2, evidenceOf('https://y.example/acme', ['acme', 'hack'], at(2), ['https://x.example/acme']))
      await store.saveEvidence(3, evidenceOf('https://z.example/other', ['acme', 'leak'], at(-3)))
      await store.saveEvidence(4, evidenceOf('https://w.example/q', ['quux'], at(5), ['https://x.example/acme', 'https://x.example/acme']))
      await store.saveEvidence(5, evidenceOf('https://v.example/acme', ['acme'], at(400)))
      const candidates = await store.findStoryCandidates(evidenceOf('https://x.example/acme', ['acme', 'breach'], at(0)), {
        excludeItemId: 1,
        windowHours: 48,
        limit: 10,
      })
      const joined = await store.assignStory(2, { storyId: 1, itemId: 1, reason: 'cites_item', score: 1.5 })
      const earlier = await store.assignStory(3, { storyId: 1, itemId: 1, reason: 'similar_title', score: 0.7 })
      const refused = await store.mergeStories(1, 5, { itemId: 2, matchedItemId: 5, reason: 'same_url', score: 1 })
      const merged = await store.mergeStories(1, 4, { itemId: 2, matchedItemId: 4, reason: 'cites_item', score: 0.8 })
      const explained = await store.explainStory(1)
      const left = await store.assignStory(3, null)
      const river = await store.listItems({ limit: 10 })
      return {
        candidates,
        joined,
        earlier,
        refused,
        merged,
        explained,
        left,
        afterLeave: await store.explainStory(1),
        river,
        gone: await store.explainStory(4),
      }
    })
    expect(answer.candidates.map((c) => c.itemId)).toEqual([2, 3, 4])
    expect(answer.candidates[0]!.evidence).toEqual(
      evidenceOf('https://y.example/acme', ['acme', 'hack'], at(2), ['https://x.example/acme']),
    )
    expect([answer.joined, answer.earlier, answer.refused, answer.merged]).toEqual([1, 1, false, true])
    expect(answer.explained!.members.map((m) => [m.itemId, m.reason, m.score, m.matchedItemId])).toEqual([
      [3, 'similar_title', 0.7, 1],
      [1, 'own', null, null],
      [2, 'cites_item', 1, 1],
      [4, 'cited_by_item', 0.8, 2],
    ])
    expect(answer.explained!.leadItemId).toBe(3)
    expect(answer.afterLeave!.leadItemId).toBe(1)
    expect(answer.river.items.map((i) => i.id)).toEqual([5, 1, 3])
    expect(answer.river.items[1]!.alsoReportedBy.map((a) => [a.source.id, a.reason])).toEqual([
      ['b', 'cites_item'],
      ['d', 'cited_by_item'],
    ])
    expect(answer.gone).toBeUndefined()
  })

  it('finds reports by organization key over a wide window, keeps same_org and marks official members', async () => {
    const at = (h: number) => new Date(Date.parse('2026-02-01T00:00:00.000Z') + h * 3_600_000).toISOString()
    const answer = await onBoth(async (store) => {
      await upsert(store, [
        makeItem({ sourceId: 'news', identityKey: 'n1', publishedAt: at(0) }),
        makeItem({ sourceId: 'hhs', identityKey: 'r1', publishedAt: at(24 * 20) }),
        makeItem({ sourceId: 'news', identityKey: 'n2', publishedAt: at(24 * 80) }),
      ])
      await store.saveEvidence(1, evidenceOf('https://news.example/a', ['lakeside', '~org:lakeside_regional', '~rec:212418'], at(0)))
      await store.saveEvidence(
        2,
        evidenceOf('https://hhs.example/#row-1', ['~org:lakeside_regional', '~rec:212418', '~official'], at(24 * 20)),
      )
      await store.saveEvidence(3, evidenceOf('https://news.example/b', ['~org:lakeside_regional'], at(24 * 80)))
      const candidates = await store.findStoryCandidates(
        evidenceOf('https://hhs.example/#row-1', ['~org:lakeside_regional'], at(24 * 20)),
        {
          excludeItemId: 2,
          windowHours: 30 * 24,
          limit: 10,
        },
      )
      await store.assignStory(2, { storyId: 1, itemId: 1, reason: 'same_org', score: 0.8 })
      return { candidates: candidates.map((c) => [c.itemId, c.evidence.titleTokens]), explained: await store.explainStory(1) }
    })
    expect(answer.candidates).toEqual([[1, ['lakeside', '~org:lakeside_regional', '~rec:212418']]])
    expect(answer.explained!.members.map((m) => [m.itemId, m.reason, m.official])).toEqual([
      [1, 'lead', false],
      [2, 'same_org', true],
    ])
  })

  it('lists categories, recent posts per source and the newest date', async () => {
    const answer = await onBoth(async (store) => {
      await upsert(store, [
        makeItem({ sourceId: 'a', identityKey: 'c1', categories: ['Ransomware', 'Health'], publishedAt: '2026-01-03T00:00:00.000Z' }),
        makeItem({ sourceId: 'a', identityKey: 'c2', categories: ['ransomware'], publishedAt: '2026-01-02T00:00:00.000Z' }),
        makeItem({ sourceId: 'b', identityKey: 'c3', categories: ['Ransomware', 'Zeta'], publishedAt: '2026-01-04T00:00:00.000Z' }),
        makeItem({ sourceId: 'b', identityKey: 'c4', publishedAt: '2026-01-01T00:00:00.000Z' }),
        makeItem({ sourceId: 'b', identityKey: 'c5', publishedAt: '2026-01-05T00:00:00.000Z' }),
      ])
      return {
        categories: await store.listCategories(),
        two: await store.listCategories(2),
        recent: [...(await store.recentPostsBySource(2)).entries()],
        none: (await store.recentPostsBySource(0)).size,
        newest: await store.newestItemDate({}),
        newestA: await store.newestItemDate({ sources: ['a'] }),
        newestNone: await store.newestItemDate({ category: 'nothing' }),
      }
    })
    expect(answer.categories).toEqual([
      { name: 'Ransomware', count: 3 },
      { name: 'Health', count: 1 },
      { name: 'Zeta', count: 1 },
    ])
    expect(answer.two).toHaveLength(2)
    expect(answer.recent.map(([id, posts]) => [id, posts.map((p) => p.publishedAt.slice(8, 10))])).toEqual([
      ['a', ['03', '02']],
      ['b', ['05', '04']],
    ])
    expect([answer.none, answer.newest, answer.newestA, answer.newestNone]).toEqual([
      0,
      '2026-01-05T00:00:00.000Z',
      '2026-01-03T00:00:00.000Z',
      null,
    ])
  })

  async function seedSearch(store: Store) {
    await upsert(store, [
      makeItem({
        sourceId: 'a',
        identityKey: 'hospital',
        title: 'Ransomware gang hits regional hospital',
        summaryText: 'Patient records were encrypted.',
      }),
      makeItem({
        sourceId: 'a',
        identityKey: 'bank',
        title: 'Bank discloses data breach',
        summaryText: 'Attackers accessed customer records through a vendor.',
      }),
      makeItem({
        sourceId: 'b',
        identityKey: 'school',
        title: 'School district breached',
        summaryText: 'A ransomware attack on the district leaked student data.',
        categories: ['Education'],
      }),
      makeItem({ sourceId: 'b', identityKey: 'cafe', title: 'Café chain résumé leak', summaryText: 'Job applicants affected.' }),
    ])
  }

  /** Hit ids, sorted, and the words each snippet marks (lower case; SQLite marks a phrase as one span, PostgreSQL word by word). */
  async function hits(store: Store, q: string, extra: { sources?: string[]; category?: string } = {}) {
    const page = await store.searchItems({ q, limit: 50, ...extra })
    return page.items
      .map((item) => ({
        id: item.id,
        marked: [...item.snippet.matchAll(/\u0002([^\u0003]*)\u0003/g)].flatMap((m) => m[1]!.toLowerCase().split(' ')),
      }))
      .sort((x, y) => x.id - y.id)
  }

  it('searches with the same syntax: phrases, prefixes, implicit AND, OR, NOT and -word, with marked snippets', async () => {
    const answer = await onBoth(async (store) => {
      await seedSearch(store)
      const queries = [
        'ransomware',
        '"data breach"',
        'breach*',
        'records customer',
        'hospital OR school',
        'ransomware NOT school',
        'ransomware -hospital',
        'breaches',
        'resume cafe',
        'nothinglikethis',
      ]
      const out: Record<string, unknown> = {}
      for (const q of queries) out[q] = await hits(store, q)
      out['filtered by source'] = await hits(store, 'ransomware', { sources: ['b'] })
      out['filtered by category'] = await hits(store, 'ransomware', { category: 'education' })
      out['title first'] = (await store.searchItems({ q: 'ransomware', limit: 10 })).items.map((i) => i.id)
      return out
    })
    expect(answer['ransomware']).toEqual([
      { id: 1, marked: ['ransomware'] },
      { id: 3, marked: ['ransomware'] },
    ])
    expect(answer['title first']).toEqual([1, 3])
    expect(answer['"data breach"']).toEqual([{ id: 2, marked: ['data', 'breach'] }])
    expect((answer['breach*'] as { id: number }[]).map((h) => h.id)).toEqual([2, 3])
    expect((answer['records customer'] as { id: number }[]).map((h) => h.id)).toEqual([2])
    expect((answer['hospital OR school'] as { id: number }[]).map((h) => h.id)).toEqual([1, 3])
    expect((answer['ransomware NOT school'] as { id: number }[]).map((h) => h.id)).toEqual([1])
    expect((answer['ransomware -hospital'] as { id: number }[]).map((h) => h.id)).toEqual([3])
    expect((answer['breaches'] as { id: number }[]).map((h) => h.id)).toEqual([2, 3])
    expect((answer['resume cafe'] as { id: number }[]).map((h) => h.id)).toEqual([4])
    expect(answer['nothinglikethis']).toEqual([])
    expect((answer['filtered by category'] as { id: number }[]).map((h) => h.id)).toEqual([3])
  })

  it('pages search results without repeats and refuses empty queries the same way', async () => {
    const answer = await onBoth(async (store) => {
      await upsert(
        store,
        Array.from({ length: 25 }, (_, i) =>
          makeItem({
            sourceId: 'a',
            identityKey: `leak-${i}`,
            title: `Leak report ${i}`,
            summaryText: i % 2 === 0 ? 'leak leak leak' : 'other',
          }),
        ),
      )
      const seen: number[] = []
      let cursor: string | undefined
      let pages = 0
      do {
        const page = await store.searchItems({ q: 'leak', limit: 4, ...(cursor === undefined ? {} : { cursor }) })
        seen.push(...page.items.map((i) => i.id))
        cursor = page.nextCursor ?? undefined
        pages++
      } while (cursor !== undefined)
      const refusals: string[] = []
      for (const q of ['   ', 'AND OR', '"" ""', 'NOT', '- -', '\\']) {
        try {
          await store.searchItems({ q, limit: 5 })
          refusals.push('answered')
        } catch (err) {
          refusals.push(err instanceof BadQueryError ? err.message : `other: ${String(err)}`)
        }
      }
      const garbage: number[] = []
      for (const q of ['"unbalanced', 'NEAR(a b)', 'title:bank', "'; drop table items; --", 'a:* & !b | (c', 'x'.repeat(3000), '🙂 leak']) {
        garbage.push((await store.searchItems({ q, limit: 5 })).items.length)
      }
      return {
        seen: [...seen].sort((x, y) => x - y),
        repeats: seen.length - new Set(seen).size,
        pages,
        refusals,
        garbage,
        count: await store.countItems(),
      }
    })
    expect(answer.seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
    expect(answer.repeats).toBe(0)
    expect(answer.pages).toBe(7)
    expect(answer.refusals).toEqual(Array(6).fill('search query is empty'))
    expect(answer.garbage).toEqual([0, 0, 0, 0, 0, 0, 5])
    expect(answer.count).toBe(25)
  })
})
