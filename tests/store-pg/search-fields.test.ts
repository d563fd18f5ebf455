// Search reads more than titles and summaries, on both engines: the content's text, the
// categories and the source's title, and follows a source renaming.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/index.js'
import { openPostgresStore } from '../../src/store/postgres/index.js'
import type { Store } from '../../src/types.js'
import { startTestPostgres } from '../helpers/postgres.js'
import { makeItem, makeSource } from '../helpers/store.js'

const server = await startTestPostgres('PostgreSQL search fields conformance')
const now = '2026-03-01T00:00:00.000Z'
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

const titlesOf = async (store: Store, q: string): Promise<string[]> =>
  (await store.searchItems({ q, limit: 50 })).items.map((item) => item.title).sort()

describe('search fields on both engines', () => {
  it('finds posts by category, by source title and by the text of their content', async () => {
    const answer = await onBoth(async (store) => {
      await store.syncSources([makeSource({ id: 'hj', title: 'The HIPAA Journal' }), makeSource({ id: 'rec', title: 'The Record' })])
      const items = [
        makeItem({ sourceId: 'hj', title: 'Clinic notifies 4,000 patients' }),
        makeItem({ sourceId: 'rec', title: 'Hospital email account compromised', categories: ['HIPAA Breach News'] }),
        makeItem({ sourceId: 'rec', title: 'Retailer hit', contentHtml: '<p>The <b>skimmer</b> ran for months.</p>' }),
        makeItem({ sourceId: 'rec', title: 'Unrelated' }),
      ]
      for (const item of items) await store.upsertItems(item.sourceId, [item], now)
      const hipaa = await titlesOf(store, 'hipaa')
      const skimmer = await titlesOf(store, 'skimmer')
      const both = await titlesOf(store, 'hipaa clinic')
      const filtered = (await store.listItems({ q: 'hipaa', limit: 50, each: 'report' })).items.length
      await store.syncSources([makeSource({ id: 'hj', title: 'Health Privacy Journal' }), makeSource({ id: 'rec', title: 'The Record' })])
      return { hipaa, skimmer, both, filtered, renamed: await titlesOf(store, 'hipaa'), journal: await titlesOf(store, 'privacy journal') }
    })
    expect(answer.hipaa).toEqual(['Clinic notifies 4,000 patients', 'Hospital email account compromised'])
    expect(answer.skimmer).toEqual(['Retailer hit'])
    // Terms from different fields of one post: the title and the source's name.
    expect(answer.both).toEqual(['Clinic notifies 4,000 patients'])
    expect(answer.filtered).toBe(2)
    expect(answer.renamed).toEqual(['Hospital email account compromised'])
    expect(answer.journal).toEqual(['Clinic notifies 4,000 patients'])
  })

  it('lists one hit per story (its best report) unless each=report or a source is asked for', async () => {
    const answer = await onBoth(async (store) => {
      await store.syncSources([makeSource({ id: 'a', title: 'Alpha' }), makeSource({ id: 'b', title: 'Beta' })])
      const lead = makeItem({ sourceId: 'a', title: 'Acme breach', publishedAt: '2026-02-01T00:00:00.000Z' })
      const follow = makeItem({ sourceId: 'b', title: 'Acme breach: Acme confirms', publishedAt: '2026-02-02T00:00:00.000Z' })
      const other = makeItem({ sourceId: 'b', title: 'Acme sued', publishedAt: '2026-02-03T00:00:00.000Z' })
      for (const item of [lead, follow, other]) await store.upsertItems(item.sourceId, [item], now)
      await store.assignStory(2, { storyId: (await store.getItem(1))!.storyId, itemId: 1, reason: 'similar_title', score: 0.9 })
      const ids = async (extra: { each?: 'report'; sources?: string[] }) =>
        (await store.searchItems({ q: 'acme', limit: 10, ...extra })).items.map((item) => item.id).sort()
      return { stories: await ids({}), reports: await ids({ each: 'report' }), beta: await ids({ sources: ['b'] }) }
    })
    // Items 1 and 2 are one story: its better-ranked report (2 says "Acme" twice) stands for it.
    expect(answer.stories).toEqual([2, 3])
    expect(answer.reports).toEqual([1, 2, 3])
    expect(answer.beta).toEqual([2, 3])
  })
})
