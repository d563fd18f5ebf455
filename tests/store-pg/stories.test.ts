// Stories as the API reads them (getStory, listStories), revisions, and story activity order, on
// both engines: each scenario runs on a fresh SQLite store and on PostgreSQL (when there is one),
// asserts what the answer must be, and the two answers must be equal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storeItems } from '../../src/poller/store-items.js'
import { openStore } from '../../src/store/index.js'
import { openPostgresStore } from '../../src/store/postgres/index.js'
import type { NormalizedItem, Store } from '../../src/types.js'
import { startTestPostgres } from '../helpers/postgres.js'
import { makeItem, makeSource } from '../helpers/store.js'

const server = await startTestPostgres('PostgreSQL stories conformance')
const now = '2026-03-01T00:00:00.000Z'
const later = '2026-03-02T00:00:00.000Z'

let url = ''
let pgStore: Store | undefined

beforeAll(async () => {
  if (server === undefined) return
  url = await server.createDatabase()
  pgStore = await openPostgresStore(url)
})
afterAll(async () => {
  await pgStore?.close()
  await server?.stop()
})

/** The scenario on a fresh SQLite store, then (when PostgreSQL is there) on the emptied PostgreSQL store; the answers must be equal. */
async function onBoth<T>(scenario: (store: Store) => Promise<T>): Promise<T> {
  const sqlite = openStore(':memory:')
  let expected: T
  try {
    expected = await scenario(sqlite)
  } finally {
    await sqlite.close()
  }
  if (server !== undefined && pgStore !== undefined) {
    await server.truncateStore(url)
    expect(await scenario(pgStore)).toEqual(expected)
  }
  return expected
}

async function add(store: Store, item: NormalizedItem, at = now): Promise<number> {
  return (await store.upsertItems(item.sourceId, [item], at)).written[0]!.id
}

/** Alpha's Acme report (10:00), Beta's near-identical headline joining it (13:00), two single-report stories between. */
async function seed(store: Store) {
  await store.syncSources([
    makeSource({ id: 'a', title: 'Alpha' }),
    makeSource({ id: 'b', title: 'Beta' }),
    makeSource({ id: 'c', title: 'Gamma' }),
  ])
  const acme = makeItem({ sourceId: 'a', identityKey: 'acme', title: 'Acme breach exposes 1.2M', publishedAt: '2026-02-10T10:00:00.000Z' })
  const acmeId = await add(store, acme)
  const other = await add(store, makeItem({ sourceId: 'a', identityKey: 'other', publishedAt: '2026-02-10T11:00:00.000Z' }))
  const gamma = await add(store, makeItem({ sourceId: 'c', identityKey: 'gamma', publishedAt: '2026-02-10T12:00:00.000Z' }))
  const follow = await add(
    store,
    makeItem({ sourceId: 'b', identityKey: 'follow', title: 'Acme breach exposes 1.2M people', publishedAt: '2026-02-10T13:00:00.000Z' }),
  )
  const acmeStory = (await store.getItem(acmeId))!.storyId
  await store.assignStory(follow, { storyId: acmeStory, itemId: acmeId, reason: 'similar_title', score: 0.9 })
  return { acme, acmeId, other, gamma, follow, acmeStory }
}

describe('stories on both engines', () => {
  it('getStory: every report earliest first, why each joined in code and words, the revisions', async () => {
    const answer = await onBoth(async (store) => {
      const s = await seed(store)
      await store.upsertItems('a', [makeItem({ ...s.acme, title: 'Acme breach exposes 2.5M', contentHash: undefined })], later)
      const facts = {
        organizations: ['Acme Corp'],
        actors: [],
        records: 2_500_000,
        dataTypes: ['ssn' as const],
        sector: null,
        country: 'US',
      }
      await store.saveFacts(s.follow, facts, 'extracted')
      return { ...s, story: await store.getStory(s.acmeStory), missing: await store.getStory(9999), item: await store.getItem(s.acmeId) }
    })
    const story = answer.story!
    expect(story).toMatchObject({
      id: answer.acmeStory,
      title: 'Acme breach exposes 2.5M',
      firstPublished: '2026-02-10T10:00:00.000Z',
      // The revision (seen at `later`) is newer than the newest report.
      lastActivity: later,
    })
    // The story's facts merge its reports' (here only the follow-up has any).
    expect(story.facts).toEqual({
      organizations: ['Acme Corp'],
      actors: [],
      records: 2_500_000,
      dataTypes: ['ssn'],
      sector: null,
      country: 'US',
    })
    expect(story.reports.map((r) => [r.id, r.source.id, r.reason, r.reasonText])).toEqual([
      [answer.acmeId, 'a', null, 'first to report'],
      [answer.follow, 'b', 'similar_title', 'near-identical headline 3 hours later than Alpha'],
    ])
    expect(story.reports[0]).toMatchObject({ storyId: answer.acmeStory, revisionCount: 1, updated: later })
    expect(story.reports[1]).toMatchObject({ storyId: answer.acmeStory, revisionCount: 0, updated: null })
    expect(story.revisions).toEqual([
      { itemId: answer.acmeId, at: later, changes: { title: ['Acme breach exposes 1.2M', 'Acme breach exposes 2.5M'] } },
    ])
    // The edit changed the title in place; the item keeps its publication date.
    expect(answer.item).toMatchObject({ title: 'Acme breach exposes 2.5M', publishedAt: '2026-02-10T10:00:00.000Z' })
    expect(answer.missing).toBeUndefined()
  })

  it('orders stories by their newest report (a follow-up lifts its story), or by first report with order=first', async () => {
    const answer = await onBoth(async (store) => {
      const s = await seed(store)
      const ids = async (order?: 'first') => {
        const page = await store.listStories({ limit: 10, ...(order === undefined ? {} : { order }) })
        return page.stories.map((story) => story.reports[0]!.id)
      }
      const river = (await store.listItems({ limit: 10 })).items.map((item) => item.id)
      const first = (await store.listItems({ limit: 10, order: 'first' })).items.map((item) => item.id)
      const onePage = await store.listStories({ limit: 1 })
      const next = await store.listStories({ limit: 1, cursor: onePage.nextCursor! })
      const fromBeta = await store.listStories({ limit: 10, sources: ['b'] })
      return { s, byActivity: await ids(), byFirst: await ids('first'), river, first, onePage, next, fromBeta }
    })
    const { s } = answer
    expect(answer.byActivity).toEqual([s.acmeId, s.gamma, s.other])
    expect(answer.byFirst).toEqual([s.gamma, s.other, s.acmeId])
    expect(answer.river).toEqual([s.acmeId, s.gamma, s.other])
    expect(answer.first).toEqual([s.gamma, s.other, s.acmeId])
    expect(answer.onePage.stories.map((story) => story.id)).toEqual([s.acmeStory])
    expect(answer.next.stories.map((story) => story.reports[0]!.id)).toEqual([s.gamma])
    expect(answer.onePage.stories[0]).not.toHaveProperty('revisions')
    // ?source= keeps stories with a report from it, whole (every report listed).
    expect(answer.fromBeta.stories.map((story) => story.reports.map((r) => r.id))).toEqual([[s.acmeId, s.follow]])
  })

  it('pages a filtered story list by cursor in activity order, each story once, represented by its earliest matching report', async () => {
    const answer = await onBoth(async (store) => {
      await store.syncSources([makeSource({ id: 'a' }), makeSource({ id: 'b' })])
      const at = (h: number) => `2026-02-10T${String(h).padStart(2, '0')}:00:00.000Z`
      const ids: number[] = []
      for (const [source, hour, categories] of [
        ['a', 1, ['Breach']],
        ['a', 2, []],
        ['b', 3, ['breach']],
        ['a', 4, ['Breach']],
        ['b', 5, ['Breach']],
      ] as const) {
        ids.push(await add(store, makeItem({ sourceId: source, publishedAt: at(hour), categories: [...categories] })))
      }
      // Item 5 (b, 05:00) joins item 2's story (no category itself): that story is active at 05:00 and matches through item 5.
      await store.assignStory(ids[4]!, {
        storyId: (await store.getItem(ids[1]!))!.storyId,
        itemId: ids[1]!,
        reason: 'similar_title',
        score: 0.9,
      })
      const walked: number[][] = []
      let cursor: string | undefined
      do {
        const page: Awaited<ReturnType<Store['listStories']>> = await store.listStories({
          limit: 1,
          category: 'breach',
          ...(cursor ? { cursor } : {}),
        })
        walked.push(...page.stories.map((story) => story.reports.map((r) => r.id)))
        cursor = page.nextCursor ?? undefined
      } while (cursor !== undefined)
      const river = (await store.listItems({ limit: 10, category: 'breach' })).items.map((item) => item.id)
      return { ids, walked, river }
    })
    const [one, two, three, four, five] = answer.ids
    expect(answer.walked).toEqual([[two, five], [four], [three], [one]])
    // The river shows each story once, by its earliest report carrying the category.
    expect(answer.river).toEqual([five, four, three, one])
  })

  it('a story whose newest report is pruned falls back to its newest remaining report', async () => {
    const answer = await onBoth(async (store) => {
      const s = await seed(store)
      await store.capSourceItems('b', 0, now)
      const storyOf = async (itemId: number) => (await store.getItem(itemId))!.storyId
      return {
        expected: [await storyOf(s.gamma), await storyOf(s.other), s.acmeStory],
        order: (await store.listStories({ limit: 10 })).stories.map((st) => st.id),
        lastActivity: (await store.getStory(s.acmeStory))?.lastActivity,
      }
    })
    expect(answer.order).toEqual(answer.expected)
    expect(answer.lastActivity).toBe('2026-02-10T10:00:00.000Z')
  })

  it('an entry whose only date is its last edit (Atom <updated>) keeps its place when edited', async () => {
    const answer = await onBoth(async (store) => {
      await store.syncSources([makeSource({ id: 'a' })])
      const first = '2026-02-01T00:00:00.000Z'
      const entry = makeItem({ sourceId: 'a', identityKey: 'e', title: 'Old', publishedAt: first, updatedAt: first })
      const id = await add(store, entry)
      const edited = makeItem({
        ...entry,
        title: 'New',
        publishedAt: '2026-02-20T00:00:00.000Z',
        updatedAt: '2026-02-20T00:00:00.000Z',
        contentHash: undefined,
      })
      await store.upsertItems('a', [edited], later)
      // A real change of the publication date (earlier) is kept, and recorded.
      const redated = makeItem({ ...edited, publishedAt: '2026-01-15T00:00:00.000Z', updatedAt: null, contentHash: undefined })
      await store.upsertItems('a', [redated], '2026-03-03T00:00:00.000Z')
      return { item: await store.getItem(id), story: await store.getStory((await store.getItem(id))!.storyId) }
    })
    expect(answer.item?.publishedAt).toBe('2026-01-15T00:00:00.000Z')
    expect(answer.story?.revisions.map((r) => r.changes)).toEqual([
      { title: ['Old', 'New'] },
      { published: ['2026-02-01T00:00:00.000Z', '2026-01-15T00:00:00.000Z'] },
    ])
  })

  it('a new guid on the same canonical URL (tracking parameter added) is the same item, updated in place, not a second entry', async () => {
    const answer = await onBoth(async (store) => {
      const source = makeSource({ id: 'a', title: 'Alpha' })
      await store.syncSources([source])
      const original = makeItem({
        sourceId: 'a',
        identityKey: 'guid-old',
        guid: 'old',
        url: 'https://a.example/2026/acme-breach',
        title: 'Acme breach',
      })
      const republished = makeItem({
        ...original,
        identityKey: 'guid-new',
        guid: 'new',
        url: 'https://www.a.example/2026/acme-breach/?utm_source=rss',
        summaryText: 'Updated summary',
        contentHash: undefined,
      })
      // A register whose rows all link to one page: different titles and dates stay apart.
      const rowOne = makeItem({
        sourceId: 'a',
        identityKey: 'row-1',
        url: 'https://a.example/register',
        title: 'Row one',
        publishedAt: '2026-01-02T00:00:00.000Z',
      })
      const rowTwo = makeItem({
        sourceId: 'a',
        identityKey: 'row-2',
        url: 'https://a.example/register',
        title: 'Row two',
        publishedAt: '2026-01-03T00:00:00.000Z',
      })
      const polls = []
      polls.push(await storeItems(store, source, [original, rowOne], now))
      polls.push(await storeItems(store, source, [republished, original, rowTwo], later))
      polls.push(await storeItems(store, source, [republished, original], '2026-03-03T00:00:00.000Z'))
      polls.push(await storeItems(store, source, [republished], '2026-03-04T00:00:00.000Z'))
      const river = await store.listItems({ limit: 10 })
      return { polls, count: await store.countItems('a'), river: river.items.map((i) => [i.title, i.summary, i.revisionCount]) }
    })
    expect(answer.count).toBe(3)
    expect(answer.river).toEqual([
      ['Row two', 'Summary of item row-2', 0],
      ['Row one', 'Summary of item row-1', 0],
      ['Acme breach', 'Updated summary', 1],
    ])
    expect(answer.polls).toEqual([
      { inserted: 2, updated: 0, unchanged: 0 },
      // The republication updates the article; the old guid in the same feed does not write it back.
      { inserted: 1, updated: 1, unchanged: 1 },
      { inserted: 0, updated: 0, unchanged: 2 },
      { inserted: 0, updated: 0, unchanged: 1 },
    ])
  })
})
